package org.omnireward.data.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts JSON trees into the plain values every record mapper reads (JSON objects and parquet
 * rows alike): {@code String}, {@code Number}, {@code Boolean}, {@code byte[]},
 * {@code Map<String, Object>}, {@code List<Object>} or null.
 */
public final class PlainValues {

    private PlainValues() {}

    /** Converts a JSON object into a map of plain values, keeping the field order. */
    public static Map<String, Object> toMap(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), toPlain(e.getValue()));
        }
        return out;
    }

    /** Converts one JSON value into a plain value. */
    public static Object toPlain(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isNumber()) {
            return n.numberValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isObject()) {
            return toMap(n);
        }
        if (n.isArray()) {
            List<Object> list = new ArrayList<>(n.size());
            n.forEach(x -> list.add(toPlain(x)));
            return list;
        }
        if (n.isBinary()) {
            try {
                return n.binaryValue();
            } catch (IOException e) {
                return null;
            }
        }
        return n.toString();
    }
}
