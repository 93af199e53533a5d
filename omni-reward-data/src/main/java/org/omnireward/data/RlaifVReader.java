package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.data.benchmark.ParquetRows;
import org.omnireward.data.read.PlainValues;

/**
 * Reads RLAIF-V-style image preference data as ti2t pairs: {@code question}, {@code chosen},
 * {@code rejected} and {@code image}. In the Hugging Face parquet files (read through DuckDB) the image
 * is a struct {@code {bytes, path}} whose bytes are kept in memory until written out (the converter
 * stores them in its media folder); in JSON or JSON Lines files the image is a path relative to the
 * file's folder (also accepted: {@code image_path}, or {@code {bytes: base64, path}}). Rows marked
 * {@code split: test} are skipped. Criterion: {@link Criteria#GENERAL}.
 */
public final class RlaifVReader implements PreferenceSource {

    private final Path file;

    public RlaifVReader(Path file) {
        this.file = file;
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.RLAIF_V;
    }

    @Override
    public String description() {
        return format().id() + " file " + file;
    }

    @Override
    public List<Path> files() {
        return List.of(file);
    }

    static boolean isParquet(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    @Override
    public void read(PairSink sink) {
        if (!isParquet(file)) {
            new RlaifVJsonReader(file).read(sink);
            return;
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new InvalidInputException("preference file not found: " + file);
        }
        Path root = file.toAbsolutePath().getParent();
        ParquetRows.forEach(file, (row, fields) -> {
            String where = "row " + row;
            try {
                Object split = fields.get("split");
                if (split instanceof String s && s.trim().equalsIgnoreCase("test")) {
                    throw new RecordException(
                            SkipReason.BENCHMARK_TEST_SPLIT,
                            "split",
                            "the row is marked as a test" + " split; test sets are reserved for evaluation");
                }
                sink.pair(map(fields, root, Sources.of(PreferenceFormat.RLAIF_V, file, "#R" + row)));
            } catch (RecordException e) {
                sink.skipped(new SkippedRecord(file.toString(), where, e.field(), e.reason(), e.getMessage()));
            }
        });
    }

    /** One record of plain values as a pair; images by path resolve under {@code root}. */
    static PreferencePair map(Map<String, Object> fields, Path root, String source) {
        JsonNode node = org.omnireward.core.util.Json.mapper().valueToTree(plainForJson(fields));
        String question = JsonFields.nonBlank(node, "question").strip();
        String chosen = JsonFields.string(node, "chosen");
        String rejected = JsonFields.string(node, "rejected");
        JsonFileSource.requireDistinctTexts("chosen", chosen, "rejected", rejected);
        MediaRef image = image(fields, root, source);
        return new PreferencePair(
                source,
                Task.TI2T,
                Groups.ofPrompt(question),
                Criteria.GENERAL,
                question,
                List.of(image),
                Response.text(chosen.strip()),
                Response.text(rejected.strip()),
                false,
                source);
    }

    /** The fields without binary values (which the field checks above do not need). */
    private static Map<String, Object> plainForJson(Map<String, Object> fields) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        fields.forEach((k, v) -> m.put(k, v instanceof byte[] || v instanceof Map ? "<binary>" : v));
        return m;
    }

    private static MediaRef image(Map<String, Object> fields, Path root, String source) {
        Object v = fields.containsKey("image") ? fields.get("image") : fields.get("image_path");
        String field = fields.containsKey("image") ? "image" : "image_path";
        if (v == null) {
            throw new RecordException(SkipReason.MISSING_FIELD, "image", "field 'image' is missing");
        }
        if (v instanceof String path) {
            return JsonFileSource.media(root, path, Modality.IMAGE, field);
        }
        if (v instanceof byte[] b) {
            return bytes(b, source);
        }
        if (v instanceof Map<?, ?> struct) {
            Object bytes = struct.get("bytes");
            Object path = struct.get("path");
            if (bytes instanceof byte[] b && b.length > 0) {
                return MediaRef.ofBytes(b, path instanceof String p && !p.isBlank() ? p : source, Modality.IMAGE);
            }
            if (bytes instanceof String s && !s.isBlank()) {
                try {
                    return MediaRef.ofBytes(
                            Base64.getDecoder().decode(s.trim()),
                            path instanceof String p && !p.isBlank() ? p : source,
                            Modality.IMAGE);
                } catch (IllegalArgumentException e) {
                    throw new RecordException(
                            SkipReason.INVALID_VALUE, field + ".bytes", "not base64: " + e.getMessage());
                }
            }
            if (path instanceof String p && !p.isBlank()) {
                return JsonFileSource.media(root, p, Modality.IMAGE, field + ".path");
            }
            throw new RecordException(
                    SkipReason.MISSING_FIELD, field + ".bytes", "the image has neither bytes nor a" + " path");
        }
        throw new RecordException(
                SkipReason.WRONG_TYPE,
                field,
                "expected an image path or {bytes, path} but found "
                        + org.omnireward.data.read.RecordFields.describe(v));
    }

    private static MediaRef bytes(byte[] b, String source) {
        if (b.length == 0) {
            throw new RecordException(SkipReason.EMPTY_TEXT, "image", "the image bytes are empty");
        }
        return MediaRef.ofBytes(b, source, Modality.IMAGE);
    }

    /** The JSON and JSON Lines form. */
    static final class RlaifVJsonReader extends JsonFileSource {

        RlaifVJsonReader(Path file) {
            super(file);
        }

        @Override
        public PreferenceFormat format() {
            return PreferenceFormat.RLAIF_V;
        }

        @Override
        void map(JsonRecords.RecordRef ref, JsonNode record, PairSink sink) {
            sink.pair(RlaifVReader.map(
                    PlainValues.toMap(record), file.toAbsolutePath().getParent(), sourceOf(ref)));
        }
    }
}
