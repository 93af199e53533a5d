package org.omnireward.rm.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.omnireward.core.util.Json;
import org.omnireward.testing.SharedTestData;

/**
 * The bases LangChain4j ships only quantized ({@code bge-small}, {@code e5-small}): the DJL encoder
 * on the dequantized weights against ONNX Runtime running the same quantized ONNX file, on 30 shared
 * texts of up to 128 tokens, each pooled as the base pools ({@code [CLS]} for bge, mean for e5). ONNX
 * Runtime also quantizes the activations to 8 bits at run time and the float encoder does not, so
 * the two agree closely but not to float rounding (as the MiniLM parity test requires).
 */
class QuantizedBaseParityIT {

    @ParameterizedTest
    @ValueSource(strings = {"bge-small", "e5-small"})
    void dequantized_encoder_matches_onnx_runtime_on_the_quantized_file(String name) throws Exception {
        Path file = SharedTestData.file(
                "QuantizedBaseParityIT", "text-preferences/alpaca_eval/gpt4_0314__alpaca_eval_gpt4.json");
        JsonNode records = Json.mapper().readTree(file.toFile());
        BaseModels.Base base = BaseModels.byName(name);
        BaseModels.Loaded loaded = BaseModels.load(base);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (WordPieces pieces = WordPieces.of(base);
                OrtSession session = env.createSession(BaseModels.resource(base, base.onnxResource()));
                NDManager manager = org.omnireward.rm.RmEngine.newManager();
                BertEncoder djl = new BertEncoder(base.config(), loaded.weights(), manager)) {
            Set<String> distinct = new LinkedHashSet<>();
            for (JsonNode r : records) {
                for (String t :
                        List.of(r.get("instruction").asText(), r.get("output_2").asText())) {
                    if (distinct.size() < 30 && pieces.sentence(t).length <= 128) {
                        distinct.add(t);
                    }
                }
            }
            List<String> texts = new ArrayList<>(distinct);
            double worst = 1;
            double sum = 0;
            for (String text : texts) {
                long[] ids = pieces.sentence(text);
                long[][] ids2 = {ids};
                long[][] ones = {new long[ids.length]};
                java.util.Arrays.fill(ones[0], 1);
                float[][][] hidden;
                try (OnnxTensor i = OnnxTensor.createTensor(env, ids2);
                        OnnxTensor m = OnnxTensor.createTensor(env, ones);
                        OnnxTensor t = OnnxTensor.createTensor(env, new long[1][ids.length]);
                        OrtSession.Result out =
                                session.run(Map.of("input_ids", i, "attention_mask", m, "token_type_ids", t))) {
                    hidden = (float[][][]) out.get(0).getValue();
                }
                float[] expected = pool(hidden[0], base.pooling());
                float[] got;
                try (NDManager scope = manager.newSubManager()) {
                    Shape shape = new Shape(1, ids.length);
                    NDArray x = djl.forward(
                            scope.create(ids, shape),
                            scope.zeros(shape, DataType.INT64),
                            scope.ones(shape, DataType.INT64));
                    float[] flat = x.toFloatArray();
                    float[][] rows = new float[ids.length][base.config().hidden()];
                    for (int k = 0; k < ids.length; k++) {
                        System.arraycopy(flat, k * rows[k].length, rows[k], 0, rows[k].length);
                    }
                    got = pool(rows, base.pooling());
                }
                double c = BertEncoderParityIT.cosine(got, expected);
                worst = Math.min(worst, c);
                sum += c;
            }
            System.out.printf(
                    "[parity] %s: %d texts, cosine to ONNX Runtime's quantized run: lowest %.5f, mean %.5f%n",
                    name, texts.size(), worst, sum / texts.size());
            assertThat(texts).hasSize(30);
            assertThat(sum / texts.size()).isGreaterThanOrEqualTo(0.99);
            assertThat(worst).isGreaterThanOrEqualTo(0.97);
        }
    }

    private static float[] pool(float[][] rows, BaseModels.Pooling pooling) {
        if (pooling == BaseModels.Pooling.CLS) {
            return rows[0].clone();
        }
        float[] mean = new float[rows[0].length];
        for (float[] r : rows) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += r[j] / rows.length;
            }
        }
        return mean;
    }
}
