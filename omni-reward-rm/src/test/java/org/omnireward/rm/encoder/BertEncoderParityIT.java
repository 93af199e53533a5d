package org.omnireward.rm.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.omnireward.core.util.Json;
import org.omnireward.testing.SharedTestData;

/**
 * The DJL encoder with the weights read from the ONNX file gives the sentence embeddings ONNX
 * Runtime gives (LangChain4j's all-MiniLM-L6-v2 model on the same ONNX file, which the scalar module's
 * {@code minilm} encoder runs) on 100 real texts of up to 128 tokens, the length both keep whole.
 */
class BertEncoderParityIT {

    @Test
    void djl_sentence_embeddings_match_onnx_runtime_on_100_shared_texts() throws Exception {
        Path file = SharedTestData.file(
                "BertEncoderParityIT", "text-preferences/alpaca_eval/gpt4_0314__alpaca_eval_gpt4.json");
        JsonNode records = Json.mapper().readTree(file.toFile());
        Set<String> distinct = new LinkedHashSet<>();
        BaseModels.Base base = BaseModels.byName("minilm");
        BaseModels.Loaded loaded = BaseModels.load(base);
        AllMiniLmL6V2EmbeddingModel onnx = new AllMiniLmL6V2EmbeddingModel();
        try (WordPieces pieces = WordPieces.of(base);
                NDManager manager = org.omnireward.rm.RmEngine.newManager();
                BertEncoder djl = new BertEncoder(base.config(), loaded.weights(), manager)) {
            for (JsonNode r : records) {
                for (String t :
                        List.of(r.get("instruction").asText(), r.get("output_2").asText())) {
                    if (distinct.size() < 100 && pieces.sentence(t).length <= 128) {
                        distinct.add(t);
                    }
                }
            }
            List<String> texts = new ArrayList<>(distinct);
            double worst = 1;
            long longest = 0;
            for (int i = 0; i < texts.size(); i++) {
                float[] expected = onnx.embed(texts.get(i)).content().vector();
                long[] ids = pieces.sentence(texts.get(i));
                longest = Math.max(longest, ids.length);
                long[] mask = new long[ids.length];
                java.util.Arrays.fill(mask, 1);
                float[] got = djl.sentenceEmbeddings(manager, new long[][] {ids}, new long[][] {mask})[0];
                worst = Math.min(worst, cosine(got, expected));
            }
            System.out.printf("[parity] 100 texts, up to %d tokens: lowest cosine %.7f%n", longest, worst);
            assertThat(texts).hasSize(100);
            assertThat(longest).isGreaterThan(120);
            assertThat(worst).isGreaterThanOrEqualTo(0.9999);
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
