package org.omnireward.rm.encoder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnireward.rm.onnx.OnnxModelReader;

/**
 * The parameters of a BERT encoder under their Hugging Face names
 * ({@code embeddings.word_embeddings.weight}, {@code encoder.layer.3.attention.self.query.weight} …)
 * in PyTorch's layout (a linear layer's weight is {@code [out, in]}), taken from the initializers
 * of an exported ONNX graph.
 *
 * <p>Exporters keep the names of biases, embeddings and layer norms, but a linear layer's weight
 * becomes the second input of a {@code MatMul}, often under a generic name such as
 * {@code onnx::MatMul_787} and stored {@code [in, out]}. Each such initializer is named here after
 * the bias that the {@code Add} consuming its {@code MatMul}'s output adds ({@code ….bias} →
 * {@code ….weight}) and transposed.
 */
public final class BertWeights {

    private final Map<String, float[]> values;
    private final Map<String, long[]> shapes;

    private BertWeights(Map<String, float[]> values, Map<String, long[]> shapes) {
        this.values = values;
        this.shapes = shapes;
    }

    /**
     * The weights of {@code graph} checked against {@code config}.
     *
     * @throws IllegalArgumentException naming the first parameter that is missing or mis-shaped
     */
    public static BertWeights fromOnnx(OnnxModelReader.Graph graph, BertConfig config) {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, OnnxModelReader.Node> addByInput = new HashMap<>();
        for (OnnxModelReader.Node node : graph.nodes()) {
            if (node.opType().equals("Add")) {
                for (String input : node.inputs()) {
                    addByInput.put(input, node);
                }
            }
        }
        Map<String, OnnxModelReader.Tensor> init = graph.initializers();
        for (OnnxModelReader.Tensor t : init.values()) {
            if (t.values() != null && !t.name().startsWith("onnx::")) {
                values.put(t.name(), t.values());
                shapes.put(t.name(), t.dims());
            }
        }
        for (OnnxModelReader.Node node : graph.nodes()) {
            if (!node.opType().equals("MatMul") || node.inputs().size() != 2) {
                continue;
            }
            OnnxModelReader.Tensor weight = init.get(node.inputs().get(1));
            if (weight == null || weight.values() == null || weight.dims().length != 2) {
                continue;
            }
            OnnxModelReader.Node add = addByInput.get(node.outputs().get(0));
            String bias = add == null
                    ? null
                    : add.inputs().stream()
                            .filter(n -> !n.equals(node.outputs().get(0)) && init.containsKey(n) && n.endsWith(".bias"))
                            .findFirst()
                            .orElse(null);
            if (bias == null) {
                throw new IllegalArgumentException("the weight " + weight.name() + " of MatMul " + node.name()
                        + " has no bias Add after it: cannot tell which layer it belongs to");
            }
            String name = bias.substring(0, bias.length() - ".bias".length()) + ".weight";
            int in = (int) weight.dims()[0];
            int out = (int) weight.dims()[1];
            values.put(name, transpose(weight.values(), in, out));
            shapes.put(name, new long[] {out, in});
        }
        BertWeights w = new BertWeights(values, shapes);
        for (Map.Entry<String, long[]> e : expectedShapes(config).entrySet()) {
            long[] have = shapes.get(e.getKey());
            if (have == null) {
                throw new IllegalArgumentException("the encoder has no parameter " + e.getKey());
            }
            if (!java.util.Arrays.equals(have, e.getValue())) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " has shape "
                        + java.util.Arrays.toString(have) + ", expected " + java.util.Arrays.toString(e.getValue()));
            }
        }
        return w;
    }

    /** Every parameter an encoder of {@code config} needs, with its shape, in a fixed order. */
    public static Map<String, long[]> expectedShapes(BertConfig c) {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("embeddings.word_embeddings.weight", new long[] {c.vocabulary(), c.hidden()});
        s.put("embeddings.position_embeddings.weight", new long[] {c.maxPositions(), c.hidden()});
        s.put("embeddings.token_type_embeddings.weight", new long[] {c.typeVocabulary(), c.hidden()});
        s.put("embeddings.LayerNorm.weight", new long[] {c.hidden()});
        s.put("embeddings.LayerNorm.bias", new long[] {c.hidden()});
        for (int i = 0; i < c.layers(); i++) {
            s.putAll(layerShapes(c, i));
        }
        return s;
    }

    /** The parameters of layer {@code i}, with their shapes. */
    public static Map<String, long[]> layerShapes(BertConfig c, int i) {
        Map<String, long[]> s = new LinkedHashMap<>();
        String p = "encoder.layer." + i + ".";
        for (String n : List.of(
                "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense")) {
            s.put(p + n + ".weight", new long[] {c.hidden(), c.hidden()});
            s.put(p + n + ".bias", new long[] {c.hidden()});
        }
        s.put(p + "attention.output.LayerNorm.weight", new long[] {c.hidden()});
        s.put(p + "attention.output.LayerNorm.bias", new long[] {c.hidden()});
        s.put(p + "intermediate.dense.weight", new long[] {c.intermediate(), c.hidden()});
        s.put(p + "intermediate.dense.bias", new long[] {c.intermediate()});
        s.put(p + "output.dense.weight", new long[] {c.hidden(), c.intermediate()});
        s.put(p + "output.dense.bias", new long[] {c.hidden()});
        s.put(p + "output.LayerNorm.weight", new long[] {c.hidden()});
        s.put(p + "output.LayerNorm.bias", new long[] {c.hidden()});
        return s;
    }

    /** The values of parameter {@code name} (row-major in its shape). */
    public float[] values(String name) {
        float[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return v;
    }

    /** The shape of parameter {@code name}. */
    public long[] shape(String name) {
        long[] s = shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return s.clone();
    }

    /** All parameter names, in file order. */
    public List<String> names() {
        return new ArrayList<>(values.keySet());
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }
}
