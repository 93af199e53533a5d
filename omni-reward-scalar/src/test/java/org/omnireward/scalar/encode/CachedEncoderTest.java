package org.omnireward.scalar.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.NonRetriableException;
import org.omnireward.scalar.Encoder;

class CachedEncoderTest {

    @TempDir
    Path dir;

    static List<String> texts(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "text " + i).toList();
    }

    static void assertSameVectors(List<float[]> actual, List<float[]> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i)).as("vector %d", i).containsExactly(expected.get(i));
        }
    }

    @Test
    void gives_the_wrapped_encoders_vectors_and_its_identity() {
        FakeEncoder fake = new FakeEncoder();
        try (CachedEncoder cached = CachedEncoder.open(fake, dir)) {
            assertThat(cached.id()).isEqualTo("fake@1");
            assertThat(cached.dimension()).isEqualTo(8);
            assertThat(cached.maxTokens()).isEqualTo(100);
            List<String> texts = texts(0, 20);
            assertSameVectors(cached.encodeTexts(texts), new FakeEncoder().encodeTexts(texts));
            assertSameVectors(cached.encodeTexts(texts), new FakeEncoder().encodeTexts(texts));
        }
    }

    @Test
    void encodes_only_the_misses_each_distinct_text_once() {
        FakeEncoder fake = new FakeEncoder();
        try (CachedEncoder cached = CachedEncoder.open(fake, dir)) {
            cached.encodeTexts(texts(0, 5));
            assertThat(fake.batches).containsExactly(texts(0, 5));
            List<String> mixed = List.of("text 3", "text 7", "text 0", "text 7", "  text 8 ", "text 8");
            List<float[]> vectors = cached.encodeTexts(mixed);
            assertThat(fake.batches).hasSize(2);
            assertThat(fake.batches.get(1)).containsExactly("text 7", "text 8");
            assertSameVectors(vectors, new FakeEncoder().encodeTexts(mixed));
            assertThat(vectors.get(1)).isNotSameAs(vectors.get(3)); // repeats get their own arrays
            assertThat(cached.hits()).isEqualTo(2);
            assertThat(cached.encoded()).isEqualTo(7);
        }
    }

    @Test
    void a_new_instance_over_the_same_directory_encodes_nothing_again() {
        try (CachedEncoder first = CachedEncoder.open(new FakeEncoder(), dir)) {
            first.encodeTexts(texts(0, 300));
        }
        FakeEncoder fake = new FakeEncoder();
        try (CachedEncoder second = CachedEncoder.open(fake, dir)) {
            assertSameVectors(second.encodeTexts(texts(0, 300)), new FakeEncoder().encodeTexts(texts(0, 300)));
            assertThat(fake.batches).isEmpty();
            assertThat(second.hits()).isEqualTo(300);
        }
    }

    @Test
    void misses_go_to_the_encoder_in_batches_and_each_batch_is_stored_when_done() {
        FakeEncoder fake = new FakeEncoder();
        try (CachedEncoder cached = CachedEncoder.open(fake, dir)) {
            cached.encodeTexts(texts(0, 600));
            assertThat(fake.batches).extracting(List::size).containsExactly(256, 256, 88);
        }
        // an encoder that fails on its third batch: the first two are kept
        FakeEncoder failing = new FakeEncoder() {
            @Override
            public List<float[]> encodeTexts(List<String> texts) {
                if (batches.size() == 2) {
                    throw new NonRetriableException("boom");
                }
                return super.encodeTexts(texts);
            }
        };
        try (CachedEncoder cached = CachedEncoder.open(failing, dir)) {
            assertThatThrownBy(() -> cached.encodeTexts(texts(600, 1300))).hasMessage("boom");
            assertThat(cached.cache().size()).isEqualTo(600 + 512);
        }
    }

    @Test
    void texts_with_the_same_canonical_form_share_one_entry() {
        FakeEncoder fake = new FakeEncoder();
        try (CachedEncoder cached = CachedEncoder.open(fake, dir)) {
            cached.encodeTexts(List.of("same"));
            cached.encodeTexts(List.of("  same\n"));
            assertThat(fake.textsEncoded()).isEqualTo(1);
            assertThat(cached.cache().contains(TextHash.of("same"))).isTrue();
        }
    }

    @Test
    void a_null_text_is_rejected_with_its_index_and_an_empty_list_gives_no_vectors() {
        try (CachedEncoder cached = CachedEncoder.open(new FakeEncoder(), dir)) {
            assertThatThrownBy(() -> cached.encodeTexts(Arrays.asList("a", null, "c")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("text 1 of 3 is null");
            assertThat(cached.encodeTexts(List.of())).isEmpty();
        }
    }

    @Test
    void an_encoder_returning_the_wrong_shape_or_nan_is_an_error_and_nothing_is_cached() {
        Encoder broken = new FakeEncoder() {
            @Override
            public List<float[]> encodeTexts(List<String> texts) {
                List<float[]> out = new ArrayList<>(super.encodeTexts(texts));
                out.set(out.size() - 1, new float[3]);
                return out;
            }
        };
        try (CachedEncoder cached = CachedEncoder.open(broken, dir)) {
            assertThatThrownBy(() -> cached.encodeTexts(texts(0, 2)))
                    .isInstanceOf(NonRetriableException.class)
                    .hasMessageContaining("returned 3 values instead of 8 for text 1");
            assertThat(cached.cache().size()).isZero();
        }
        Encoder nan = new FakeEncoder() {
            @Override
            public List<float[]> encodeTexts(List<String> texts) {
                List<float[]> out = super.encodeTexts(texts);
                out.get(0)[2] = Float.NaN;
                return out;
            }
        };
        try (CachedEncoder cached = CachedEncoder.open(nan, dir)) {
            assertThatThrownBy(() -> cached.encodeTexts(List.of("diverged")))
                    .hasMessageContaining("non-finite value (NaN)")
                    .hasMessageContaining("\"diverged\"");
            assertThat(cached.cache().size()).isZero();
        }
    }

    @Test
    void refuses_a_cache_of_another_encoder() {
        try (EmbeddingCache cache = EmbeddingCache.open(dir, "other@1", 8)) {
            assertThatThrownBy(() -> new CachedEncoder(new FakeEncoder(), cache))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("other@1")
                    .hasMessageContaining("fake@1");
        }
    }

    @Test
    void close_closes_the_cache_and_the_wrapped_encoder() {
        FakeEncoder fake = new FakeEncoder();
        CachedEncoder cached = CachedEncoder.open(fake, dir);
        cached.close();
        assertThat(fake.closed()).isTrue();
        assertThatThrownBy(() -> cached.encodeTexts(List.of("x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrent_callers_with_overlapping_texts_all_get_correct_vectors() throws Exception {
        FakeEncoder fake = new FakeEncoder();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (CachedEncoder cached = CachedEncoder.open(fake, dir)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                List<String> batch = texts(t * 50, t * 50 + 400);
                futures.add(pool.submit(
                        () -> assertSameVectors(cached.encodeTexts(batch), new FakeEncoder().encodeTexts(batch))));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(cached.cache().size()).isEqualTo(11 * 50 + 400);
        } finally {
            pool.shutdownNow();
        }
        FakeEncoder again = new FakeEncoder();
        try (CachedEncoder cached = CachedEncoder.open(again, dir)) {
            cached.encodeTexts(texts(0, 950));
            assertThat(again.batches).isEmpty();
        }
    }
}
