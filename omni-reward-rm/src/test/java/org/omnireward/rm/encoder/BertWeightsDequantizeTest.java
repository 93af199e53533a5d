package org.omnireward.rm.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnireward.rm.onnx.OnnxModelReader;

/** Quantized weights become {@code (q − zero_point) × scale}, per tensor or per output column. */
class BertWeightsDequantizeTest {

    private static OnnxModelReader.Tensor t(String name, int type, float[] values, long... dims) {
        return new OnnxModelReader.Tensor(name, dims, type, values);
    }

    @Test
    void per_column_scales_and_zero_points() {
        OnnxModelReader.Tensor q = t("w_quantized", OnnxModelReader.INT8, new float[] {-3, 5, 0, 127}, 2, 2);
        Map<String, OnnxModelReader.Tensor> init = Map.of(
                "w_quantized", q,
                "w_scale", t("w_scale", 1, new float[] {0.5f, 2f}, 2),
                "w_zero_point", t("w_zero_point", OnnxModelReader.INT8, new float[] {1, -1}, 2));
        assertThat(BertWeights.dequantize(init, q)).containsExactly(-2f, 12f, -0.5f, 256f);
    }

    @Test
    void one_scale_for_the_tensor() {
        OnnxModelReader.Tensor q = t("e_quantized", OnnxModelReader.UINT8, new float[] {0, 128, 255}, 3);
        Map<String, OnnxModelReader.Tensor> init = Map.of(
                "e_quantized", q,
                "e_scale", t("e_scale", 1, new float[] {0.25f}),
                "e_zero_point", t("e_zero_point", OnnxModelReader.UINT8, new float[] {128}));
        assertThat(BertWeights.dequantize(init, q)).containsExactly(-32f, 0f, 31.75f);
    }

    @Test
    void a_quantized_weight_without_its_scale_is_refused_by_name() {
        OnnxModelReader.Tensor q = t("w_quantized", OnnxModelReader.INT8, new float[] {1}, 1);
        assertThatThrownBy(() -> BertWeights.dequantize(Map.of("w_quantized", q), q))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("w_quantized")
                .hasMessageContaining("w_scale");
    }

    @Test
    void the_bases_are_known_by_name() {
        assertThat(BaseModels.byName("bge-small").config().layers()).isEqualTo(12);
        assertThat(BaseModels.byName("E5-Small").quantized()).isTrue();
        assertThatThrownBy(() -> BaseModels.byName("bert-large")).hasMessageContaining("minilm, bge-small, e5-small");
    }
}
