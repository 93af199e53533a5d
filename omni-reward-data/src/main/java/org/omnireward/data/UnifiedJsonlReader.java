package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

/**
 * Reads the project's unified preference JSONL (schema in docs/preference-format.md; a JSON array of
 * the same objects is accepted too). Required: {@code id}, {@code task}, {@code criteria},
 * {@code prompt}, {@code chosen}, {@code rejected}; optional: {@code group} (default: the hash of the
 * normalised prompt, {@link Groups#ofPrompt}), {@code tie} (default false), {@code source} (default
 * the file and line), {@code chosen_media}/{@code rejected_media} (required for tasks whose responses
 * are media) and {@code input_media}; media paths are relative to the file's folder and must exist.
 * Unknown fields are ignored, so later versions can add fields.
 */
public final class UnifiedJsonlReader extends JsonFileSource {

    public UnifiedJsonlReader(Path file) {
        super(file);
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.UNIFIED;
    }

    @Override
    void map(JsonRecords.RecordRef ref, JsonNode record, PairSink sink) {
        String id = JsonFields.nonBlank(record, "id");
        String taskName = JsonFields.string(record, "task");
        Task task = Task.lookup(taskName).orElseThrow(() -> new RecordException(SkipReason.INVALID_VALUE, "task",
                "unknown task '" + taskName + "'; expected one of " + Task.validNames()));
        String criteria = JsonFields.nonBlank(record, "criteria");
        String prompt = JsonFields.nonBlank(record, "prompt");
        String group = JsonFields.optionalString(record, "group").filter(g -> !g.isBlank())
                .orElseGet(() -> Groups.ofPrompt(prompt));
        boolean tie = false;
        JsonNode t = record.get("tie");
        if (t != null && !t.isNull()) {
            if (!t.isBoolean()) {
                throw new RecordException(SkipReason.WRONG_TYPE, "tie", "expected true or false but found "
                        + JsonRecords.typeName(t));
            }
            tie = t.asBoolean();
        }
        String source = JsonFields.optionalString(record, "source").filter(s -> !s.isBlank())
                .orElseGet(() -> sourceOf(ref));
        String chosenText = JsonFields.string(record, "chosen");
        String rejectedText = JsonFields.string(record, "rejected");
        Optional<String> chosenMedia = JsonFields.optionalString(record, "chosen_media");
        Optional<String> rejectedMedia = JsonFields.optionalString(record, "rejected_media");
        Path root = file.toAbsolutePath().getParent();
        Response chosen;
        Response rejected;
        if (task.hasTextResponses()) {
            for (String f : List.of("chosen_media", "rejected_media")) {
                if (JsonFields.has(record, f)) {
                    throw new RecordException(SkipReason.INVALID_VALUE, f, "task " + task.id()
                            + " has text responses; '" + f + "' must be absent or null");
                }
            }
            requireDistinctTexts("chosen", chosenText, "rejected", rejectedText);
            chosen = Response.text(chosenText);
            rejected = Response.text(rejectedText);
        } else {
            Modality m = task.responseModality();
            String c = chosenMedia.orElseThrow(() -> new RecordException(SkipReason.MISSING_FIELD, "chosen_media",
                    "task " + task.id() + " has " + m.wireName() + " responses; 'chosen_media' is required"));
            String r = rejectedMedia.orElseThrow(() -> new RecordException(SkipReason.MISSING_FIELD, "rejected_media",
                    "task " + task.id() + " has " + m.wireName() + " responses; 'rejected_media' is required"));
            if (c.strip().equals(r.strip())) {
                throw new RecordException(SkipReason.IDENTICAL_RESPONSES, "", "'chosen_media' and 'rejected_media' are"
                        + " the same file");
            }
            chosen = Response.media(media(root, c, m, "chosen_media"));
            rejected = Response.media(media(root, r, m, "rejected_media"));
        }
        List<MediaRef> inputs = new ArrayList<>();
        JsonNode in = record.get("input_media");
        if (in != null && !in.isNull()) {
            if (!in.isArray()) {
                throw new RecordException(SkipReason.WRONG_TYPE, "input_media", "expected a list of paths but found "
                        + JsonRecords.typeName(in));
            }
            if (!in.isEmpty() && task.inputMedia().isEmpty()) {
                throw new RecordException(SkipReason.INVALID_VALUE, "input_media", "task " + task.id()
                        + " takes no input media");
            }
            for (int i = 0; i < in.size(); i++) {
                JsonNode p = in.get(i);
                String field = "input_media[" + i + "]";
                if (!p.isTextual()) {
                    throw new RecordException(SkipReason.WRONG_TYPE, field, "expected a path but found "
                            + JsonRecords.typeName(p));
                }
                inputs.add(media(root, p.asText(), task.inputMedia().orElseThrow(), field));
            }
        }
        sink.pair(new PreferencePair(id, task, group, criteria, prompt, inputs, chosen, rejected, tie, source));
    }

    private static MediaRef media(Path root, String path, Modality modality, String field) {
        MediaRef ref;
        try {
            ref = MediaRef.underRoot(root, path, modality);
        } catch (InvalidInputException e) {
            throw new RecordException(SkipReason.INVALID_VALUE, field, e.getMessage());
        }
        if (!ref.exists()) {
            throw new RecordException(SkipReason.INVALID_VALUE, field, "media file '" + path + "' not found under "
                    + root);
        }
        return ref;
    }
}
