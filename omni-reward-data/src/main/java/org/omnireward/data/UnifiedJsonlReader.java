package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.data.read.JsonRecordReader;
import org.omnireward.data.read.SharegptRanking.Role;

/**
 * Reads the project's unified preference JSONL (schema in docs/preference-format.md; a JSON array of
 * the same objects is accepted too). Required: {@code id}, {@code task}, {@code criteria},
 * {@code prompt}, {@code chosen}, {@code rejected}; optional: {@code schema_version} (1 when absent),
 * {@code group} (default: the hash of the normalised prompt, {@link Groups#ofPrompt}), {@code tie}
 * (default false), {@code source} (default the file and line) and {@code input_media}.
 *
 * <p>A response is a string (text) or a media object {@code {"type": "image"|"video"|"audio"|"3d",
 * "path": "media/x.jpg"}}; {@code input_media} is a list of such objects. Version 1 files wrote media
 * responses as {@code "chosen": ""} plus {@code chosen_media}/{@code rejected_media} paths and inputs
 * as plain path strings; both are still read. Media paths are relative to the file's folder, are
 * resolved with {@link MediaRef#underRoot} (never outside that folder) and must exist. Unknown fields
 * are ignored, so later versions can add fields.
 */
public final class UnifiedJsonlReader extends JsonFileSource {

    /** The newest {@code schema_version} this reader understands (and the one the writer writes). */
    public static final int SCHEMA_VERSION = 3;

    private final boolean evaluation;

    /** A reader for training: records marked {@code split: test} are skipped. */
    public UnifiedJsonlReader(Path file) {
        this(file, false);
    }

    /**
     * A reader; with {@code evaluation} true, records marked {@code split: test} (converted benchmark
     * records) are read too, as {@code bench run --data FILE.jsonl} does.
     */
    public UnifiedJsonlReader(Path file, boolean evaluation) {
        super(file);
        this.evaluation = evaluation;
    }

    @Override
    protected boolean readsTestSplit() {
        return evaluation;
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.UNIFIED;
    }

    @Override
    protected void map(RecordRef ref, JsonNode record, PairSink sink) {
        checkVersion(record.get("schema_version"));
        String id = StrictFields.nonBlank(record, "id");
        String taskName = StrictFields.string(record, "task");
        Task task = Task.lookup(taskName)
                .orElseThrow(() -> new RecordException(
                        SkipReason.INVALID_VALUE,
                        "task",
                        "unknown task '" + taskName + "'; expected one of " + Task.validNames()));
        String criteria = StrictFields.nonBlank(record, "criteria");
        String prompt = StrictFields.nonBlank(record, "prompt");
        String group = StrictFields.optionalString(record, "group")
                .filter(g -> !g.isBlank())
                .orElseGet(() -> Groups.ofPrompt(prompt));
        boolean tie = tie(record.get("tie"));
        String source = StrictFields.optionalString(record, "source")
                .filter(s -> !s.isBlank())
                .orElseGet(() -> sourceOf(ref));
        Path root = file.toAbsolutePath().getParent();
        Response chosen = response(record, "chosen", task, root);
        Response rejected = response(record, "rejected", task, root);
        requireDistinct(task, chosen, rejected);
        InputMedia inputs = inputMedia(record.get("input_media"), task, prompt, root);
        JsonNode provenance = record.get("provenance");
        if (provenance != null && !provenance.isNull() && !provenance.isObject()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE,
                    "provenance",
                    "expected an object but found " + JsonRecordReader.typeName(provenance));
        }
        String split = StrictFields.optionalString(record, "split").orElse(null);
        PreferencePair pair =
                new PreferencePair(id, task, group, criteria, prompt, inputs.media(), chosen, rejected, tie, source);
        RecordSink.send(sink, new UnifiedRecord(pair, provenance, split, inputs.turns()));
    }

    /** Refuses a {@code schema_version} that is not a whole number from 1 to {@link #SCHEMA_VERSION}; absent is fine. */
    private static void checkVersion(JsonNode version) {
        if (version == null || version.isNull()) {
            return;
        }
        if (!version.canConvertToInt() || !version.isIntegralNumber()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE,
                    "schema_version",
                    "expected a whole number but found " + JsonRecordReader.typeName(version));
        }
        if (version.asInt() < 1 || version.asInt() > SCHEMA_VERSION) {
            throw new RecordException(
                    SkipReason.UNSUPPORTED,
                    "schema_version",
                    "schema_version " + version.asInt() + " is not supported; this reader reads versions 1 to "
                            + SCHEMA_VERSION);
        }
    }

    /** The optional {@code tie}: true or false, absent is false. */
    private static boolean tie(JsonNode t) {
        if (t == null || t.isNull()) {
            return false;
        }
        if (!t.isBoolean()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE, "tie", "expected true or false but found " + JsonRecordReader.typeName(t));
        }
        return t.asBoolean();
    }

    /** Refuses two responses with the same text, or the same media file. */
    private static void requireDistinct(Task task, Response chosen, Response rejected) {
        if (task.hasTextResponses()) {
            requireDistinctTexts("chosen", chosen.requireText(), "rejected", rejected.requireText());
        } else if (chosen.media().orElseThrow().equals(rejected.media().orElseThrow())) {
            throw new RecordException(
                    SkipReason.IDENTICAL_RESPONSES,
                    "",
                    "'chosen' and 'rejected' are the same "
                            + task.responseModality().wireName() + " file");
        }
    }

    /** The input media of a record and the user turn each belongs to (0: the first). */
    private record InputMedia(List<MediaRef> media, List<Integer> turns) {}

    /** The optional {@code input_media}: media objects of the task's input modality, each with its optional turn. */
    private static InputMedia inputMedia(JsonNode in, Task task, String prompt, Path root) {
        List<MediaRef> inputs = new ArrayList<>();
        List<Integer> turns = new ArrayList<>();
        if (in == null || in.isNull()) {
            return new InputMedia(inputs, turns);
        }
        if (!in.isArray()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE,
                    "input_media",
                    "expected a list of media objects" + " {type, path} but found " + JsonRecordReader.typeName(in));
        }
        if (!in.isEmpty() && task.inputMedia().isEmpty()) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE, "input_media", "task " + task.id() + " takes no input media");
        }
        int userTurns = (int) Transcripts.turns(prompt).stream()
                .filter(u -> u.role() == Role.USER)
                .count();
        for (int i = 0; i < in.size(); i++) {
            String field = "input_media[" + i + "]";
            inputs.add(mediaValue(in.get(i), field, task.inputMedia().orElseThrow(), root));
            turns.add(turn(in.get(i), field, userTurns));
        }
        return new InputMedia(inputs, turns);
    }

    /** The optional {@code turn} of an input media object: the user turn of the prompt it belongs to. */
    private static int turn(JsonNode media, String field, int userTurns) {
        JsonNode t = media.isObject() ? media.get("turn") : null;
        if (t == null || t.isNull()) {
            return 0;
        }
        if (!t.isIntegralNumber() || !t.canConvertToInt()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE,
                    field + ".turn",
                    "expected a whole number but found " + JsonRecordReader.typeName(t));
        }
        if (t.asInt() < 0 || t.asInt() >= userTurns) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE,
                    field + ".turn",
                    "turn " + t.asInt() + " does not"
                            + " exist: the prompt has " + userTurns + " user turn" + (userTurns == 1 ? "" : "s")
                            + " (numbered from 0)");
        }
        return t.asInt();
    }

    /**
     * The {@code chosen}/{@code rejected} response: a string, or a media object; for version 1
     * records of media tasks the string is empty and the path is in {@code <field>_media}.
     */
    private static Response response(JsonNode record, String field, Task task, Path root) {
        String legacyField = field + "_media";
        JsonNode v = record.get(field);
        if (v == null || v.isNull()) {
            throw new RecordException(
                    SkipReason.MISSING_FIELD,
                    field,
                    "required field '" + field + "' is " + (v == null ? "missing" : "null"));
        }
        if (task.hasTextResponses()) {
            if (StrictFields.has(record, legacyField)) {
                throw new RecordException(
                        SkipReason.INVALID_VALUE,
                        legacyField,
                        "task " + task.id() + " has text responses; '" + legacyField + "' must be absent or null");
            }
            if (!v.isTextual()) {
                throw new RecordException(
                        v.isObject() ? SkipReason.INVALID_VALUE : SkipReason.WRONG_TYPE,
                        field,
                        "task " + task.id() + " has text responses; expected the response text but found "
                                + JsonRecordReader.typeName(v));
            }
            return Response.text(v.asText());
        }
        Modality m = task.responseModality();
        if (v.isObject()) {
            if (StrictFields.has(record, legacyField)) {
                throw new RecordException(
                        SkipReason.INCONSISTENT,
                        legacyField,
                        "'" + field + "' is a media object;" + " '" + legacyField
                                + "' (schema version 1) must then be absent");
            }
            return Response.media(mediaValue(v, field, m, root));
        }
        if (!v.isTextual()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE,
                    field,
                    "expected a media object {type, path} but found " + JsonRecordReader.typeName(v));
        }
        String legacy = StrictFields.optionalString(record, legacyField)
                .orElseThrow(() -> new RecordException(
                        SkipReason.MISSING_FIELD,
                        legacyField,
                        "task " + task.id() + " has " + m.wireName() + " responses; '"
                                + field + "' must be a media object {\"type\": \"" + m.wireName() + "\", \"path\": ...}"
                                + " (or, in schema version 1, '" + legacyField + "' is required)"));
        return Response.media(media(root, legacy, m, legacyField));
    }

    /** A media object {@code {type, path}} (or, as in version 1 inputs, a plain path string). */
    private static MediaRef mediaValue(JsonNode v, String field, Modality expected, Path root) {
        if (v.isTextual()) {
            return media(root, v.asText(), expected, field);
        }
        if (!v.isObject()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE,
                    field,
                    "expected a media object {type, path} but found " + JsonRecordReader.typeName(v));
        }
        String type = StrictFields.string(v, "type", field + ".type");
        if (!type.trim().equalsIgnoreCase(expected.wireName())) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE,
                    field + ".type",
                    "type '" + type + "' does not fit: " + "expected '" + expected.wireName() + "' here");
        }
        String path = StrictFields.string(v, "path", field + ".path");
        return media(root, path, expected, field + ".path");
    }
}
