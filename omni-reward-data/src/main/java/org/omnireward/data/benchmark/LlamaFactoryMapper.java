package org.omnireward.data.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

/**
 * Maps one LLaMA-Factory sharegpt ranking record to a {@link PreferenceSample}.
 *
 * <p>A leading system turn (or the declared {@code system} column) is the criterion; the remaining
 * turns form the prompt (one user turn: its text; several: "User:"/"Assistant:" paragraphs), with
 * {@code <image>}/{@code <video>}/{@code <audio>} placeholders removed. The input media come from
 * the images/videos/audios list matching the task; for generation tasks chosen and rejected are
 * relative media paths. Chosen is the label; which side it takes is decided per record by a
 * seeded hash of (seed, entry, record, id), recorded as metadata {@code chosen_side}.
 */
final class LlamaFactoryMapper {

    /** Metadata key saying where the chosen response was put: {@code response1} or {@code response2}. */
    static final String CHOSEN_SIDE = "chosen_side";
    /** Metadata key naming the dataset_info entry. */
    static final String ENTRY = "entry";

    private static final Pattern PLACEHOLDER = Pattern.compile("<(image|video|audio)>");

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
        LlamaFactoryEntry.Columns cols = entry.columns();
        LlamaFactoryEntry.Tags tags = entry.tags();

        Object rawId = row.get("id");
        String id = rawId == null
                ? entry.name() + "-" + (entry.files().size() > 1 ? file.getFileName() + "-" : "") + record
                : Fields.idText(rawId);
        if (id == null) {
            problems.add("field 'id' is " + Fields.describe(rawId) + " (expected a non-empty string)");
        }

        String criterion = null;
        List<Map<?, ?>> turns = turns(row.get(cols.messages()), cols.messages(), problems);
        if (cols.system() != null) {
            criterion = f.requiredString(cols.system(), false);
            if (criterion == null) {
                problems.add("the criterion (column '" + cols.system() + "') is missing or empty");
            }
        } else if (turns != null) {
            if (!turns.isEmpty() && tags.system().equals(turns.get(0).get(tags.role()))) {
                Object v = turns.remove(0).get(tags.content());
                criterion = v instanceof String s && !s.isBlank() ? s : null;
                if (criterion == null) {
                    problems.add("the criterion (the leading '" + tags.system() + "' turn of '" + cols.messages()
                            + "') is empty");
                }
            } else {
                problems.add("the criterion is missing: '" + cols.messages() + "' has no leading '" + tags.system()
                        + "' turn");
            }
        }
        String prompt = turns == null ? null : prompt(turns, tags, cols.messages(), problems);

        List<MediaRef> inputs = inputs(row, f, task, cols, problems);
        Response chosen = response(f, row.get(cols.chosen()), cols.chosen(), task, tags);
        Response rejected = response(f, row.get(cols.rejected()), cols.rejected(), task, tags);

        boolean chosenFirst = id == null || chosenFirst(seed, entry.name(), record, id);
        Preference label = chosenFirst ? Preference.RESPONSE1 : Preference.RESPONSE2;
        if (!problems.isEmpty()) {
            return new Mapped(id, label, null, problems);
        }
        try {
            PreferenceSample s = PreferenceSample.builder()
                    .id(id).task(task).prompt(prompt).inputs(inputs)
                    .response1(chosenFirst ? chosen : rejected)
                    .response2(chosenFirst ? rejected : chosen)
                    .criteria(criterion).label(label)
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
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = sha.digest((seed + "\u0000" + entry + "\u0000" + record + "\u0000" + id)
                    .getBytes(StandardCharsets.UTF_8));
            return (h[0] & 1) == 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static List<Map<?, ?>> turns(Object v, String column, List<String> problems) {
        if (v == null) {
            problems.add("field '" + column + "' is missing");
            return null;
        }
        if (!(v instanceof List<?> list)) {
            problems.add("field '" + column + "' is " + Fields.describe(v) + " (expected a list of turns)");
            return null;
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problems.add("turn " + (i + 1) + " of '" + column + "' is " + Fields.describe(list.get(i))
                        + " (expected an object)");
                return null;
            }
            out.add(m);
        }
        return out;
    }

    private static String prompt(List<Map<?, ?>> turns, LlamaFactoryEntry.Tags tags, String column,
            List<String> problems) {
        if (turns.isEmpty()) {
            problems.add("field '" + column + "' has no '" + tags.user() + "' turn (the prompt)");
            return null;
        }
        Map<?, ?> last = turns.get(turns.size() - 1);
        if (!tags.user().equals(last.get(tags.role()))) {
            problems.add("the last turn of '" + column + "' is from '" + last.get(tags.role()) + "' (expected '"
                    + tags.user() + "', the prompt the responses answer)");
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Map<?, ?> t : turns) {
            Object content = t.get(tags.content());
            if (!(content instanceof String s)) {
                problems.add("a turn of '" + column + "' has no text in '" + tags.content() + "'");
                return null;
            }
            String text = stripPlaceholders(s);
            if (turns.size() == 1) {
                return text;
            }
            parts.add((tags.user().equals(t.get(tags.role())) ? "User: " : "Assistant: ") + text);
        }
        return String.join("\n\n", parts);
    }

    /** Removes media placeholders and the blanks they leave at the ends. */
    static String stripPlaceholders(String s) {
        return PLACEHOLDER.matcher(s).replaceAll("").strip();
    }

    private List<MediaRef> inputs(Map<String, Object> row, Fields f, Task task, LlamaFactoryEntry.Columns cols,
            List<String> problems) {
        List<MediaRef> inputs = new ArrayList<>();
        Modality wanted = task.inputMedia().orElse(null);
        for (Modality m : List.of(Modality.IMAGE, Modality.VIDEO, Modality.AUDIO)) {
            String column = switch (m) {
                case IMAGE -> cols.images();
                case VIDEO -> cols.videos();
                default -> cols.audios();
            };
            Object v = row.get(column);
            List<?> paths = v == null ? List.of() : v instanceof List<?> l ? l : null;
            if (paths == null) {
                problems.add("field '" + column + "' is " + Fields.describe(v) + " (expected a list of media paths)");
                continue;
            }
            if (m != wanted) {
                if (!paths.isEmpty()) {
                    problems.add("field '" + column + "' lists " + paths.size() + " " + m.wireName() + "(s) but task "
                            + task.id() + " takes " + (wanted == null ? "no input media" : "an input " + wanted.wireName()));
                }
                continue;
            }
            if (paths.isEmpty()) {
                problems.add("task " + task.id() + " needs an input " + m.wireName() + " but '" + column
                        + "' is missing or empty");
                continue;
            }
            for (Object p : paths) {
                if (p instanceof String s) {
                    MediaRef ref = f.file(column, s, m);
                    if (ref != null) {
                        inputs.add(ref);
                    }
                } else {
                    problems.add("field '" + column + "' holds " + Fields.describe(p) + " (expected a media path)");
                }
            }
        }
        return inputs;
    }

    private static Response response(Fields f, Object v, String column, Task task, LlamaFactoryEntry.Tags tags) {
        Object value = v instanceof Map<?, ?> m ? m.get(tags.content()) : v;
        if (v == null) {
            problemsOf(f).add("field '" + column + "' is missing");
            return null;
        }
        if (!(value instanceof String s)) {
            problemsOf(f).add("field '" + column + "' has " + Fields.describe(value) + " as its '" + tags.content()
                    + "' (expected " + (task.hasTextResponses() ? "the response text" : "a relative media path") + ")");
            return null;
        }
        if (task.hasTextResponses()) {
            return Response.text(s); // an empty answer is a valid response
        }
        MediaRef m = f.file(column, s, task.responseModality());
        return m == null ? null : Response.media(m);
    }

    private static List<String> problemsOf(Fields f) {
        return f.problems();
    }
}
