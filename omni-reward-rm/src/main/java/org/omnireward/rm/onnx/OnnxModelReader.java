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
 * {@code .float_data} (4), {@code .name} (8), {@code .raw_data} (9). Only FLOAT (1) tensors keep
 * their values; other initializers are listed with their shape and no values. External data is
 * refused.
 */
public final class OnnxModelReader {

    private static final int FLOAT = 1;

    private OnnxModelReader() {}

    /** One node of the graph. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

    /** One initializer; {@code values} is {@code null} for a tensor that is not FLOAT. */
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
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        byte[] raw = null;
        List<Float> floats = null;
        while (c.more()) {
            long key = c.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 1 && wire == 0) {
                dims.add(c.varint());
            } else if (field == 1 && wire == 2) {
                Cursor packed = c.sub();
                while (packed.more()) {
                    dims.add(packed.varint());
                }
            } else if (field == 2 && wire == 0) {
                dataType = (int) c.varint();
            } else if (field == 4 && wire == 2) {
                Cursor packed = c.sub();
                floats = floats == null ? new ArrayList<>() : floats;
                while (packed.more()) {
                    floats.add(Float.intBitsToFloat(packed.fixed32()));
                }
            } else if (field == 4 && wire == 5) {
                floats = floats == null ? new ArrayList<>() : floats;
                floats.add(Float.intBitsToFloat(c.fixed32()));
            } else if (field == 8 && wire == 2) {
                name = c.string();
            } else if (field == 9 && wire == 2) {
                raw = c.bytes();
            } else if (field == 13 && wire == 2) {
                throw new IllegalArgumentException("initializer uses external data, which is not supported");
            } else {
                c.skip(wire);
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        float[] values = null;
        if (dataType == FLOAT) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (raw != null) {
                if (raw.length != n * 4) {
                    throw new IllegalArgumentException(
                            "initializer " + name + " has " + raw.length + " bytes of data for " + n + " floats");
                }
                values = new float[(int) n];
                ByteBuffer.wrap(raw)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(values);
            } else if (floats != null) {
                if (floats.size() != n) {
                    throw new IllegalArgumentException(
                            "initializer " + name + " has " + floats.size() + " floats for shape of " + n);
                }
                values = new float[(int) n];
                for (int i = 0; i < values.length; i++) {
                    values[i] = floats.get(i);
                }
            } else {
                values = new float[(int) n];
                if (n != 0) {
                    throw new IllegalArgumentException("initializer " + name + " has no data");
                }
            }
        }
        return new Tensor(name, shape, dataType, values);
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
