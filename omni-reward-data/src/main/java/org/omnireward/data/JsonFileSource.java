package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.data.read.JsonRecordReader;

/**
 * Base of the readers of one JSON or JSON Lines file: streams the records (a JSON array or JSON Lines,
 * read by {@link JsonRecordReader}; a bad JSONL line is one skipped record, broken array syntax ends the file),
 * skips records marked as a benchmark test split ({@code split}/{@code datasplit} = {@code test}),
 * and lets the subclass map each remaining record to pairs.
 */
public abstract class JsonFileSource implements PreferenceSource {

    protected final Path file;

    /**
     * Where a record is: {@code label} goes into ids ({@code #12}: 0-based array element, {@code #L12}:
     * line), {@code where} into messages ({@code record 12}, {@code line 12}).
     */
    public record RecordRef(Path file, String label, String where) {

        public static RecordRef of(JsonRecordReader.Position p) {
            return p.shape() == JsonRecordReader.Shape.ARRAY
                    ? new RecordRef(p.file(), "#" + p.index(), "record " + p.index())
                    : new RecordRef(p.file(), "#L" + p.record(), "line " + p.record());
        }
    }

    /** Maps one record; throws {@link RecordException} to skip it with a reason. */
    private interface Handler {
        void record(RecordRef ref, JsonNode node);
    }

    /** Streams every record to {@code handler}; skipped records go to {@code sink}. */
    private static void stream(Path file, Handler handler, PairSink sink) {
        try (JsonRecordReader r = JsonRecordReader.open(file)) {
            while (r.hasNext()) {
                JsonRecordReader.Item item = r.next();
                RecordRef ref = RecordRef.of(item.position());
                if (item instanceof JsonRecordReader.Problem p) {
                    if (p.fatal()) {
                        throw fatal(file, p);
                    }
                    sink.skipped(
                            new SkippedRecord(file.toString(), ref.where(), "", SkipReason.MALFORMED, p.message()));
                    continue;
                }
                try {
                    handler.record(ref, ((JsonRecordReader.Record) item).node());
                } catch (RecordException e) {
                    sink.skipped(
                            new SkippedRecord(file.toString(), ref.where(), e.field(), e.reason(), e.getMessage()));
                }
            }
        }
    }

    private static InvalidInputException fatal(Path file, JsonRecordReader.Problem p) {
        String m = p.message();
        return new InvalidInputException(
                m.contains(file.toString()) ? m : file + ": " + m + "; the rest of the file cannot be read");
    }

    protected JsonFileSource(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public List<Path> files() {
        return List.of(file);
    }

    @Override
    public String description() {
        return format().id() + " file " + file;
    }

    @Override
    public void read(PairSink sink) {
        stream(
                file,
                (ref, node) -> {
                    if (!readsTestSplit()) {
                        checkSplit(node, "split");
                        checkSplit(node, "datasplit");
                        if (node.path("provenance").has("benchmark")) {
                            throw new RecordException(
                                    SkipReason.BENCHMARK_TEST_SPLIT,
                                    "provenance.benchmark",
                                    "the record was"
                                            + " converted from a benchmark (provenance.benchmark); benchmarks are reserved for evaluation");
                        }
                    }
                    map(ref, node, sink);
                },
                sink);
    }

    /** Whether records marked as a test split are read (only evaluation readers do). */
    protected boolean readsTestSplit() {
        return false;
    }

    private static void checkSplit(JsonNode node, String splitField) {
        JsonNode s = node.get(splitField);
        if (s != null
                && s.isTextual()
                && s.asText().trim().toLowerCase(Locale.ROOT).equals("test")) {
            throw new RecordException(
                    SkipReason.BENCHMARK_TEST_SPLIT,
                    splitField,
                    "the record is marked as a test split; test sets are reserved for evaluation");
        }
    }

    /** Maps one record object to pairs (into {@code sink}), or throws {@link RecordException}. */
    protected abstract void map(RecordRef ref, JsonNode record, PairSink sink);

    /** The source string of a record. */
    protected String sourceOf(RecordRef ref) {
        return Sources.of(format(), file, ref.label());
    }

    /** Rejects blank or identical text responses, naming the fields. */
    public static void requireDistinctTexts(String chosenField, String chosen, String rejectedField, String rejected) {
        if (chosen.isBlank()) {
            throw new RecordException(
                    SkipReason.EMPTY_TEXT, chosenField, "the response '" + chosenField + "' is blank");
        }
        if (rejected.isBlank()) {
            throw new RecordException(
                    SkipReason.EMPTY_TEXT, rejectedField, "the response '" + rejectedField + "' is blank");
        }
        if (chosen.strip().equals(rejected.strip())) {
            throw new RecordException(
                    SkipReason.IDENTICAL_RESPONSES,
                    "",
                    "'" + chosenField + "' and '" + rejectedField + "' are the same text");
        }
    }

    /**
     * A media file given by a path relative to {@code root} (the data file's folder), resolved with
     * {@link MediaRef#underRoot} so it never leaves that folder, and required to exist.
     */
    public static MediaRef media(Path root, String path, Modality modality, String field) {
        MediaRef ref;
        try {
            ref = MediaRef.underRoot(root, path, modality);
        } catch (InvalidInputException e) {
            throw new RecordException(SkipReason.INVALID_VALUE, field, e.getMessage());
        }
        if (!ref.exists()) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE, field, "media file '" + path + "' not found under " + root);
        }
        return ref;
    }

    /** A text pair of task t2t whose id is its source string. */
    public static PreferencePair textPair(
            String source, String criteria, String prompt, String chosen, String rejected, boolean tie) {
        return new PreferencePair(
                source,
                Task.T2T,
                Groups.ofPrompt(prompt),
                criteria,
                prompt,
                List.of(),
                Response.text(chosen),
                Response.text(rejected),
                tie,
                source);
    }
}
