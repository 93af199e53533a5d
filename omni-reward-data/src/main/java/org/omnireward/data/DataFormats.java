package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.omnireward.core.InvalidInputException;
import org.omnireward.data.read.JsonRecordReader;

/**
 * Format detection for preference data: which {@link PreferenceFormat} a file or folder holds.
 * Folders are recognised by file names (XSTest completion files, {@code dataset_info.json}), JSON
 * files by the fields of their first record ({@link #ofRecord}), which also recognises a record of
 * the benchmark's JSON layout (so that training readers refuse it). The benchmark loader
 * ({@code data.benchmark}) recognises its own layouts by file names and asks {@link #trainingDataHint}
 * what a folder holds instead when it finds none; the public-set readers ({@code data.sets}) pick a
 * reader with {@link #ofRecord}.
 */
public final class DataFormats {

    /** Which family of readers a detected format belongs to. */
    public enum Kind {
        /** An Omni-RewardBench layout: for {@code bench validate}/{@code bench run}. */
        BENCHMARK,
        /** Training preference data: for {@code data prepare}/{@code train bt --train}. */
        TRAINING
    }

    /**
     * One interpretation of a path.
     *
     * @param format the benchmark layout's name ({@code json}) or {@link PreferenceFormat#id()}
     * @param evidence what it was recognised by, for messages
     */
    public record Detected(Kind kind, String format, String evidence) {

        /** The training format, when {@link Kind#TRAINING}. */
        public Optional<PreferenceFormat> preferenceFormat() {
            return kind == Kind.TRAINING ? PreferenceFormat.lookup(format) : Optional.empty();
        }

        @Override
        public String toString() {
            return (kind == Kind.BENCHMARK ? "benchmark layout " : "training data ") + format + " (" + evidence + ")";
        }
    }

    /** File-name prefix of XSTest completion files ({@code xstest_v2_completions_<model>.csv}). */
    public static final String XSTEST_COMPLETIONS_PREFIX = "xstest_v2_completions_";

    /** The name of the benchmark's JSON layout, which a record of {@link #ofRecord} may belong to. */
    private static final String BENCHMARK_JSON_LAYOUT = "json";

    private DataFormats() {}

    /** True when {@code folder} holds at least one XSTest completion file. */
    public static boolean isXsTestFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.anyMatch(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(XSTEST_COMPLETIONS_PREFIX) && n.endsWith(".csv") && Files.isRegularFile(p);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every training-data interpretation of {@code path} (for a single file, also a benchmark record
     * shape); empty when nothing is recognised. Benchmark layouts of a folder are the benchmark
     * loader's to tell ({@code BenchmarkLoader.layoutsIn}); a folder holding {@code dataset_info.json}
     * is both the LLaMA-Factory benchmark layout and LLaMA-Factory training data.
     *
     * @throws InvalidInputException when the path does not exist, or a JSON file cannot be read
     */
    public static List<Detected> detect(Path path) {
        if (!Files.exists(path)) {
            throw new InvalidInputException("preference data not found: " + path);
        }
        List<Detected> out = new ArrayList<>();
        if (!Files.isDirectory(path)) {
            ofFile(path).ifPresent(out::add);
            return out;
        }
        if (isXsTestFolder(path)) {
            out.add(new Detected(Kind.TRAINING, PreferenceFormat.XSTEST.id(), XSTEST_COMPLETIONS_PREFIX + "*.csv"));
        }
        if (Files.isRegularFile(path.resolve("dataset_info.json"))) {
            out.add(new Detected(Kind.TRAINING, PreferenceFormat.LLAMAFACTORY_RANKING.id(), "dataset_info.json"));
        }
        Set<String> seen = new LinkedHashSet<>();
        out.forEach(d -> seen.add(d.kind() + d.format()));
        for (Path file : jsonFiles(path)) {
            try {
                ofFile(file)
                        .filter(d -> d.kind() == Kind.TRAINING && seen.add(d.kind() + d.format()))
                        .ifPresent(out::add);
            } catch (InvalidInputException e) {
                // an unreadable file says nothing about the folder's format
            }
        }
        return out;
    }

    /** The format of one JSON/JSONL file from its first record; empty when not recognised or not JSON. */
    public static Optional<Detected> ofFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".json") && !name.endsWith(".jsonl")) {
            return Optional.empty();
        }
        return firstRecord(file)
                .flatMap(first -> ofRecord(first)
                        .map(d -> new Detected(d.kind(), d.format(), d.evidence() + " of " + file.getFileName())));
    }

    /**
     * The format one record belongs to, by its fields: {@code criteria_preference} with
     * {@code response1}/{@code response2} (or their {@code *_path}) → the benchmark's JSON layout;
     * {@code chosen_messages} → chosen-messages; {@code conversations} → llamafactory-ranking;
     * {@code instruction}, {@code output_1}, {@code output_2} → alpaca-eval; {@code criteria},
     * {@code chosen}, {@code rejected} → unified.
     */
    public static Optional<Detected> ofRecord(JsonNode first) {
        if (first.has("criteria_preference") && (first.has("response1") || first.has("response1_path"))) {
            return Optional.of(new Detected(
                    Kind.BENCHMARK, BENCHMARK_JSON_LAYOUT, "fields criteria_preference, response1, response2"));
        }
        PreferenceFormat f = null;
        String by = null;
        if (first.has("chosen_messages") || first.has("rejected_messages")) {
            f = PreferenceFormat.CHOSEN_MESSAGES;
            by = "field chosen_messages";
        } else if (first.has("conversations")) {
            f = PreferenceFormat.LLAMAFACTORY_RANKING;
            by = "field conversations";
        } else if (first.has("instruction") && first.has("output_1") && first.has("output_2")) {
            f = PreferenceFormat.ALPACA_EVAL;
            by = "fields instruction, output_1, output_2";
        } else if (first.has("criteria") && first.has("chosen") && first.has("rejected")) {
            f = PreferenceFormat.UNIFIED;
            by = "fields criteria, chosen, rejected";
        }
        return f == null ? Optional.empty() : Optional.of(new Detected(Kind.TRAINING, f.id(), by));
    }

    /** The first record object of the file, for format detection; empty when the file has none. */
    public static Optional<JsonNode> firstRecord(Path file) {
        Optional<JsonRecordReader.Item> first = JsonRecordReader.first(file);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        if (first.get() instanceof JsonRecordReader.Record r) {
            return Optional.of(r.node());
        }
        JsonRecordReader.Problem p = (JsonRecordReader.Problem) first.get();
        if (p.fatal()) {
            throw fatal(file, p);
        }
        if (p.position().shape() == JsonRecordReader.Shape.ARRAY || !p.message().startsWith("bad JSON")) {
            return Optional.empty(); // the first record is valid JSON but not an object
        }
        throw new InvalidInputException(file + " line " + p.position().record() + " is not valid JSON (" + p.message()
                + "); expected a JSON array of records or one JSON object per line");
    }

    private static InvalidInputException fatal(Path file, JsonRecordReader.Problem p) {
        String m = p.message();
        return new InvalidInputException(
                m.contains(file.toString()) ? m : file + ": " + m + "; the rest of the file cannot be read");
    }

    /**
     * For the benchmark loader's "no benchmark found" message: what training data {@code dir} holds
     * instead, if any.
     */
    public static Optional<String> trainingDataHint(Path dir) {
        List<Detected> training;
        try {
            training =
                    detect(dir).stream().filter(d -> d.kind() == Kind.TRAINING).toList();
        } catch (InvalidInputException | UncheckedIOException e) {
            return Optional.empty();
        }
        if (training.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("It holds training preference data instead ("
                + String.join("; ", training.stream().map(Detected::toString).toList())
                + "): data prepare and train bt --train read"
                + " that, the bench commands read benchmark layouts.");
    }

    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p)
                            && !p.getFileName().toString().startsWith("."))
                    .filter(p ->
                            p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jsonl?"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
