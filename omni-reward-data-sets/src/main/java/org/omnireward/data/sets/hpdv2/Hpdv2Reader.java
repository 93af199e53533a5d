package org.omnireward.data.sets.hpdv2;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.data.Groups;
import org.omnireward.data.JsonFileSource;
import org.omnireward.data.PairSink;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.RecordException;
import org.omnireward.data.SkipReason;
import org.omnireward.data.StrictFields;
import org.omnireward.data.read.JsonRecordReader;

/**
 * Reads Human Preference Dataset v2 annotations (HPDv2 {@code train.json}, a JSON array or JSON Lines):
 * {@code prompt}, the generated images ({@code image_path}, or {@code file_path}/{@code images}: paths
 * relative to the file's folder, which must exist there) and {@code human_preference}, one number per
 * image, 1 for the image people preferred and 0 for the others. Each record gives one t2i pair per
 * non-preferred image (the preferred one chosen). Records with a {@code rank} list and no
 * {@code human_preference} (HPDv2's test split, an evaluation set) are skipped as
 * {@link SkipReason#BENCHMARK_TEST_SPLIT}. Criterion: {@link #CRITERION}.
 */
public final class Hpdv2Reader extends JsonFileSource {

    /** The criterion of HPDv2 pairs: what its annotators were asked. */
    public static final String CRITERION =
            "Prefer the image that people would like more: it matches the prompt and" + " looks better.";

    public Hpdv2Reader(Path file) {
        super(file);
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.HPDV2;
    }

    @Override
    protected void map(RecordRef ref, JsonNode record, PairSink sink) {
        String prompt = StrictFields.nonBlank(record, "prompt").strip();
        String pathsField = record.has("image_path") ? "image_path" : record.has("file_path") ? "file_path" : "images";
        if (!StrictFields.has(record, "human_preference") && StrictFields.has(record, "rank")) {
            throw new RecordException(
                    SkipReason.BENCHMARK_TEST_SPLIT,
                    "rank",
                    "a ranked record (HPDv2's test split)"
                            + " is an evaluation set; only human_preference records are converted");
        }
        JsonNode paths = StrictFields.array(record, pathsField);
        JsonNode pref = StrictFields.array(record, "human_preference");
        if (paths.size() < 2) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE, pathsField, "expected at least two images, found " + paths.size());
        }
        if (pref.size() != paths.size()) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    "human_preference",
                    "has " + pref.size() + " values for " + paths.size() + " images");
        }
        int winner = winner(pref);
        List<MediaRef> images = images(paths, pathsField);
        String source = sourceOf(ref);
        for (int i = 0; i < images.size(); i++) {
            if (i == winner) {
                continue;
            }
            if (images.get(i).equals(images.get(winner))) {
                throw new RecordException(
                        SkipReason.IDENTICAL_RESPONSES,
                        pathsField,
                        "the preferred image and image " + i + " are the same file");
            }
            String id = images.size() == 2 ? source : source + "/" + winner + ">" + i;
            sink.pair(new PreferencePair(
                    id,
                    Task.T2I,
                    Groups.ofPrompt(prompt),
                    CRITERION,
                    prompt,
                    List.of(),
                    Response.media(images.get(winner)),
                    Response.media(images.get(i)),
                    false,
                    id));
        }
    }

    /** The index of the one image marked 1; the others must be 0. */
    private static int winner(JsonNode pref) {
        int winner = -1;
        for (int i = 0; i < pref.size(); i++) {
            JsonNode v = pref.get(i);
            if (!v.isNumber()) {
                throw new RecordException(
                        SkipReason.WRONG_TYPE,
                        "human_preference[" + i + "]",
                        "expected 0 or 1 but" + " found " + JsonRecordReader.typeName(v));
            }
            if (v.asDouble() == 1) {
                if (winner >= 0) {
                    throw new RecordException(
                            SkipReason.INVALID_VALUE,
                            "human_preference",
                            "more than one image is" + " marked preferred");
                }
                winner = i;
            } else if (v.asDouble() != 0) {
                throw new RecordException(
                        SkipReason.INVALID_VALUE,
                        "human_preference[" + i + "]",
                        "expected 0 or 1" + " but found " + v.asText());
            }
        }
        if (winner < 0) {
            throw new RecordException(
                    SkipReason.MISSING_PREFERENCE, "human_preference", "no image is marked" + " preferred");
        }
        return winner;
    }

    /** The images of a record: paths relative to the file's folder, each of which must exist. */
    private List<MediaRef> images(JsonNode paths, String pathsField) {
        Path root = file.toAbsolutePath().getParent();
        List<MediaRef> images = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String f = pathsField + "[" + i + "]";
            if (!paths.get(i).isTextual()) {
                throw new RecordException(
                        SkipReason.WRONG_TYPE,
                        f,
                        "expected a path but found " + JsonRecordReader.typeName(paths.get(i)));
            }
            images.add(media(root, paths.get(i).asText(), Modality.IMAGE, f));
        }
        return images;
    }
}
