package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

/**
 * Reads text-to-video preference pairs (VideoDPO, VisionRewardDB-Video and similar exports) as t2v
 * pairs: {@code prompt} plus either {@code chosen}/{@code rejected} video paths, or two videos
 * ({@code video1}/{@code video2}, or a two-item {@code videos} list) with {@code preference}: 1 or
 * {@code "video1"} (the first is better), 2 or {@code "video2"}, 0 or {@code "tie"}. Paths are
 * relative to the file's folder and must exist there. An optional {@code criteria} string is kept,
 * else {@link #CRITERION}.
 */
public final class VideoPairsReader extends JsonFileSource {

    /** The criterion of video pairs that state none. */
    public static final String CRITERION =
            "Prefer the video that follows the prompt more faithfully and has better" + " visual quality and motion.";

    public VideoPairsReader(Path file) {
        super(file);
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.VIDEO_PAIRS;
    }

    @Override
    void map(JsonRecords.RecordRef ref, JsonNode record, PairSink sink) {
        String prompt = JsonFields.nonBlank(record, "prompt").strip();
        String criterion = JsonFields.optionalString(record, "criteria")
                .filter(s -> !s.isBlank())
                .map(String::strip)
                .orElse(CRITERION);
        Path root = file.toAbsolutePath().getParent();
        MediaRef chosen;
        MediaRef rejected;
        boolean tie = false;
        if (JsonFields.has(record, "chosen") || JsonFields.has(record, "rejected")) {
            chosen = media(root, JsonFields.nonBlank(record, "chosen"), Modality.VIDEO, "chosen");
            rejected = media(root, JsonFields.nonBlank(record, "rejected"), Modality.VIDEO, "rejected");
        } else {
            String f1;
            String f2;
            String p1;
            String p2;
            if (JsonFields.has(record, "videos")) {
                JsonNode v = JsonFields.array(record, "videos");
                if (v.size() != 2 || !v.get(0).isTextual() || !v.get(1).isTextual()) {
                    throw new RecordException(SkipReason.INVALID_VALUE, "videos", "expected two video paths");
                }
                f1 = "videos[0]";
                f2 = "videos[1]";
                p1 = v.get(0).asText();
                p2 = v.get(1).asText();
            } else {
                f1 = "video1";
                f2 = "video2";
                p1 = JsonFields.nonBlank(record, "video1");
                p2 = JsonFields.nonBlank(record, "video2");
            }
            MediaRef a = media(root, p1, Modality.VIDEO, f1);
            MediaRef b = media(root, p2, Modality.VIDEO, f2);
            int which = preference(record.get("preference"));
            tie = which == 0;
            chosen = which == 2 ? b : a;
            rejected = which == 2 ? a : b;
        }
        if (chosen.equals(rejected)) {
            throw new RecordException(SkipReason.IDENTICAL_RESPONSES, "", "both videos are the same file");
        }
        String source = sourceOf(ref);
        sink.pair(new PreferencePair(
                source,
                Task.T2V,
                Groups.ofPrompt(prompt),
                criterion,
                prompt,
                List.of(),
                Response.media(chosen),
                Response.media(rejected),
                tie,
                source));
    }

    /** 1, 2, or 0 for a tie. */
    private static int preference(JsonNode p) {
        if (p == null || p.isNull()) {
            throw new RecordException(SkipReason.MISSING_PREFERENCE, "preference", "field 'preference' is missing");
        }
        if (p.isIntegralNumber() && p.asInt() >= 0 && p.asInt() <= 2) {
            return p.asInt();
        }
        if (p.isTextual()) {
            switch (p.asText().trim().toLowerCase(Locale.ROOT)) {
                case "1", "video1", "a", "first" -> {
                    return 1;
                }
                case "2", "video2", "b", "second" -> {
                    return 2;
                }
                case "0", "tie", "same" -> {
                    return 0;
                }
                default -> {}
            }
        }
        throw new RecordException(
                SkipReason.INVALID_VALUE,
                "preference",
                "preference '" + p.asText() + "' is not" + " one of 1, 2, 0 (tie), video1, video2, tie");
    }
}
