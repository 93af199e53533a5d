package org.omnireward.data.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.omnireward.core.Preference;
import org.omnireward.data.read.FieldProblem.Kind;

/**
 * The one field-access helper of the record readers (benchmark layouts and training formats): reads
 * fields of a record held as plain values ({@link PlainValues}: parquet rows, JSON objects) and
 * reports each bad field as a {@link FieldProblem} naming it, e.g. {@code field 'prompt' is missing}
 * or {@code field 'tie' is the string 'yes' (expected true or false)}. Accessors return null (or
 * the given default) after reporting, so a collecting sink sees every problem of a record.
 */
public final class RecordFields {

    private final Function<String, Object> values;
    private final FieldProblem.Sink sink;
    private final String prefix;

    private RecordFields(Function<String, Object> values, FieldProblem.Sink sink, String prefix) {
        this.values = values;
        this.sink = sink;
        this.prefix = prefix;
    }

    /** Fields of a plain-value record. */
    public static RecordFields of(Map<String, ?> record, FieldProblem.Sink sink) {
        return new RecordFields(record::get, sink, "");
    }

    /** Fields of a JSON object, converted to plain values as they are read. */
    public static RecordFields of(JsonNode object, FieldProblem.Sink sink) {
        return of(object, "", sink);
    }

    /**
     * Fields of a JSON object nested in a record, named {@code <prefix><field>} in problems (e.g.
     * prefix {@code conversations[2].}).
     */
    public static RecordFields of(JsonNode object, String prefix, FieldProblem.Sink sink) {
        return new RecordFields(k -> PlainValues.toPlain(object.get(k)), sink, prefix == null ? "" : prefix);
    }

    /**
     * Fields of a nested object (a plain-value map), named {@code <path>.<field>} in problems, e.g.
     * {@code chosen.value}.
     */
    public RecordFields nested(Map<?, ?> object, String path) {
        return new RecordFields(object::get, sink, prefix + path + ".");
    }

    /** The sink problems go to. */
    public FieldProblem.Sink sink() {
        return sink;
    }

    /** The raw plain value of {@code field}, or null. */
    public Object raw(String field) {
        return values.apply(field);
    }

    /** True when {@code field} has a non-null value. */
    public boolean has(String field) {
        return raw(field) != null;
    }

    /** The name of {@code field} in problems (with the prefix of a nested object). */
    public String name(String field) {
        return prefix + field;
    }

    /** Reports a problem with {@code field} of this record. */
    public void problem(Kind kind, String field, String message) {
        sink.report(new FieldProblem(kind, name(field), message));
    }

    /** A required string; blank strings are a problem unless {@code allowBlank}. */
    public String string(String field, boolean allowBlank) {
        Object v = raw(field);
        if (v == null) {
            problem(Kind.MISSING, field, "field '" + name(field) + "' is missing");
            return null;
        }
        if (!(v instanceof String s)) {
            problem(Kind.WRONG_TYPE, field, "field '" + name(field) + "' is " + describe(v) + " (expected a string)");
            return null;
        }
        if (!allowBlank && s.isBlank()) {
            problem(Kind.EMPTY, field, "field '" + name(field) + "' is empty");
            return null;
        }
        return s;
    }

    /** An optional string: null when absent; numbers and booleans as written; other types are a problem. */
    public String optionalString(String field) {
        Object v = raw(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        problem(Kind.WRONG_TYPE, field, "field '" + name(field) + "' is " + describe(v) + " (expected a string)");
        return null;
    }

    /** An optional string that must be a JSON string when present (no numbers taken as text). */
    public String optionalStrictString(String field) {
        Object v = raw(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        problem(
                Kind.WRONG_TYPE,
                field,
                "field '" + name(field) + "' is " + describe(v) + " (expected a string or null)");
        return null;
    }

    /** A record id: a non-blank string or an integral number as written. */
    public String id(String field) {
        Object v = raw(field);
        String id = idText(v);
        if (id == null) {
            problem(
                    v == null ? Kind.MISSING : Kind.WRONG_TYPE,
                    field,
                    v == null
                            ? "field '" + name(field) + "' is missing"
                            : "field '" + name(field) + "' is " + describe(v) + " (expected a non-empty string)");
        }
        return id;
    }

    /** An optional boolean, {@code dflt} when absent. */
    public boolean bool(String field, boolean dflt) {
        Object v = raw(field);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        problem(Kind.WRONG_TYPE, field, "field '" + name(field) + "' is " + describe(v) + " (expected true or false)");
        return dflt;
    }

    /** A required list (null items kept); absent is a problem. */
    public List<?> list(String field, String expected) {
        Object v = raw(field);
        if (v == null) {
            problem(Kind.MISSING, field, "field '" + name(field) + "' is missing");
            return null;
        }
        if (!(v instanceof List<?> l)) {
            problem(
                    Kind.WRONG_TYPE,
                    field,
                    "field '" + name(field) + "' is " + describe(v) + " (expected " + expected + ")");
            return null;
        }
        return l;
    }

    /** An optional list: empty when absent or null. */
    public List<?> optionalList(String field, String expected) {
        return has(field) ? list(field, expected) : List.of();
    }

    /** A {@code criteria_preference}-style label: response1, response2 or tie. */
    public Preference label(String field) {
        Object v = raw(field);
        if (v == null) {
            problem(Kind.MISSING, field, "field '" + name(field) + "' is missing");
            return null;
        }
        if (!(v instanceof String s)) {
            problem(
                    Kind.WRONG_TYPE,
                    field,
                    "field '" + name(field) + "' is " + describe(v) + " (expected response1, response2 or tie)");
            return null;
        }
        var p = Preference.lookup(s);
        if (p.isEmpty()) {
            problem(
                    Kind.INVALID,
                    field,
                    "field '" + name(field) + "' is '" + s + "' (expected response1, response2 or tie)");
            return null;
        }
        return p.get();
    }

    /** A scalar id as text (strings, or integral numbers as written), or null when missing or blank. */
    public static String idText(Object v) {
        if (v instanceof String s) {
            return s.isBlank() ? null : s.trim();
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : n.toString();
        }
        return null;
    }

    /** A short description of a plain value for messages: {@code the number 3}, {@code a list}, … */
    public static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return s.isBlank() ? "empty" : "the string '" + abbreviate(s) + "'";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return "the " + (v instanceof Number ? "number " : "value ") + v;
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof byte[] b) {
            return "binary data (" + b.length + " bytes)";
        }
        return "a " + v.getClass().getSimpleName();
    }

    /** One line of at most 60 characters. */
    public static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 60 ? one.substring(0, 57) + "..." : one;
    }
}
