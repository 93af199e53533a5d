package org.omnireward.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.benchmark.LoadedEntry;
import org.omnireward.data.benchmark.Origin;

/**
 * Rows of the unified preference schema (docs/preference-format.md) as samples: a JSONL line, or a
 * Parquet/Dataset row whose columns are the unified keys. {@code chosen} becomes response1 and
 * {@code rejected} response2, so {@code scores} are {@code [chosen, rejected]} and the label is
 * {@code response1} ({@code tie} when {@code tie} is true). A response is a string (text) or a media
 * object {@code {type, path}} / {@code {type, bytes}} (bytes: binary in Parquet, base64 in JSON);
 * {@code chosen_media}/{@code rejected_media} and path strings in {@code input_media} are read too.
 * Paths are relative to the folder of the row's file and read through Hadoop's file system (local
 * files by reference, others into memory); a path leaving that folder is refused. A row that cannot
 * become a sample is an {@link LoadedEntry.Invalid} naming the field, never an exception.
 */
final class UnifiedRows {

    private final Configuration conf;

    UnifiedRows(Configuration conf) {
        this.conf = conf;
    }

    /** The entry of one JSONL line of {@code file}; {@code fallbackId} names it when it has no id. */
    LoadedEntry fromJson(String line, String file, String fallbackId, int index) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (IOException e) {
            return invalid(fallbackId, null, null, "not a JSON object: " + firstLine(e.getMessage()), file, index);
        }
        if (node == null || !node.isObject()) {
            return invalid(fallbackId, null, null, "not a JSON object", file, index);
        }
        return fromNode(node, file, fallbackId, index);
    }

    /** The entry of a row whose columns are the unified keys (other columns are ignored). */
    LoadedEntry fromRow(Row row, String file, String fallbackId, int index) {
        return fromNode(toNode(row), file, fallbackId, index);
    }

    /** A row as a JSON object: structs as objects, arrays as arrays, binary as binary nodes. */
    static ObjectNode toNode(Row row) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        StructField[] fields = row.schema().fields();
        for (int i = 0; i < fields.length; i++) {
            o.set(fields[i].name(), value(row.isNullAt(i) ? null : row.get(i)));
        }
        return o;
    }

    private static JsonNode value(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof Row r) {
            return toNode(r);
        }
        if (v instanceof byte[] b) {
            return f.binaryNode(b);
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            ArrayNode a = f.arrayNode();
            scala.jdk.javaapi.CollectionConverters.asJava(seq).forEach(x -> a.add(value(x)));
            return a;
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof Number n) {
            return f.numberNode(n.longValue());
        }
        return f.textNode(v.toString());
    }

    private LoadedEntry fromNode(JsonNode n, String file, String fallbackId, int index) {
        String taskName = text(n, "task");
        Task task = Task.lookup(taskName).orElse(null);
        String id = text(n, "id");
        if (id == null || id.isBlank()) {
            return invalid(fallbackId, task, null, "field 'id' is missing or empty", file, index);
        }
        Preference label = n.path("tie").asBoolean(false) ? Preference.TIE : Preference.RESPONSE1;
        if (task == null) {
            return invalid(
                    id,
                    null,
                    label,
                    taskName == null
                            ? "field 'task' is missing"
                            : "unknown task '" + taskName + "'; expected one of " + Task.validNames(),
                    file,
                    index);
        }
        try {
            if (n.has("tie") && !n.get("tie").isNull() && !n.get("tie").isBoolean()) {
                throw new InvalidInputException("field 'tie' must be true or false");
            }
            Path folder = new Path(file).getParent();
            PreferenceSample sample = PreferenceSample.builder()
                    .id(id)
                    .task(task)
                    .prompt(textOr(n, "prompt", ""))
                    .criteria(text(n, "criteria"))
                    .response1(response(n, "chosen", task, folder))
                    .response2(response(n, "rejected", task, folder))
                    .inputs(inputs(n.get("input_media"), task, folder))
                    .label(label)
                    .build();
            return new LoadedEntry.Valid(sample, origin(file, index), index);
        } catch (OmniRewardException | UncheckedIOException e) {
            return invalid(id, task, label, e.getMessage(), file, index);
        }
    }

    private Response response(JsonNode n, String field, Task task, Path folder) {
        JsonNode v = n.get(field);
        JsonNode media = n.get(field + "_media");
        if (media != null && !media.isNull()) {
            return Response.media(media(media, field + "_media", task.responseModality(), folder));
        }
        if (v == null || v.isNull()) {
            throw new InvalidInputException("field '" + field + "' is missing");
        }
        if (v.isTextual()) {
            if (!task.hasTextResponses()) {
                throw new InvalidInputException("field '" + field + "' is text, task " + task.id() + " expects "
                        + task.responseModality().wireName() + " (a media object {type, path})");
            }
            return Response.text(v.asText());
        }
        return Response.media(media(v, field, task.responseModality(), folder));
    }

    private List<MediaRef> inputs(JsonNode list, Task task, Path folder) {
        List<MediaRef> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new InvalidInputException("field 'input_media' must be a list of media objects");
        }
        Modality want = task.inputMedia().orElse(null);
        for (int i = 0; i < list.size(); i++) {
            if (want == null) {
                throw new InvalidInputException("field 'input_media': task " + task.id() + " takes no input media");
            }
            out.add(media(list.get(i), "input_media[" + i + "]", want, folder));
        }
        return out;
    }

    /** A media object or a path string, checked against {@code want}. */
    MediaRef media(JsonNode m, String field, Modality want, Path folder) {
        String type = m.isObject() ? text(m, "type") : null;
        if (type != null && !type.toLowerCase(Locale.ROOT).equals(want.wireName())) {
            if (!(want == Modality.THREE_D && type.equalsIgnoreCase("image"))) {
                throw new InvalidInputException(
                        "field '" + field + "' is " + type + ", the task expects " + want.wireName());
            }
        }
        Modality modality = want == Modality.THREE_D && "image".equalsIgnoreCase(type) ? Modality.IMAGE : want;
        JsonNode bytes = m.isObject() ? m.get("bytes") : null;
        String path = m.isTextual() ? m.asText() : text(m, "path");
        if (bytes != null && !bytes.isNull()) {
            byte[] b;
            try {
                b = bytes.isBinary() ? bytes.binaryValue() : Base64.getDecoder().decode(bytes.asText());
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidInputException("field '" + field + "': bytes are not binary or base64");
            }
            return MediaRef.ofBytes(b, path == null ? field : path, modality);
        }
        if (path == null || path.isBlank()) {
            throw new InvalidInputException("field '" + field + "' has neither a path nor bytes");
        }
        return file(path, field, modality, folder);
    }

    private MediaRef file(String path, String field, Modality modality, Path folder) {
        if (folder == null) {
            throw new InvalidInputException("field '" + field + "': a media path needs the row's file");
        }
        try {
            FileSystem fs = folder.getFileSystem(conf);
            if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
                MediaRef ref = MediaRef.underRoot(
                        java.nio.file.Path.of(fs.makeQualified(folder).toUri()), path, modality);
                if (!ref.exists()) {
                    throw new InvalidInputException(
                            "field '" + field + "': media file " + path + " not found under " + folder);
                }
                return ref;
            }
            if (path.startsWith("/")
                    || path.contains("://")
                    || java.nio.file.Path.of(path).normalize().startsWith("..")) {
                throw new InvalidInputException(
                        "field '" + field + "': media path '" + path + "' leaves the folder of its file " + folder);
            }
            Path p = new Path(folder, path);
            try (InputStream in = fs.open(p)) {
                return MediaRef.ofBytes(in.readAllBytes(), path, modality);
            }
        } catch (java.io.FileNotFoundException e) {
            throw new InvalidInputException("field '" + field + "': media file " + path + " not found under " + folder);
        } catch (IOException e) {
            throw new UncheckedIOException("field '" + field + "': cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static LoadedEntry invalid(String id, Task task, Preference label, String reason, String file, int index) {
        return new LoadedEntry.Invalid(id, task, label, reason, origin(file, index), index);
    }

    private static Origin origin(String file, int index) {
        return new Origin(java.nio.file.Path.of(file == null ? "input" : file), index + 1L);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : null;
    }

    private static String textOr(JsonNode n, String field, String fallback) {
        String t = text(n, field);
        return t == null ? fallback : t;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
