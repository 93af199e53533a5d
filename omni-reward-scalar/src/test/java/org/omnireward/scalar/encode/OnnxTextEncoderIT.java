package org.omnireward.scalar.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.omnireward.core.InvalidInputException;
import org.omnireward.scalar.Encoder;

/** The two shipped ONNX encoders (loads onnxruntime and the DJL tokenizer natives). */
class OnnxTextEncoderIT {

    static final Map<String, Encoder> ENCODERS = new java.util.HashMap<>();

    static final String SHORT = "Prefer the answer a ten-year-old understands.";

    @BeforeAll
    static void load() {
        for (String name : TextEncoders.names()) {
            ENCODERS.put(name, TextEncoders.create(name, 2));
        }
    }

    @AfterAll
    static void close() {
        ENCODERS.values().forEach(Encoder::close);
    }

    static Encoder encoder(String name) {
        return ENCODERS.get(name);
    }

    static float[] encode(Encoder encoder, String text) {
        return encoder.encodeTexts(List.of(text)).get(0);
    }

    /** Distinct words, so that every word is at least one word piece: {@code count} words from {@code first}. */
    static String words(int first, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            text.append("word").append(i).append(i % 12 == 11 ? ". " : " ");
        }
        return text.toString().strip();
    }

    static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    @Test
    void identifies_the_model_and_the_langchain4j_version() {
        assertThat(encoder("minilm").id()).isEqualTo("all-minilm-l6-v2@1.11.0-beta19");
        assertThat(encoder("bge-small").id()).isEqualTo("bge-small-en-v1.5-q@1.11.0-beta19");
        assertThat(encoder("minilm").maxTokens()).isEqualTo(126);
        assertThat(encoder("bge-small").maxTokens()).isEqualTo(510);
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "bge-small"})
    void vectors_have_the_dimension_and_unit_length(String name) {
        Encoder encoder = encoder(name);
        assertThat(encoder.dimension()).isEqualTo(384);
        for (float[] v : encoder.encodeTexts(List.of(SHORT, "x", words(0, 400), "", "日本語のテキスト"))) {
            assertThat(v).hasSize(384);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "bge-small"})
    void same_text_gives_the_same_vector_alone_or_in_any_batch(String name) {
        Encoder encoder = encoder(name);
        List<String> texts =
                List.of(SHORT, "A second, unrelated sentence about cooking pasta.", words(0, 300), "short");
        List<float[]> batch = encoder.encodeTexts(texts);
        List<float[]> reversed = encoder.encodeTexts(List.of(texts.get(3), texts.get(2), texts.get(1), texts.get(0)));
        for (int i = 0; i < texts.size(); i++) {
            assertThat(encode(encoder, texts.get(i))).as("text %d alone", i).containsExactly(batch.get(i));
            assertThat(reversed.get(texts.size() - 1 - i))
                    .as("text %d reversed batch", i)
                    .containsExactly(batch.get(i));
        }
        assertThat(batch.get(0)).isNotEqualTo(batch.get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "bge-small"})
    void matches_langchain4j_own_model_class_on_short_and_long_texts(String name) {
        EmbeddingModel reference =
                name.equals("minilm") ? new AllMiniLmL6V2EmbeddingModel() : new BgeSmallEnV15QuantizedEmbeddingModel();
        Encoder encoder = encoder(name);
        for (String text : List.of(SHORT, words(0, 900))) {
            float[] expected = reference.embed(text).content().vector();
            float[] actual = encode(encoder, text);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "bge-small"})
    void only_the_first_max_tokens_word_pieces_count(String name) {
        Encoder encoder = encoder(name);
        int limit = encoder.maxTokens();
        // "wordN" is two or more word pieces, so `limit` words reach past the limit
        String head = words(0, limit);
        float[] withTailA = encode(encoder, head + " " + words(5000, 200));
        float[] withTailB = encode(encoder, head + " completely different ending " + words(9000, 50));
        assertThat(withTailA).containsExactly(withTailB);
        float[] shorterHead = encode(encoder, words(0, limit / 4) + " " + words(5000, 200));
        assertThat(shorterHead).isNotEqualTo(withTailA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "bge-small"})
    void canonical_text_is_the_explicit_character_cut_and_is_idempotent(String name) {
        OnnxTextEncoder encoder = (OnnxTextEncoder) encoder(name);
        assertThat(encoder.maxChars()).isEqualTo(OnnxTextEncoder.CHARS_PER_WORD_PIECE * encoder.maxTokens());
        String huge = words(0, 20_000);
        String canonical = encoder.canonicalText(huge);
        assertThat(canonical.length()).isLessThanOrEqualTo(encoder.maxChars());
        assertThat(huge).startsWith(canonical);
        assertThat(encoder.canonicalText(canonical)).isEqualTo(canonical);
        assertThat(encoder.canonicalText("  padded\n")).isEqualTo("padded");
        assertThat(encode(encoder, huge)).containsExactly(encode(encoder, canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "bge-small"})
    void a_huge_text_costs_no_more_than_one_at_the_limit(String name) {
        Encoder encoder = encoder(name);
        String atLimit = words(0, encoder.maxTokens());
        String huge = words(0, 400_000); // about 4.4 MB: tokenising it all would take seconds
        encode(encoder, atLimit);
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            encode(encoder, atLimit);
        }
        long limitTime = System.nanoTime() - start;
        start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            encode(encoder, huge);
        }
        long hugeTime = System.nanoTime() - start;
        assertThat(hugeTime).as("3 huge texts vs 3 at the limit, ns").isLessThan(2 * limitTime + 1_500_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "bge-small"})
    void empty_whitespace_and_invisible_texts_give_one_fixed_unit_vector(String name) {
        Encoder encoder = encoder(name);
        List<float[]> vectors = encoder.encodeTexts(List.of("", "   ", "\n\t \r", "\u200B\u0000", "\uFFFD"));
        for (float[] v : vectors) {
            assertThat(v).containsExactly(vectors.get(0));
        }
        assertThat(norm(vectors.get(0))).isCloseTo(1.0, within(1e-5));
        assertThat(vectors.get(0)).isNotEqualTo(encode(encoder, "a"));
        assertThat(encoder.canonicalText(" \u200B ")).isEmpty();
        vectors.get(0)[0] = 7; // callers get their own copy
        assertThat(encode(encoder, "")[0]).isNotEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "bge-small"})
    void unpaired_surrogates_are_replaced_not_fatal(String name) {
        Encoder encoder = encoder(name);
        String broken = "caf\uD800e au lait \uDC00 with an emoji \uD83D\uDE00";
        float[] v = encode(encoder, broken);
        assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
        assertThat(v).containsExactly(encode(encoder, "caf\uFFFDe au lait \uFFFD with an emoji \uD83D\uDE00"));
        assertThat(encoder.canonicalText(broken)).doesNotContain("\uD800").contains("\uD83D\uDE00");
        // the BERT normaliser drops U+FFFD, so a replaced character vanishes from the model's view
        assertThat(v).containsExactly(encode(encoder, "cafe au lait with an emoji \uD83D\uDE00"));
    }

    @Test
    void a_null_text_is_rejected_with_its_index() {
        assertThatThrownBy(() -> encoder("minilm").encodeTexts(Arrays.asList("a", null, "c")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("text 1 of 3 is null")
                .hasMessageContaining("all-minilm-l6-v2");
        assertThatThrownBy(() -> encoder("minilm").encodeTexts(null)).isInstanceOf(InvalidInputException.class);
        assertThat(encoder("minilm").encodeTexts(List.of())).isEmpty();
    }

    @Test
    void concurrent_callers_get_the_same_vectors_as_one_caller() throws Exception {
        Encoder encoder = encoder("minilm");
        List<List<String>> batches = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            int first = b;
            batches.add(IntStream.range(0, 8)
                    .mapToObj(i -> "Sentence " + (first * 8 + i) + " about topic " + (i % 3))
                    .toList());
        }
        List<List<float[]>> expected =
                batches.stream().map(encoder::encodeTexts).toList();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<float[]>>> futures = batches.stream()
                    .map(b -> pool.submit(() -> encoder.encodeTexts(b)))
                    .toList();
            for (int b = 0; b < batches.size(); b++) {
                List<float[]> actual = futures.get(b).get(120, TimeUnit.SECONDS);
                for (int i = 0; i < actual.size(); i++) {
                    assertThat(actual.get(i)).containsExactly(expected.get(b).get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_closed_encoder_refuses_work() {
        Encoder encoder = TextEncoders.create("minilm", 1);
        assertThat(encode(encoder, "works")).hasSize(384);
        encoder.close();
        encoder.close();
        assertThatThrownBy(() -> encoder.encodeTexts(List.of("a", "b")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void cached_vectors_are_the_encoders_bit_for_bit_across_instances(@TempDir Path dir) {
        Encoder encoder = encoder("bge-small");
        List<String> texts = List.of(SHORT, words(0, 700), "", "  " + SHORT + "  ");
        List<float[]> direct = encoder.encodeTexts(texts);
        CachedEncoder first = new CachedEncoder(encoder, EmbeddingCache.open(dir, encoder.id(), encoder.dimension()));
        List<float[]> viaCache = first.encodeTexts(texts);
        first.cache().close(); // not first.close(): the shared encoder stays open
        assertThat(first.encoded()).isEqualTo(3); // SHORT and its padded copy share one entry
        CachedEncoder second = new CachedEncoder(encoder, EmbeddingCache.open(dir, encoder.id(), encoder.dimension()));
        List<float[]> fromDisk = second.encodeTexts(texts);
        second.cache().close();
        assertThat(second.encoded()).isZero();
        for (int i = 0; i < texts.size(); i++) {
            assertThat(viaCache.get(i)).containsExactly(direct.get(i));
            assertThat(fromDisk.get(i)).containsExactly(direct.get(i));
        }
    }
}
