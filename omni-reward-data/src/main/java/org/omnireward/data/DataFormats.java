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
import org.omnireward.data.benchmark.BenchmarkFormat;
import org.omnireward.data.benchmark.BenchmarkLoader;

/**
 * The one format detection entry point for preference data: tells whether a path holds a benchmark
 * (an Omni-RewardBench layout, read by {@link BenchmarkLoader}) or training data (a
 * {@link PreferenceFormat}, read by {@link PreferenceReaders}), and which. Folders are recognised by
 * file names ({@link BenchmarkLoader#layoutsIn}, XSTest completion files, {@code dataset_info.json});
 * JSON files by the fields of their first record ({@link #ofRecord}). Both loaders use it: the
 * training side to pick a reader and to refuse benchmark records, the benchmark side to say what a
 * folder holds instead when it finds no benchmark.
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
     * @param format {@link BenchmarkFormat#cliName()} or {@link PreferenceFormat#id()}
     * @param evidence what it was recognised by, for messages
     */
    public record Detected(Kind kind, String format, String evidence) {

        /** The benchmark layout, when {@link Kind#BENCHMARK}. */
        public Optional<BenchmarkFormat> benchmarkFormat() {
            return kind == Kind.BENCHMARK ? Optional.of(BenchmarkFormat.parse(format)) : Optional.empty();
        }

        /** The training format, when {@link Kind#TRAINING}. */
        public Optional<PreferenceFormat> preferenceFormat() {
            return kind == Kind.TRAINING ? PreferenceFormat.lookup(format) : Optional.empty();
        }

        @Override
        public String toString() {
            return (kind == Kind.BENCHMARK ? "benchmark layout " : "training data ") + format + " (" + evidence + ")";
        }
    }

    private DataFormats() {}

    /**
     * Every interpretation of {@code path}, benchmark layouts first; empty when nothing is recognised.
     * A folder holding {@code dataset_info.json} is both the LLaMA-Factory benchmark layout and
     * LLaMA-Factory training data.
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
        for (BenchmarkFormat f : BenchmarkLoader.layoutsIn(path)) {
            out.add(new Detected(Kind.BENCHMARK, f.cliName(), "file names"));
        }
        if (XsTestReader.isXsTestFolder(path)) {
            out.add(new Detected(
                    Kind.TRAINING, PreferenceFormat.XSTEST.id(), XsTestReader.COMPLETIONS_PREFIX + "*.csv"));
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
        return JsonRecords.firstRecord(file)
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
                    Kind.BENCHMARK,
                    BenchmarkFormat.JSON.cliName(),
                    "fields criteria_preference, response1, response2"));
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
