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

/**
 * Base of the readers of one JSON or JSON Lines file: streams the records (see {@link JsonRecords}),
 * skips records marked as a benchmark test split ({@code split}/{@code datasplit} = {@code test}),
 * and lets the subclass map each remaining record to pairs.
 */
public abstract sealed class JsonFileSource implements PreferenceSource
        permits AlpacaEvalReader,
                LlamaFactoryRankingReader,
                ChosenMessagesReader,
                UnifiedJsonlReader,
                HhRlhfReader,
                ChatPairsReader,
                Hpdv2Reader,
                VideoPairsReader,
                RlaifVReader.RlaifVJsonReader {

    protected final Path file;

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
        JsonRecords.stream(
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
    boolean readsTestSplit() {
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
    abstract void map(JsonRecords.RecordRef ref, JsonNode record, PairSink sink);

    /** The source string of a record. */
    String sourceOf(JsonRecords.RecordRef ref) {
        return Sources.of(format(), file, ref.label());
    }

    /** Rejects blank or identical text responses, naming the fields. */
    static void requireDistinctTexts(String chosenField, String chosen, String rejectedField, String rejected) {
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
    static MediaRef media(Path root, String path, Modality modality, String field) {
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
    static PreferencePair textPair(
            String source, String criteria, String prompt, String chosen, String rejected, boolean tie) {
        return new PreferencePair(
                source,
                org.omnireward.core.Task.T2T,
                Groups.ofPrompt(prompt),
                criteria,
                prompt,
                List.of(),
                org.omnireward.core.Response.text(chosen),
                org.omnireward.core.Response.text(rejected),
                tie,
                source);
    }
}
