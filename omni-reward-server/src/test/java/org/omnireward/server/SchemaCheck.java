package org.omnireward.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON value against a schema of an OpenAPI 3.0 document, for the keywords the server's
 * document uses: {@code $ref}, {@code type}, {@code enum}, {@code properties}, {@code required},
 * {@code additionalProperties}, {@code items}, {@code minItems}, {@code oneOf}. A keyword it does not
 * know fails the check, so the document cannot outgrow it silently.
 */
final class SchemaCheck {

    private static final List<String> KNOWN = List.of(
            "$ref",
            "type",
            "enum",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "minItems",
            "oneOf",
            "description",
            "default",
            "example");

    private final JsonNode doc;

    SchemaCheck(JsonNode doc) {
        this.doc = doc;
    }

    /** What is wrong with {@code value} under {@code schema}; empty when it conforms. */
    List<String> problems(JsonNode value, JsonNode schema) {
        List<String> out = new ArrayList<>();
        check(value, schema, "$", out);
        return out;
    }

    JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new AssertionError("unsupported $ref " + ref);
            }
            schema = doc.at(ref.substring(1));
            if (schema.isMissingNode()) {
                throw new AssertionError("dangling $ref " + ref);
            }
        }
        return schema;
    }

    private void check(JsonNode v, JsonNode schema, String at, List<String> out) {
        schema = resolve(schema);
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KNOWN.contains(k)) {
                throw new AssertionError("schema keyword '" + k + "' at " + at + " is not checked by this test");
            }
        }
        if (schema.has("oneOf")) {
            int matches = 0;
            for (JsonNode alt : schema.get("oneOf")) {
                List<String> p = new ArrayList<>();
                check(v, alt, at, p);
                if (p.isEmpty()) {
                    matches++;
                }
            }
            if (matches != 1) {
                out.add(at + ": matches " + matches + " of the oneOf alternatives, not exactly one");
            }
        }
        if (schema.has("type") && !hasType(v, schema.get("type").asText())) {
            out.add(at + ": expected " + schema.get("type").asText() + ", got " + v.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(v);
            }
            if (!found) {
                out.add(at + ": " + v + " is not one of " + schema.get("enum"));
            }
        }
        if (v.isObject()) {
            JsonNode props = schema.path("properties");
            for (JsonNode r : schema.path("required")) {
                if (!v.has(r.asText())) {
                    out.add(at + ": required property " + r.asText() + " is missing");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (props.has(f.getKey())) {
                    check(f.getValue(), props.get(f.getKey()), at + "." + f.getKey(), out);
                } else if (schema.has("additionalProperties")) {
                    JsonNode ap = schema.get("additionalProperties");
                    if (ap.isBoolean() && !ap.asBoolean()) {
                        out.add(at + ": property " + f.getKey() + " is not allowed");
                    } else if (ap.isObject()) {
                        check(f.getValue(), ap, at + "." + f.getKey(), out);
                    }
                }
            }
        }
        if (v.isArray()) {
            if (schema.has("minItems") && v.size() < schema.get("minItems").asInt()) {
                out.add(at + ": fewer than " + schema.get("minItems").asInt() + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < v.size(); i++) {
                    check(v.get(i), schema.get("items"), at + "[" + i + "]", out);
                }
            }
        }
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            case "integer" -> v.isIntegralNumber();
            case "boolean" -> v.isBoolean();
            default -> throw new AssertionError("unknown type " + type);
        };
    }
}
