package org.omnireward.data.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Sha256;
import org.omnireward.data.read.SharegptRanking;

/**
 * Maps one LLaMA-Factory sharegpt ranking record to a {@link PreferenceSample}, parsed by the shared
 * {@link SharegptRanking} (also used by the training reader).
 *
 * <p>A leading system turn (or the declared {@code system} column) is the criterion and must not be
 * empty; the remaining turns form the prompt (one user turn: its text; several: "User:"/"Assistant:"
 * paragraphs), with {@code <image>}/{@code <video>}/{@code <audio>} placeholders removed. The input media come from
 * the images/videos/audios list matching the task; for generation tasks chosen and rejected are
 * relative media paths. Chosen is the label; which side it takes is decided per record by a
 * seeded hash of (seed, entry, record, id), recorded as metadata {@code chosen_side}.
 */
final class LlamaFactoryMapper {

    /** Metadata key saying where the chosen response was put: {@code response1} or {@code response2}. */
    static final String CHOSEN_SIDE = "chosen_side";
    /** Metadata key naming the dataset_info entry. */
    static final String ENTRY = "entry";

    private final MediaResolver media;
    private final long seed;

    LlamaFactoryMapper(MediaResolver media, long seed) {
        this.media = media;
        this.seed = seed;
    }

    /**
     * Maps one record of {@code file}, the {@code record}-th (1-based) of that file. A record without
     * an {@code id} gets {@code <entry>-<record>}, or {@code <entry>-<file name>-<record>} when the
     * entry has several files (record numbers restart in each file).
     */
    Mapped map(Map<String, Object> row, LlamaFactoryEntry entry, Path file, long record, MediaObserver observer) {
        List<String> problems = new ArrayList<>();
        Fields f = new Fields(row, problems, media, observer);
        Task task = entry.task();
        SharegptRanking.Columns cols = entry.columns();
        SharegptRanking.Tags tags = entry.tags();

        Object rawId = row.get("id");
        String id = rawId == null
                ? entry.name() + "-" + (entry.files().size() > 1 ? file.getFileName() + "-" : "") + record
                : Fields.idText(rawId);
        if (id == null) {
            problems.add("field 'id' is " + Fields.describe(rawId) + " (expected a non-empty string)");
        }

        SharegptRanking.Record parsed = SharegptRanking.parse(f.fields(), cols, tags);
        String criterion = parsed.criterion();
        if (cols.system() == null && parsed.turns() != null) {
            if (criterion == null) {
                problems.add("the criterion is missing: '" + cols.messages() + "' has no leading '" + tags.system()
                        + "' turn");
            } else if (criterion.isBlank()) {
                problems.add("the criterion (the leading '" + tags.system() + "' turn of '" + cols.messages()
                        + "') is empty");
            }
        }
        List<MediaRef> inputs = inputs(parsed, f, task, cols, problems);
        Response chosen = response(f, parsed.chosen(), cols.chosen(), task);
        Response rejected = response(f, parsed.rejected(), cols.rejected(), task);

        boolean chosenFirst = id == null || chosenFirst(seed, entry.name(), record, id);
        Preference label = chosenFirst ? Preference.RESPONSE1 : Preference.RESPONSE2;
        if (!problems.isEmpty()) {
            return new Mapped(id, label, null, problems);
        }
        try {
            PreferenceSample s = PreferenceSample.builder()
                    .id(id)
                    .task(task)
                    .prompt(parsed.prompt())
                    .inputs(inputs)
                    .response1(chosenFirst ? chosen : rejected)
                    .response2(chosenFirst ? rejected : chosen)
                    .criteria(criterion)
                    .label(label)
                    .metadata(CHOSEN_SIDE, label.wireName())
                    .metadata(ENTRY, entry.name())
                    .build();
            return new Mapped(id, label, s, List.of());
        } catch (InvalidInputException e) {
            return new Mapped(id, label, null, List.of(e.getMessage()));
        }
    }

    /**
     * Whether the chosen response becomes response1: one bit of SHA-256 over (seed, entry, record,
     * id), so the choice is fixed for a seed and balanced over records.
     */
    static boolean chosenFirst(long seed, String entry, long record, String id) {
        byte[] h = Sha256.digest(
                (seed + "\u0000" + entry + "\u0000" + record + "\u0000" + id).getBytes(StandardCharsets.UTF_8));
        return (h[0] & 1) == 0;
    }

    /** Removes media placeholders and the blanks they leave at the ends. */
    static String stripPlaceholders(String s) {
        return SharegptRanking.stripPlaceholders(s);
    }

    private List<MediaRef> inputs(
            SharegptRanking.Record parsed, Fields f, Task task, SharegptRanking.Columns cols, List<String> problems) {
        List<MediaRef> inputs = new ArrayList<>();
        Modality wanted = task.inputMedia().orElse(null);
        for (Modality m : SharegptRanking.mediaModalities()) {
            String column = cols.media(m);
            List<String> paths = parsed.media().get(m);
            if (m != wanted) {
                if (!paths.isEmpty()) {
                    problems.add("field '" + column + "' lists " + paths.size() + " " + m.wireName() + "(s) but task "
                            + task.id() + " takes "
                            + (wanted == null ? "no input media" : "an input " + wanted.wireName()));
                }
                continue;
            }
            if (paths.isEmpty()) {
                problems.add("task " + task.id() + " needs an input " + m.wireName() + " but '" + column
                        + "' is missing or empty");
                continue;
            }
            for (String p : paths) {
                MediaRef ref = f.file(column, p, m);
                if (ref != null) {
                    inputs.add(ref);
                }
            }
        }
        return inputs;
    }

    /** A text response as it is (an empty answer is valid), or the media file a generation task names. */
    private static Response response(Fields f, String value, String column, Task task) {
        if (value == null) {
            return null; // the parser reported why
        }
        if (task.hasTextResponses()) {
            return Response.text(value);
        }
        if (value.isBlank()) {
            f.problems().add("field '" + column + "' is empty (expected a relative media path)");
            return null;
        }
        MediaRef m = f.file(column, value, task.responseModality());
        return m == null ? null : Response.media(m);
    }
}
