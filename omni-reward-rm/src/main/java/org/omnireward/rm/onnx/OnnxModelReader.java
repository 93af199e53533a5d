package org.omnireward.rm.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the graph of an ONNX model file: its float initializers (name, shape, values) and its
 * nodes (operator, inputs, outputs). A minimal reader of the protocol-buffer wire format of
 * {@code onnx.proto} written for this purpose (no protobuf library is on the class path, and ONNX
 * Runtime does not expose initializers); it understands the fields it needs and skips all others.
 *
 * <p>Fields read: {@code ModelProto.graph} (7); {@code GraphProto.node} (1) and
 * {@code .initializer} (5); {@code NodeProto.input} (1), {@code .output} (2), {@code .name} (3),
 * {@code .op_type} (4); {@code TensorProto.dims} (1, packed or not), {@code .data_type} (2),
 * {@code .float_data} (4), {@code .int32_data} (5), {@code .name} (8), {@code .raw_data} (9). FLOAT (1)
 * tensors keep their values; UINT8 (2) and INT8 (3) tensors — the weights and zero points of a
 * quantized model — keep their integer values, exactly, as floats (dequantizing them is
 * {@code BertWeights}' business); other initializers are listed with their shape and
 * no values. External data is refused.
 */
public final class OnnxModelReader {

    private static final int FLOAT = 1;
    /** ONNX's UINT8. */
    public static final int UINT8 = 2;
    /** ONNX's INT8. */
    public static final int INT8 = 3;

    private OnnxModelReader() {}

    /** One node of the graph. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

    /**
     * One initializer; {@code values} holds a FLOAT tensor's values or a UINT8/INT8 tensor's integers,
     * and is {@code null} for other types.
     */
    public record Tensor(String name, long[] dims, int dataType, float[] values) {
        /** The number of elements. */
        public long size() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }

    /** The nodes and initializers of a model's graph, in file order. */
    public record Graph(List<Node> nodes, Map<String, Tensor> initializers) {}

    /**
     * Parses {@code bytes}, an ONNX model file.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException for a file that is not a well-formed ONNX model
     */
    public static Graph read(byte[] bytes, String source) {
        try {
            Cursor model = new Cursor(bytes, 0, bytes.length);
            Graph graph = null;
            while (model.more()) {
                long key = model.varint();
                int field = (int) (key >>> 3);
                int wire = (int) (key & 7);
                if (field == 7 && wire == 2) {
                    graph = graph(model.sub());
                } else {
                    model.skip(wire);
                }
            }
            if (graph == null) {
                throw new IllegalArgumentException("no graph in the model");
            }
            return graph;
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(source + " is not a well-formed ONNX model: truncated at a field", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not a well-formed ONNX model: " + e.getMessage(), e);
        }
    }

    private static Graph graph(Cursor c) {
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        while (c.more()) {
            long key = c.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 1 && wire == 2) {
                nodes.add(node(c.sub()));
            } else if (field == 5 && wire == 2) {
                Tensor t = tensor(c.sub());
                initializers.put(t.name(), t);
            } else {
                c.skip(wire);
            }
        }
        return new Graph(List.copyOf(nodes), initializers);
    }

    private static Node node(Cursor c) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String op = "";
        while (c.more()) {
            long key = c.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (wire == 2 && field >= 1 && field <= 4) {
                String s = c.string();
                switch (field) {
                    case 1 -> inputs.add(s);
                    case 2 -> outputs.add(s);
                    case 3 -> name = s;
                    default -> op = s;
                }
            } else {
                c.skip(wire);
            }
        }
        return new Node(name, op, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static Tensor tensor(Cursor c) {
        TensorFields t = TensorFields.read(c);
        long[] shape = t.dims.stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] values = null;
        if (t.dataType == FLOAT) {
            values = floatValues(t, n);
        }
        if (t.dataType == UINT8 || t.dataType == INT8) {
            values = byteValues(t, n);
        }
        return new Tensor(t.name, shape, t.dataType, values);
    }

    /** The fields of a TensorProto as read; float and int32 data may come packed or one value at a time. */
    private static final class TensorFields {
        final List<Long> dims = new ArrayList<>();
        int dataType;
        String name = "";
        byte[] raw;
        List<Float> floats;
        List<Integer> ints;

        static TensorFields read(Cursor c) {
            TensorFields t = new TensorFields();
            while (c.more()) {
                long key = c.varint();
                int field = (int) (key >>> 3);
                int wire = (int) (key & 7);
                if (field == 1 && wire == 0) {
                    t.dims.add(c.varint());
                } else if (field == 1 && wire == 2) {
                    Cursor packed = c.sub();
                    while (packed.more()) {
                        t.dims.add(packed.varint());
                    }
                } else if (field == 2 && wire == 0) {
                    t.dataType = (int) c.varint();
                } else if (field == 4 && wire == 2) {
                    Cursor packed = c.sub();
                    t.floats = t.floats == null ? new ArrayList<>() : t.floats;
                    while (packed.more()) {
                        t.floats.add(Float.intBitsToFloat(packed.fixed32()));
                    }
                } else if (field == 4 && wire == 5) {
                    t.floats = t.floats == null ? new ArrayList<>() : t.floats;
                    t.floats.add(Float.intBitsToFloat(c.fixed32()));
                } else if (field == 5 && wire == 2) {
                    Cursor packed = c.sub();
                    t.ints = t.ints == null ? new ArrayList<>() : t.ints;
                    while (packed.more()) {
                        t.ints.add((int) packed.varint());
                    }
                } else if (field == 5 && wire == 0) {
                    t.ints = t.ints == null ? new ArrayList<>() : t.ints;
                    t.ints.add((int) c.varint());
                } else if (field == 8 && wire == 2) {
                    t.name = c.string();
                } else if (field == 9 && wire == 2) {
                    t.raw = c.bytes();
                } else if (field == 13 && wire == 2) {
                    throw new IllegalArgumentException("initializer uses external data, which is not supported");
                } else {
                    c.skip(wire);
                }
            }
            return t;
        }
    }

    /** The {@code n} values of a float tensor, from its raw little-endian bytes or its float list. */
    private static float[] floatValues(TensorFields t, long n) {
        if (t.raw != null) {
            if (t.raw.length != n * 4) {
                throw new IllegalArgumentException(
                        "initializer " + t.name + " has " + t.raw.length + " bytes of data for " + n + " floats");
            }
            float[] values = new float[(int) n];
            ByteBuffer.wrap(t.raw)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(values);
            return values;
        }
        if (t.floats != null) {
            if (t.floats.size() != n) {
                throw new IllegalArgumentException(
                        "initializer " + t.name + " has " + t.floats.size() + " floats for shape of " + n);
            }
            float[] values = new float[(int) n];
            for (int i = 0; i < values.length; i++) {
                values[i] = t.floats.get(i);
            }
            return values;
        }
        float[] values = new float[(int) n];
        if (n != 0) {
            throw new IllegalArgumentException("initializer " + t.name + " has no data");
        }
        return values;
    }

    /** The {@code n} values of a uint8 or int8 tensor, from its raw bytes or its int32 list. */
    private static float[] byteValues(TensorFields t, long n) {
        boolean unsigned = t.dataType == UINT8;
        float[] values = new float[(int) n];
        if (t.raw != null) {
            if (t.raw.length != n) {
                throw new IllegalArgumentException(
                        "initializer " + t.name + " has " + t.raw.length + " bytes of data for " + n + " bytes");
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = unsigned ? (t.raw[i] & 0xff) : t.raw[i];
            }
        } else if (t.ints != null && t.ints.size() == n) {
            for (int i = 0; i < values.length; i++) {
                values[i] = unsigned ? (t.ints.get(i) & 0xff) : (byte) (int) t.ints.get(i);
            }
        } else if (n != 0) {
            throw new IllegalArgumentException("initializer " + t.name + " has no data");
        }
        return values;
    }

    /** A bounded position in the byte array. */
    private static final class Cursor {
        private final byte[] b;
        private int pos;
        private final int end;

        Cursor(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IndexOutOfBoundsException("varint");
                }
                byte x = b[pos++];
                result |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("malformed varint at byte " + pos);
        }

        int fixed32() {
            if (pos + 4 > end) {
                throw new IndexOutOfBoundsException("fixed32");
            }
            int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
            pos += 4;
            return v;
        }

        int length() {
            long n = varint();
            if (n < 0 || n > end - pos) {
                throw new IndexOutOfBoundsException("length " + n + " at byte " + pos + " beyond the end " + end);
            }
            return (int) n;
        }

        Cursor sub() {
            int n = length();
            Cursor c = new Cursor(b, pos, pos + n);
            pos += n;
            return c;
        }

        byte[] bytes() {
            int n = length();
            byte[] out = new byte[n];
            System.arraycopy(b, pos, out, 0, n);
            pos += n;
            return out;
        }

        String string() {
            int n = length();
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> advance(length());
                case 5 -> advance(4);
                default -> throw new IllegalArgumentException("unsupported wire type " + wire + " at byte " + pos);
            }
        }

        private void advance(int n) {
            if (pos + n > end) {
                throw new IndexOutOfBoundsException("skip");
            }
            pos += n;
        }
    }
}
