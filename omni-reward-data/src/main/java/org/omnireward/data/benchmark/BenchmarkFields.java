package org.omnireward.data.benchmark;

import java.util.List;
import java.util.Map;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Preference;
import org.omnireward.data.read.FieldReader;

/**
 * Reads the fields of one benchmark record (plain values from {@link RawItem.Row}) through the shared
 * {@link FieldReader}, collecting a problem message per bad field instead of stopping at the first,
 * and resolves media references (see {@link MediaResolver}).
 */
final class BenchmarkFields {

    private final Map<String, Object> values;
    private final List<String> problems;
    private final FieldReader fields;
    private final MediaResolver media;
    private final MediaObserver observer;

    BenchmarkFields(Map<String, Object> values, List<String> problems, MediaResolver media, MediaObserver observer) {
        this.values = values;
        this.problems = problems;
        this.fields = FieldReader.of(values, p -> problems.add(p.message()));
        this.media = media;
        this.observer = observer;
    }

    /** The problem list this reader appends to. */
    List<String> problems() {
        return problems;
    }

    /** The shared field reader over this record, reporting into {@link #problems()}. */
    FieldReader fields() {
        return fields;
    }

    /** A scalar id as text (strings, or integral numbers as written), or null when missing or blank. */
    static String idText(Object v) {
        return FieldReader.idText(v);
    }

    /** The record's {@code id}, noting a problem when it is missing. */
    String id(String field) {
        return fields.id(field);
    }

    /** A required string (possibly empty when {@code allowBlank}). */
    String requiredString(String field, boolean allowBlank) {
        return fields.string(field, allowBlank);
    }

    /** An optional string; other types are noted as problems. */
    String optionalString(String field) {
        return fields.optionalString(field);
    }

    /** The {@code criteria_preference}-style label. */
    Preference label(String field) {
        return fields.label(field);
    }

    /**
     * A media item from {@code field} (a {@code {bytes, path}} struct, raw bytes or a relative path)
     * with {@code pathField} (e.g. {@code response1_path}) preferred for the path when the value
     * carries no bytes. Null, with a problem noted, when it is missing or unreadable.
     */
    MediaRef media(String field, String pathField, Modality modality) {
        Object v = values.get(field);
        String pathFromColumn = pathField == null ? null : nonBlank(values.get(pathField));
        String pathInValue = null;
        byte[] bytes = null;
        if (v instanceof Map<?, ?> struct) {
            Object b = struct.get("bytes");
            if (b instanceof byte[] arr && arr.length > 0) {
                bytes = arr;
            }
            pathInValue = nonBlank(struct.get("path"));
        } else if (v instanceof byte[] arr && arr.length > 0) {
            bytes = arr;
        } else if (v instanceof String s) {
            pathInValue = nonBlank(s);
        } else if (v != null) {
            problems.add("field '" + field + "' is " + describe(v) + " (expected a media path or {bytes, path})");
            return null;
        }
        if (bytes != null) {
            observer.media(true);
            String name = pathInValue != null ? pathInValue : pathFromColumn != null ? pathFromColumn : field;
            return MediaRef.ofBytes(bytes, name, modality);
        }
        String path = pathFromColumn != null ? pathFromColumn : pathInValue;
        String source = pathFromColumn != null ? pathField : field;
        if (path == null) {
            problems.add("field '" + field + "' is missing" + (v == null ? "" : " (no media bytes and no path)")
                    + (pathField == null ? "" : " and so is '" + pathField + "'"));
            return null;
        }
        return file(source, path, modality);
    }

    /**
     * A media file given by a relative path, checked to lie under the root and to exist (see
     * {@link MediaResolver} for the other places a {@code media_data/} path is looked for).
     */
    MediaRef file(String field, String relativePath, Modality modality) {
        MediaRef ref;
        try {
            ref = media.resolve(relativePath, modality);
        } catch (InvalidInputException e) {
            observer.media(false);
            problems.add("field '" + field + "': " + e.getMessage());
            return null;
        }
        if (!ref.exists()) {
            observer.media(false);
            problems.add("field '" + field + "': media file not found: " + relativePath + " (media root "
                    + media.mediaRoot() + media.alsoLookedIn(relativePath) + ")");
            return null;
        }
        observer.media(true);
        return ref;
    }

    private static String nonBlank(Object v) {
        return v instanceof String s && !s.isBlank() ? s.trim() : null;
    }

    /** A short description of a value's type for messages. */
    static String describe(Object v) {
        return FieldReader.describe(v);
    }
}
