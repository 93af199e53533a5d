package org.omnireward.data.sets.xstest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvReadException;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
import org.omnireward.core.util.Json;
import org.omnireward.data.Criteria;
import org.omnireward.data.DataFormats;
import org.omnireward.data.Groups;
import org.omnireward.data.PairSink;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.RecordException;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.read.JsonRecordReader;

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
    public static final String COMPLETIONS_PREFIX = DataFormats.XSTEST_COMPLETIONS_PREFIX;
    /** The provenance key of the human labels of a pair's two completions. */
    public static final String PROVENANCE_KEY = "xstest";
    /** The prompt list. */
    public static final String PROMPTS_FILE = "xstest_prompts.csv";

    private static final List<String> COMPLETION_COLUMNS = List.of("id", "type", "prompt", "completion", "final_label");
    private static final List<String> PROMPT_COLUMNS = List.of("id", "prompt", "type");

    /** The human label of a completion ({@code final_label}). */
    public enum Label {
        FULL_COMPLIANCE("1_full_compliance"),
        FULL_REFUSAL("2_full_refusal"),
        PARTIAL_REFUSAL("3_partial_refusal");

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
    public record Completion(
            String promptId,
            String type,
            String prompt,
            String model,
            String text,
            Label label,
            String file,
            long line) {

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
        return DataFormats.isXsTestFolder(folder);
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
            try (CsvFile csv = CsvFile.open(f, COMPLETION_COLUMNS)) {
                Optional<CsvRow> next;
                while ((next = csv.next()).isPresent()) {
                    CsvRow r = next.get();
                    try {
                        Completion c = completion(r, model, fileName);
                        if (!idsInFile.add(c.promptId())) {
                            throw new RecordException(
                                    SkipReason.INCONSISTENT,
                                    "id",
                                    "prompt id " + c.promptId() + " occurs twice in this file");
                        }
                        Completion first = firstOfPrompt.get(c.promptId());
                        if (first != null) {
                            requireSamePrompt(c, first);
                        } else {
                            crossCheck(c, prompts, sink, noted);
                            firstOfPrompt.put(c.promptId(), c);
                        }
                        out.add(c);
                    } catch (RecordException e) {
                        sink.skipped(new SkippedRecord(
                                f.toString(), "line " + r.line(), e.field(), e.reason(), e.getMessage()));
                    }
                }
            }
        }
        return out;
    }

    /** One row of a completions file: every field present, the completion not blank, a known label. */
    private static Completion completion(CsvRow r, String model, String fileName) {
        if (r.fieldCountMismatch() != null) {
            throw new RecordException(SkipReason.MALFORMED, "", r.fieldCountMismatch());
        }
        String id = required(r, "id");
        String type = required(r, "type");
        String prompt = required(r, "prompt");
        String text = r.value("completion");
        if (text.isBlank()) {
            throw new RecordException(SkipReason.EMPTY_TEXT, "completion", "the completion is blank");
        }
        String labelText = required(r, "final_label");
        Label label = Label.parse(labelText)
                .orElseThrow(() -> new RecordException(
                        SkipReason.INVALID_VALUE,
                        "final_label",
                        "unknown label '" + labelText
                                + "'; expected 1_full_compliance, 2_full_refusal or 3_partial_refusal"));
        return new Completion(id, type.trim(), prompt, model, text, label, fileName, r.line());
    }

    /** Refuses a completion whose prompt has another type or text than in the first file that has it. */
    private static void requireSamePrompt(Completion c, Completion first) {
        if (!first.type().equals(c.type())) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    "type",
                    "prompt " + c.promptId() + " has type '" + c.type() + "' here but '" + first.type() + "' in "
                            + first.where());
        }
        if (!first.prompt().strip().equals(c.prompt().strip())) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    "prompt",
                    "prompt " + c.promptId() + " has a different text here than in " + first.where());
        }
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
                        sink.skipped(new SkippedRecord(
                                b.file(),
                                "line " + b.line(),
                                "completion",
                                SkipReason.IDENTICAL_RESPONSES,
                                "the same text as " + a.where() + " but labelled "
                                        + b.label().value() + " there "
                                        + a.label().value()
                                        + "; these two make no pair"));
                        continue;
                    }
                    paired[i] = true;
                    paired[j] = true;
                    RecordSink.send(sink, ra > rb ? labelled(a, b) : labelled(b, a));
                }
            }
            for (int i = 0; i < cs.size(); i++) {
                if (!paired[i]) {
                    Completion c = cs.get(i);
                    sink.skipped(new SkippedRecord(
                            c.file(),
                            "line " + c.line(),
                            "final_label",
                            SkipReason.NO_CONTRASTING_LABEL,
                            "no other completion of prompt " + c.promptId()
                                    + " has a different label (this one: "
                                    + c.label().value()
                                    + ") and a different text, so there is nothing to prefer"));
                }
            }
        }
    }

    /**
     * The pair of {@code better} over {@code worse} as a record whose provenance keeps the two human
     * labels ({@code {"xstest": {"chosen_label": "1_full_compliance", "rejected_label": "2_full_refusal"}}}),
     * from which the mix's refusal step tells a refusal from a compliance.
     */
    static UnifiedRecord labelled(Completion better, Completion worse) {
        ObjectNode provenance = Json.mapper().createObjectNode();
        provenance
                .putObject(PROVENANCE_KEY)
                .put("chosen_label", better.label().value())
                .put("rejected_label", worse.label().value());
        return new UnifiedRecord(pair(better, worse), provenance, null);
    }

    /** The labels of an XSTest pair's two completions, read from its provenance ({@link #labelled}). */
    public static Optional<Label[]> labels(UnifiedRecord r) {
        JsonNode x = r.provenanceNode().map(p -> p.path(PROVENANCE_KEY)).orElse(null);
        if (x == null || !x.isObject()) {
            return Optional.empty();
        }
        Optional<Label> chosen = Label.parse(x.path("chosen_label").asText(""));
        Optional<Label> rejected = Label.parse(x.path("rejected_label").asText(""));
        return chosen.isPresent() && rejected.isPresent()
                ? Optional.of(new Label[] {chosen.get(), rejected.get()})
                : Optional.empty();
    }

    static PreferencePair pair(Completion better, Completion worse) {
        String id = pairId(better, worse);
        return PreferencePair.text(
                id,
                Groups.ofPrompt(better.prompt()),
                Criteria.SAFETY,
                better.prompt(),
                better.text(),
                worse.text(),
                id);
    }

    /**
     * The id of the pair of the same two completions the other way round: {@code xstest:v2-1/b>a} for
     * {@code xstest:v2-1/a>b}; an id not of that shape is returned as it is.
     */
    public static String reversedPairId(String id) {
        int slash = id.lastIndexOf('/');
        int gt = id.indexOf('>', slash + 1);
        if (slash < 0 || gt < 0 || id.indexOf('>', gt + 1) >= 0) {
            return id;
        }
        return id.substring(0, slash + 1) + id.substring(gt + 1) + ">" + id.substring(slash + 1, gt);
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
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    "type",
                    "prompt " + c.promptId() + " has type '" + c.type() + "' but '" + listedType + "' in "
                            + PROMPTS_FILE);
        }
        if (!listedPrompt.strip().equals(c.prompt().strip()) && noted.add(c.promptId())) {
            sink.note("xstest prompt " + c.promptId() + ": the completions answer \""
                    + c.prompt().strip() + "\" but " + PROMPTS_FILE + " lists \"" + listedPrompt.strip()
                    + "\"; the pairs use the completions' text");
        }
        if (!listedLabel.isEmpty()
                && listedLabel.equals("unsafe") != c.unsafePrompt()
                && noted.add(c.promptId() + "#label")) {
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
        try (CsvFile csv = CsvFile.open(file, PROMPT_COLUMNS)) {
            boolean hasLabel = csv.header().contains("label");
            Optional<CsvRow> next;
            while ((next = csv.next()).isPresent()) {
                CsvRow r = next.get();
                if (r.fieldCountMismatch() != null) {
                    sink.note(
                            file + " line " + r.line() + ": " + r.fieldCountMismatch() + "; not used for cross-checks");
                    continue;
                }
                String label = hasLabel ? r.value("label").trim().toLowerCase(Locale.ROOT) : "";
                out.put(
                        r.value("id").trim(),
                        new String[] {r.value("prompt"), r.value("type").trim(), label});
            }
        }
        return out;
    }

    private static String required(CsvRow r, String name) {
        String v = r.value(name);
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
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * One CSV record.
     *
     * @param line the (1-based) line where the record starts
     * @param values the fields by header column name (trimmed); columns the record lacks are absent
     * @param fieldCountMismatch why the record does not fit the header, or null when it does
     */
    private record CsvRow(long line, Map<String, String> values, String fieldCountMismatch) {
        String value(String column) {
            return values.getOrDefault(column, "");
        }
    }

    /**
     * A CSV file read with Jackson's CSV module (RFC 4180 quoting: commas, doubled quotes and line
     * breaks inside quoted fields), streamed record by record through a {@link MappingIterator}. The
     * first line is the header and becomes the schema's column names; empty lines are skipped; bytes
     * that are not UTF-8 are reported with their line ({@link JsonRecordReader#utf8Reader}, which also
     * drops a byte order mark). A syntax error (an unterminated quote, text after a closing quote)
     * is an {@link InvalidInputException} naming the file, line and column: after it the record
     * boundaries are unknown, so the rest of the file cannot be trusted.
     */
    private static final class CsvFile implements AutoCloseable {
        /** Jackson's name for fields beyond the header's columns; cannot clash with a real column name. */
        private static final String EXTRA_FIELD = "\0extra";

        private static final ObjectReader READER = CsvMapper.builder()
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .build()
                .readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader().withAnyPropertyName(EXTRA_FIELD));

        private final Path file;
        private final MappingIterator<Map<String, String>> rows;
        private final List<String> header;

        private CsvFile(Path file, MappingIterator<Map<String, String>> rows, List<String> header) {
            this.file = file;
            this.rows = rows;
            this.header = header;
        }

        /**
         * Opens {@code file} and reads its header.
         *
         * @throws InvalidInputException when the file is missing, empty, or its header lacks one of
         *     {@code required}
         */
        static CsvFile open(Path file, List<String> required) {
            MappingIterator<Map<String, String>> rows;
            try {
                rows = READER.readValues(JsonRecordReader.utf8Reader(file));
            } catch (NoSuchFileException e) {
                throw new InvalidInputException("CSV file not found: " + file);
            } catch (CsvReadException e) {
                if (String.valueOf(e.getOriginalMessage()).startsWith("Empty header line")) {
                    // Jackson reads the header eagerly and refuses a blank one
                    throw new InvalidInputException(
                            file + " is empty or its first line is blank; expected a header" + " with "
                                    + String.join(", ", required),
                            e);
                }
                throw syntaxError(file, e, 1);
            } catch (IOException e) {
                throw syntaxError(file, e, 1);
            }
            try {
                rows.hasNextValue(); // positions on the first record
            } catch (IOException e) {
                closeQuietly(rows);
                throw syntaxError(file, e, -1);
            } catch (RuntimeException e) {
                closeQuietly(rows);
                throw e;
            }
            CsvSchema schema = (CsvSchema) rows.getParserSchema();
            List<String> names = new ArrayList<>();
            for (CsvSchema.Column c : schema) {
                names.add(c.getName().trim());
            }
            if (names.isEmpty()) {
                closeQuietly(rows);
                throw new InvalidInputException(
                        file + " is empty; expected a header with " + String.join(", ", required));
            }
            for (String name : required) {
                if (!names.contains(name)) {
                    closeQuietly(rows);
                    throw new InvalidInputException(file + ": the header has no column '" + name + "' (found "
                            + String.join(", ", names) + ")");
                }
            }
            return new CsvFile(file, rows, List.copyOf(names));
        }

        /** The header's column names, trimmed. */
        List<String> header() {
            return header;
        }

        /** The next record, or empty at the end of the file. */
        Optional<CsvRow> next() {
            long line = -1;
            try {
                if (!rows.hasNextValue()) {
                    return Optional.empty();
                }
                line = rows.getParser().currentLocation().getLineNr();
                Map<String, String> raw = rows.nextValue();
                Map<String, String> values = new LinkedHashMap<>();
                boolean extra = false;
                for (Map.Entry<String, String> e : raw.entrySet()) {
                    if (e.getKey().equals(EXTRA_FIELD)) {
                        extra = true;
                    } else {
                        values.put(e.getKey().trim(), e.getValue() == null ? "" : e.getValue());
                    }
                }
                String mismatch = extra
                        ? "the record has more fields than the " + header.size() + " of the header"
                        : values.size() < header.size()
                                ? "the record has " + values.size() + " fields but the header has " + header.size()
                                : null;
                return Optional.of(new CsvRow(line, values, mismatch));
            } catch (IOException e) {
                throw syntaxError(file, e, line);
            }
        }

        private static InvalidInputException syntaxError(Path file, IOException e, long recordLine) {
            if (!(e instanceof JsonProcessingException j)) {
                return new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
            }
            JsonLocation at = j.getLocation();
            String where = at == null || at.getLineNr() < 1
                    ? ""
                    : " line " + at.getLineNr() + (at.getColumnNr() > 0 ? " column " + at.getColumnNr() : "");
            String record = recordLine > 0 && (at == null || at.getLineNr() != recordLine)
                    ? " (in the record that starts at line " + recordLine + ")"
                    : "";
            return new InvalidInputException(
                    "bad CSV in " + file + where + ": " + j.getOriginalMessage() + record
                            + "; the rest of the file cannot be read",
                    e);
        }

        private static void closeQuietly(MappingIterator<?> rows) {
            try {
                rows.close();
            } catch (IOException ignored) {
                // the original problem is what the caller needs to see
            }
        }

        @Override
        public void close() {
            closeQuietly(rows);
        }
    }
}
