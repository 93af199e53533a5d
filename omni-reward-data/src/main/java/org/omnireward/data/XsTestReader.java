package org.omnireward.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;

/**
 * Reads an XSTest v2 folder and turns its human labels into safety pairs. The folder holds
 * {@code xstest_v2_completions_<model>.csv} files (columns {@code id, type, prompt, completion,
 * final_label}, more are ignored), one completion per prompt and model, and optionally
 * {@code xstest_prompts.csv} ({@code id, prompt, type, label}) used to cross-check the prompts.
 *
 * <p>For every prompt id, every two completions with different labels make a pair under
 * {@link Criteria#SAFETY}: on a safe prompt ({@code type} not starting with {@code contrast_})
 * full compliance beats partial refusal beats full refusal; on an unsafe ({@code contrast_}) prompt
 * the order is reversed. Two completions with the same text but different labels (annotation noise)
 * make no pair ({@link SkipReason#IDENTICAL_RESPONSES}). A completion that takes part in no pair is
 * reported as {@link SkipReason#NO_CONTRASTING_LABEL}.
 */
public final class XsTestReader implements PreferenceSource {

    /** File-name prefix of the completion files. */
    public static final String COMPLETIONS_PREFIX = "xstest_v2_completions_";
    /** The prompt list. */
    public static final String PROMPTS_FILE = "xstest_prompts.csv";

    /** The human label of a completion ({@code final_label}). */
    public enum Label {
        FULL_COMPLIANCE("1_full_compliance"), FULL_REFUSAL("2_full_refusal"), PARTIAL_REFUSAL("3_partial_refusal");

        private final String value;

        Label(String value) {
            this.value = value;
        }

        /** The value as written in the files. */
        public String value() {
            return value;
        }

        static Optional<Label> parse(String s) {
            for (Label l : values()) {
                if (l.value.equals(s.trim())) {
                    return Optional.of(l);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One labelled completion.
     *
     * @param promptId the id in the completion file, e.g. {@code v2-1}
     * @param type the prompt type, e.g. {@code homonyms} or {@code contrast_homonyms}
     * @param model the model, from the file name
     * @param file the file name
     * @param line the line where the record starts
     */
    public record Completion(String promptId, String type, String prompt, String model, String text, Label label,
            String file, long line) {

        /** True for an unsafe (contrast) prompt, where declining is right. */
        public boolean unsafePrompt() {
            return isUnsafeType(type);
        }

        /** Where it is, for sources and messages: {@code xstest_v2_completions_gpt4.csv line 12}. */
        public String where() {
            return file + " line " + line;
        }
    }

    private final Path folder;

    public XsTestReader(Path folder) {
        this.folder = folder;
    }

    /** True when {@code folder} holds at least one XSTest completion file. */
    public static boolean isXsTestFolder(Path folder) {
        return Files.isDirectory(folder) && !completionFiles(folder).isEmpty();
    }

    /** True for types of unsafe prompts ({@code contrast_…}). */
    public static boolean isUnsafeType(String type) {
        return type.trim().toLowerCase(Locale.ROOT).startsWith("contrast_");
    }

    /**
     * The preference order of a label: higher is better. Safe prompts: compliance 2, partial 1,
     * refusal 0; unsafe prompts the reverse.
     */
    public static int rank(Label label, boolean unsafePrompt) {
        int compliance = switch (label) {
            case FULL_COMPLIANCE -> 2;
            case PARTIAL_REFUSAL -> 1;
            case FULL_REFUSAL -> 0;
        };
        return unsafePrompt ? 2 - compliance : compliance;
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.XSTEST;
    }

    @Override
    public String description() {
        return "xstest folder " + folder;
    }

    @Override
    public List<Path> files() {
        List<Path> files = new ArrayList<>(completionFiles(folder));
        Path prompts = folder.resolve(PROMPTS_FILE);
        if (Files.isRegularFile(prompts)) {
            files.add(0, prompts);
        }
        return files;
    }

    @Override
    public void read(PairSink sink) {
        safetyPairs(readCompletions(sink), sink);
    }

    /**
     * Reads the labelled completions of all files (sorted by file name), checking them against each
     * other and against the prompt list; problems go to {@code sink} as skipped records or notes.
     */
    public List<Completion> readCompletions(PairSink sink) {
        List<Path> files = completionFiles(folder);
        if (files.size() < 2) {
            throw new InvalidInputException(folder + ": XSTest pairs compare completions of several models for the"
                    + " same prompt, but the folder holds " + files.size() + " " + COMPLETIONS_PREFIX
                    + "*.csv file(s); at least 2 are needed");
        }
        Map<String, String[]> prompts = readPrompts(folder.resolve(PROMPTS_FILE), sink);
        Map<String, Completion> firstOfPrompt = new HashMap<>();
        Set<String> noted = new HashSet<>();
        List<Completion> out = new ArrayList<>();
        for (Path f : files) {
            String fileName = f.getFileName().toString();
            String model = fileName.substring(COMPLETIONS_PREFIX.length(), fileName.length() - ".csv".length());
            Set<String> idsInFile = new HashSet<>();
            try (CsvReader csv = CsvReader.open(f)) {
                CsvReader.CsvRecord header = csv.next().orElseThrow(() -> new InvalidInputException(f + " is empty;"
                        + " expected a header with id, type, prompt, completion, final_label"));
                Map<String, Integer> col = columns(f, header, List.of("id", "type", "prompt", "completion", "final_label"));
                Optional<CsvReader.CsvRecord> next;
                while ((next = csv.next()).isPresent()) {
                    CsvReader.CsvRecord r = next.get();
                    String where = "line " + r.line();
                    try {
                        if (r.fields().size() != header.fields().size()) {
                            throw new RecordException(SkipReason.MALFORMED, "", "the record has " + r.fields().size()
                                    + " fields but the header has " + header.fields().size());
                        }
                        String id = required(r, col, "id");
                        String type = required(r, col, "type");
                        String prompt = required(r, col, "prompt");
                        String text = r.fields().get(col.get("completion"));
                        if (text.isBlank()) {
                            throw new RecordException(SkipReason.EMPTY_TEXT, "completion", "the completion is blank");
                        }
                        String labelText = required(r, col, "final_label");
                        Label label = Label.parse(labelText).orElseThrow(() -> new RecordException(
                                SkipReason.INVALID_VALUE, "final_label", "unknown label '" + labelText
                                        + "'; expected 1_full_compliance, 2_full_refusal or 3_partial_refusal"));
                        if (!idsInFile.add(id)) {
                            throw new RecordException(SkipReason.INCONSISTENT, "id", "prompt id " + id
                                    + " occurs twice in this file");
                        }
                        Completion c = new Completion(id, type.trim(), prompt, model, text, label, fileName, r.line());
                        Completion first = firstOfPrompt.get(id);
                        if (first != null) {
                            if (!first.type().equals(c.type())) {
                                throw new RecordException(SkipReason.INCONSISTENT, "type", "prompt " + id + " has type '"
                                        + c.type() + "' here but '" + first.type() + "' in " + first.where());
                            }
                            if (!first.prompt().strip().equals(c.prompt().strip())) {
                                throw new RecordException(SkipReason.INCONSISTENT, "prompt", "prompt " + id
                                        + " has a different text here than in " + first.where());
                            }
                        } else {
                            crossCheck(c, prompts, sink, noted);
                            firstOfPrompt.put(id, c);
                        }
                        out.add(c);
                    } catch (RecordException e) {
                        sink.skipped(new SkippedRecord(f.toString(), where, e.field(), e.reason(), e.getMessage()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Emits the safety pairs of the completions (grouped by prompt id, in the given order) and reports
     * each completion that takes part in no pair.
     */
    public static void safetyPairs(List<Completion> completions, PairSink sink) {
        Map<String, List<Completion>> byPrompt = new LinkedHashMap<>();
        for (Completion c : completions) {
            byPrompt.computeIfAbsent(c.promptId(), k -> new ArrayList<>()).add(c);
        }
        for (List<Completion> cs : byPrompt.values()) {
            boolean[] paired = new boolean[cs.size()];
            for (int i = 0; i < cs.size(); i++) {
                for (int j = i + 1; j < cs.size(); j++) {
                    Completion a = cs.get(i);
                    Completion b = cs.get(j);
                    int ra = rank(a.label(), a.unsafePrompt());
                    int rb = rank(b.label(), b.unsafePrompt());
                    if (ra == rb) {
                        continue;
                    }
                    if (a.text().strip().equals(b.text().strip())) {
                        sink.skipped(new SkippedRecord(b.file(), "line " + b.line(), "completion",
                                SkipReason.IDENTICAL_RESPONSES, "the same text as " + a.where() + " but labelled "
                                        + b.label().value() + " there " + a.label().value()
                                        + "; these two make no pair"));
                        continue;
                    }
                    paired[i] = true;
                    paired[j] = true;
                    sink.pair(ra > rb ? pair(a, b) : pair(b, a));
                }
            }
            for (int i = 0; i < cs.size(); i++) {
                if (!paired[i]) {
                    Completion c = cs.get(i);
                    sink.skipped(new SkippedRecord(c.file(), "line " + c.line(), "final_label",
                            SkipReason.NO_CONTRASTING_LABEL, "no other completion of prompt " + c.promptId()
                                    + " has a different label (this one: " + c.label().value()
                                    + ") and a different text, so there is nothing to prefer"));
                }
            }
        }
    }

    /** The safety pair where {@code better} is chosen. */
    static PreferencePair pair(Completion better, Completion worse) {
        String id = pairId(better, worse);
        return PreferencePair.text(id, Groups.ofPrompt(better.prompt()), Criteria.SAFETY, better.prompt(),
                better.text(), worse.text(), id);
    }

    /** {@code xstest:v2-1/gpt4>llama2new}: the id and source of the pair of two completions. */
    static String pairId(Completion chosen, Completion rejected) {
        return PreferenceFormat.XSTEST.id() + ":" + chosen.promptId() + "/" + chosen.model() + ">" + rejected.model();
    }

    private static void crossCheck(Completion c, Map<String, String[]> prompts, PairSink sink, Set<String> noted) {
        if (prompts.isEmpty()) {
            return;
        }
        String bareId = c.promptId().startsWith("v2-") ? c.promptId().substring(3) : c.promptId();
        String[] p = prompts.get(bareId);
        if (p == null) {
            sink.note("xstest prompt " + c.promptId() + " (" + c.where() + ") is not in " + PROMPTS_FILE);
            return;
        }
        String listedPrompt = p[0];
        String listedType = p[1];
        String listedLabel = p[2];
        if (!listedType.isEmpty() && !listedType.equals(c.type())) {
            throw new RecordException(SkipReason.INCONSISTENT, "type", "prompt " + c.promptId() + " has type '"
                    + c.type() + "' but '" + listedType + "' in " + PROMPTS_FILE);
        }
        if (!listedPrompt.strip().equals(c.prompt().strip()) && noted.add(c.promptId())) {
            sink.note("xstest prompt " + c.promptId() + ": the completions answer \"" + c.prompt().strip() + "\" but "
                    + PROMPTS_FILE + " lists \"" + listedPrompt.strip() + "\"; the pairs use the completions' text");
        }
        if (!listedLabel.isEmpty() && listedLabel.equals("unsafe") != c.unsafePrompt() && noted.add(c.promptId() + "#label")) {
            sink.note("xstest prompt " + c.promptId() + ": " + PROMPTS_FILE + " labels it '" + listedLabel
                    + "' but its type '" + c.type() + "' says otherwise; the type decides");
        }
    }

    /** id → {prompt, type, label} from the prompt list, or empty when the folder has none. */
    private static Map<String, String[]> readPrompts(Path file, PairSink sink) {
        Map<String, String[]> out = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            sink.note(file + " not found; the prompts are not cross-checked");
            return out;
        }
        try (CsvReader csv = CsvReader.open(file)) {
            CsvReader.CsvRecord header = csv.next().orElseThrow(() -> new InvalidInputException(file + " is empty;"
                    + " expected a header with id, prompt, type"));
            Map<String, Integer> col = columns(file, header, List.of("id", "prompt", "type"));
            Integer labelCol = header.fields().indexOf("label") >= 0 ? header.fields().indexOf("label") : null;
            Optional<CsvReader.CsvRecord> next;
            while ((next = csv.next()).isPresent()) {
                CsvReader.CsvRecord r = next.get();
                if (r.fields().size() != header.fields().size()) {
                    sink.note(file + " line " + r.line() + " has " + r.fields().size() + " fields but the header has "
                            + header.fields().size() + "; not used for cross-checks");
                    continue;
                }
                String label = labelCol == null ? "" : r.fields().get(labelCol).trim().toLowerCase(Locale.ROOT);
                out.put(r.fields().get(col.get("id")).trim(), new String[] {r.fields().get(col.get("prompt")),
                        r.fields().get(col.get("type")).trim(), label});
            }
        }
        return out;
    }

    private static Map<String, Integer> columns(Path file, CsvReader.CsvRecord header, List<String> required) {
        Map<String, Integer> col = new HashMap<>();
        List<String> names = header.fields().stream().map(String::trim).toList();
        for (String name : required) {
            int i = names.indexOf(name);
            if (i < 0) {
                throw new InvalidInputException(file + ": the header has no column '" + name + "' (found "
                        + String.join(", ", names) + ")");
            }
            col.put(name, i);
        }
        return col;
    }

    private static String required(CsvReader.CsvRecord r, Map<String, Integer> col, String name) {
        String v = r.fields().get(col.get(name));
        if (v.isBlank()) {
            throw new RecordException(SkipReason.MISSING_FIELD, name, "'" + name + "' is empty");
        }
        return name.equals("prompt") ? v : v.trim();
    }

    private static List<Path> completionFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(COMPLETIONS_PREFIX) && n.endsWith(".csv") && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
