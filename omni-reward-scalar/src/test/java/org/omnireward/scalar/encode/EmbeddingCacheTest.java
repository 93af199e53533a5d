package org.omnireward.scalar.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.NonRetriableException;

class EmbeddingCacheTest {

    static final String ID = "fake@1";
    static final int D = 8;

    @TempDir
    Path dir;

    final List<String> warnings = new CopyOnWriteArrayList<>();

    EmbeddingCache open() {
        return EmbeddingCache.open(dir, ID, D, warnings::add);
    }

    static TextHash key(int i) {
        return TextHash.of("text " + i);
    }

    static float[] vector(int i) {
        return FakeEncoder.vectorOf("text " + i, D);
    }

    static void put(EmbeddingCache cache, int from, int to) {
        List<TextHash> keys = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int i = from; i < to; i++) {
            keys.add(key(i));
            vectors.add(vector(i));
        }
        cache.putAll(keys, vectors);
    }

    long headerBytes() {
        return 8 + 12 + ID.length();
    }

    long recordBytes() {
        return EmbeddingCache.recordBytes(D);
    }

    @Test
    void returns_stored_vectors_bit_for_bit_and_null_for_unknown_keys() {
        try (EmbeddingCache cache = open()) {
            float[] odd = {Float.MIN_VALUE, -0.0f, 1e-30f, -1e30f, 0.1f, Float.MAX_VALUE, -Float.MIN_NORMAL, 3};
            assertThat(cache.putAll(List.of(key(1), key(2)), List.of(vector(1), odd)))
                    .isEqualTo(2);
            assertThat(cache.get(key(1))).containsExactly(vector(1));
            float[] back = cache.get(key(2));
            for (int i = 0; i < D; i++) {
                assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(odd[i]));
            }
            assertThat(cache.get(key(3))).isNull();
            assertThat(cache.size()).isEqualTo(2);
            cache.get(key(1))[0] = 42;
            assertThat(cache.get(key(1))).containsExactly(vector(1));
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void file_is_a_header_then_fixed_size_records_named_after_the_encoder() throws IOException {
        try (EmbeddingCache cache = open()) {
            put(cache, 0, 5);
            assertThat(cache.file().getFileName().toString()).isEqualTo("fake@1.emb");
        }
        Path file = dir.resolve("fake@1.emb");
        assertThat(Files.size(file)).isEqualTo(headerBytes() + 5 * recordBytes());
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file));
        byte[] magic = new byte[8];
        header.get(magic);
        assertThat(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("OMNIEMBC");
        assertThat(header.getInt()).isEqualTo(EmbeddingCache.FORMAT_VERSION);
        assertThat(header.getInt()).isEqualTo(D);
        assertThat(header.getInt()).isEqualTo(ID.length());
        byte[] first = new byte[TextHash.BYTES];
        header.position((int) headerBytes());
        header.get(first);
        assertThat(TextHash.fromBytes(first)).isEqualTo(key(0));
    }

    @Test
    void a_reopened_cache_serves_what_an_earlier_instance_wrote() {
        try (EmbeddingCache cache = open()) {
            put(cache, 0, 50);
        }
        try (EmbeddingCache cache = open()) {
            assertThat(cache.size()).isEqualTo(50);
            for (int i = 0; i < 50; i++) {
                assertThat(cache.get(key(i))).containsExactly(vector(i));
            }
            put(cache, 50, 60);
        }
        try (EmbeddingCache cache = open()) {
            assertThat(cache.size()).isEqualTo(60);
            assertThat(cache.get(key(55))).containsExactly(vector(55));
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void keys_already_present_are_not_written_again() throws IOException {
        try (EmbeddingCache cache = open()) {
            put(cache, 0, 3);
            assertThat(cache.putAll(List.of(key(1), key(3), key(3)), List.of(vector(1), vector(3), vector(3))))
                    .isEqualTo(1);
        }
        assertThat(Files.size(dir.resolve("fake@1.emb"))).isEqualTo(headerBytes() + 4 * recordBytes());
    }

    @Test
    void a_record_cut_short_by_a_crash_is_ignored_then_cut_off_by_the_next_write() throws IOException {
        try (EmbeddingCache cache = open()) {
            put(cache, 0, 3);
        }
        Path file = dir.resolve("fake@1.emb");
        long full = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(full - 10); // the last record lost its tail
        }
        try (EmbeddingCache cache = open()) {
            assertThat(cache.size()).isEqualTo(2);
            assertThat(cache.get(key(2))).isNull();
            assertThat(cache.get(key(1))).containsExactly(vector(1));
            assertThat(warnings)
                    .singleElement()
                    .asString()
                    .contains("truncated last record")
                    .contains(file.getFileName().toString());
            put(cache, 2, 4);
            assertThat(Files.size(file)).isEqualTo(headerBytes() + 4 * recordBytes());
        }
        warnings.clear();
        try (EmbeddingCache cache = open()) {
            assertThat(cache.size()).isEqualTo(4);
            assertThat(cache.get(key(2))).containsExactly(vector(2));
            assertThat(cache.get(key(3))).containsExactly(vector(3));
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void a_damaged_record_is_skipped_with_a_warning_and_the_others_still_serve() throws IOException {
        try (EmbeddingCache cache = open()) {
            put(cache, 0, 3);
        }
        Path file = dir.resolve("fake@1.emb");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long inSecondVector = headerBytes() + recordBytes() + TextHash.BYTES + 5;
            raf.seek(inSecondVector);
            int b = raf.read();
            raf.seek(inSecondVector);
            raf.write(b ^ 0x40);
        }
        try (EmbeddingCache cache = open()) {
            assertThat(cache.size()).isEqualTo(2);
            assertThat(cache.get(key(1))).isNull();
            assertThat(cache.get(key(0))).containsExactly(vector(0));
            assertThat(cache.get(key(2))).containsExactly(vector(2));
            assertThat(warnings).singleElement().asString().contains("1 damaged record");
            put(cache, 1, 2); // re-encoded texts go in again
            assertThat(cache.get(key(1))).containsExactly(vector(1));
        }
    }

    @Test
    void refuses_a_file_of_another_encoder_id() throws IOException {
        try (EmbeddingCache cache = EmbeddingCache.open(dir, "other@2", D, warnings::add)) {
            put(cache, 0, 2);
        }
        Files.move(dir.resolve("other@2.emb"), dir.resolve("fake@1.emb"));
        assertThatThrownBy(this::open)
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("fake@1.emb")
                .hasMessageContaining("'other@2'")
                .hasMessageContaining("'fake@1'")
                .hasMessageContaining("delete it or choose another cache directory");
        assertThat(Files.size(dir.resolve("fake@1.emb"))).isEqualTo(8 + 12 + 7 + 2 * recordBytes()); // untouched
    }

    @Test
    void refuses_a_file_of_the_same_id_with_another_dimension() {
        try (EmbeddingCache cache = open()) {
            put(cache, 0, 1);
        }
        assertThatThrownBy(() -> EmbeddingCache.open(dir, ID, 16, warnings::add))
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("(dimension 8)")
                .hasMessageContaining("(dimension 16)");
    }

    @Test
    void refuses_a_file_from_a_newer_format_version() throws IOException {
        try (EmbeddingCache cache = open()) {
            put(cache, 0, 1);
        }
        try (RandomAccessFile raf =
                new RandomAccessFile(dir.resolve("fake@1.emb").toFile(), "rw")) {
            raf.seek(8);
            raf.writeInt(EmbeddingCache.FORMAT_VERSION + 1);
        }
        assertThatThrownBy(this::open)
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("format version 2 by a newer omni-reward");
    }

    @Test
    void refuses_a_file_that_is_not_a_cache() throws IOException {
        Files.writeString(dir.resolve("fake@1.emb"), "{\"this\": \"is json, not a cache\"}");
        assertThatThrownBy(this::open)
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("not an omni-reward embedding cache");
        Files.write(dir.resolve("fake@1.emb"), new byte[] {'O', 'M'});
        assertThatThrownBy(this::open).isInstanceOf(NonRetriableException.class).hasMessageContaining("too short");
    }

    @Test
    void rejects_vectors_of_the_wrong_length_or_with_nan_and_writes_nothing() throws IOException {
        try (EmbeddingCache cache = open()) {
            assertThatThrownBy(() -> cache.putAll(List.of(key(0), key(1)), List.of(vector(0), new float[3])))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("vector 1 has 3 values");
            float[] nan = vector(1);
            nan[4] = Float.NaN;
            assertThatThrownBy(() -> cache.putAll(List.of(key(0), key(1)), List.of(vector(0), nan)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("non-finite");
            assertThat(cache.size()).isZero();
        }
        assertThat(Files.size(dir.resolve("fake@1.emb"))).isEqualTo(headerBytes());
    }

    @Test
    void concurrent_writers_and_readers_on_one_instance_lose_nothing_and_write_each_key_once() throws Exception {
        int threads = 8;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (EmbeddingCache cache = open()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int start = t * perThread / 2; // half of each range overlaps the next thread's
                futures.add(pool.submit(() -> {
                    for (int i = start; i < start + perThread; i += 10) {
                        put(cache, i, i + 10);
                        for (int j = i; j < i + 10; j++) {
                            assertThat(cache.get(key(j))).containsExactly(vector(j));
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int distinct = (threads - 1) * perThread / 2 + perThread;
        assertThat(Files.size(dir.resolve("fake@1.emb"))).isEqualTo(headerBytes() + distinct * recordBytes());
        try (EmbeddingCache cache = open()) {
            assertThat(cache.size()).isEqualTo(distinct);
            IntStream.range(0, distinct)
                    .forEach(i -> assertThat(cache.get(key(i))).containsExactly(vector(i)));
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void two_instances_on_one_file_append_without_corrupting_each_other() throws Exception {
        EmbeddingCache first = open();
        EmbeddingCache second = open();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = pool.submit(() -> IntStream.range(0, 100).forEach(i -> put(first, i * 2, i * 2 + 1)));
            Future<?> b = pool.submit(() -> IntStream.range(0, 100).forEach(i -> put(second, i * 2 + 1, i * 2 + 2)));
            a.get(60, TimeUnit.SECONDS);
            b.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            first.close();
            second.close();
        }
        try (EmbeddingCache cache = open()) {
            assertThat(cache.size()).isEqualTo(200);
            IntStream.range(0, 200).forEach(i -> assertThat(cache.get(key(i))).containsExactly(vector(i)));
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void closed_cache_refuses_use() {
        EmbeddingCache cache = open();
        cache.close();
        assertThatThrownBy(() -> cache.get(key(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> put(cache, 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void file_names_are_the_id_when_safe_and_a_hashed_form_otherwise() {
        assertThat(EmbeddingCache.fileFor(dir, "all-minilm-l6-v2@1.11.0-beta19")
                        .getFileName()
                        .toString())
                .isEqualTo("all-minilm-l6-v2@1.11.0-beta19.emb");
        String slash = EmbeddingCache.fileFor(dir, "a/b").getFileName().toString();
        String colon = EmbeddingCache.fileFor(dir, "a:b").getFileName().toString();
        assertThat(slash).startsWith("a_b-").endsWith(".emb").isNotEqualTo(colon);
        assertThat(EmbeddingCache.fileFor(dir, "../x").getParent()).isEqualTo(dir);
        assertThat(EmbeddingCache.fileFor(dir, "x".repeat(300))
                        .getFileName()
                        .toString()
                        .length())
                .isLessThan(130);
    }
}
