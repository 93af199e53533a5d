package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.omnireward.core.InvalidInputException;

/**
 * Opens preference data for training ({@code train bt --train FILE|DIR}), detecting the format by
 * name and content unless one is given.
 *
 * <ul>
 *   <li>A folder holding {@code xstest_v2_completions_*.csv} is an XSTest folder.</li>
 *   <li>Any other folder is read file by file, sub-folders included, in name order: each
 *       {@code .json}/{@code .jsonl} file by its detected (or the given) format; other files, and
 *       JSON files of unknown shape, are reported as {@link SkipReason#UNRECOGNISED_FILE}. Names
 *       starting with a dot are ignored.</li>
 *   <li>A JSON file (an array or JSON Lines) is recognised by the fields of its first record
 *       ({@link DataFormats#ofRecord}, the detection the benchmark loader shares):
 *       {@code chosen_messages} → chosen-messages; {@code conversations} → llamafactory-ranking;
 *       {@code instruction}, {@code output_1}, {@code output_2} → alpaca-eval; {@code criteria},
 *       {@code chosen}, {@code rejected} → unified; Omni-RewardBench records are refused.</li>
 * </ul>
 * Files that look like a benchmark test set ({@link TestSetGuard}) are refused when named directly
 * and skipped ({@link SkipReason#BENCHMARK_TEST_SPLIT}) inside a folder.
 */
public final class PreferenceReaders {

    private PreferenceReaders() {}

    /** {@link #open(Path, Optional)} with the format detected. */
    public static PreferenceSource open(Path path) {
        return open(path, Optional.empty());
    }

    /**
     * Opens a file or folder.
     *
     * @param format a format id or alias ({@link PreferenceFormat#lookup}); empty to detect
     * @throws InvalidInputException when the path does not exist, the format name is unknown, the
     *     format of a file cannot be detected, or the file looks like a benchmark test set
     */
    public static PreferenceSource open(Path path, Optional<String> format) {
        Optional<PreferenceFormat> f = format.filter(s -> !s.isBlank()).map(PreferenceFormat::parse);
        if (!Files.exists(path)) {
            throw new InvalidInputException("preference data not found: " + path);
        }
        TestSetGuard.reason(path).ifPresent(r -> {
            throw new InvalidInputException(path + ": " + r + "; benchmark test sets are reserved for evaluation and"
                    + " are never used for training");
        });
        if (Files.isDirectory(path)) {
            if (f.map(x -> x == PreferenceFormat.XSTEST).orElse(XsTestReader.isXsTestFolder(path))) {
                return new XsTestReader(path);
            }
            List<PreferenceSource> sources = new ArrayList<>();
            List<SkippedRecord> ignored = new ArrayList<>();
            walk(path, f, sources, ignored);
            return new FolderSource(path, sources, ignored);
        }
        if (f.isPresent()) {
            return reader(f.get(), path);
        }
        return reader(detect(path), path);
    }

    /** A reader of {@code path} in the given format. */
    public static PreferenceSource reader(PreferenceFormat format, Path path) {
        return switch (format) {
            case UNIFIED -> new UnifiedJsonlReader(path);
            case LLAMAFACTORY_RANKING -> new LlamaFactoryRankingReader(path);
            case CHOSEN_MESSAGES -> new ChosenMessagesReader(path);
            case ALPACA_EVAL -> new AlpacaEvalReader(path);
            case HH_RLHF -> new HhRlhfReader(path);
            case CHAT_PAIRS -> new ChatPairsReader(path);
            case RLAIF_V -> new RlaifVReader(path);
            case HPDV2 -> new Hpdv2Reader(path);
            case VIDEO_PAIRS -> new VideoPairsReader(path);
            case OMNIREWARDBENCH ->
                throw new InvalidInputException(path + ": Omni-RewardBench is a benchmark test set,"
                        + " reserved for evaluation and never used for training (data convert --from omnirewardbench writes"
                        + " it for bench run --data)");
            case ARENA_BENCH -> new ArenaBenchReader(path, ArenaBenchReader.DEFAULT_MIN_GAP);
            case FINEGRAINED_QA -> new FineGrainedQaReader(path);
            case NEWSROOM -> new NewsroomReader(path, NewsroomReader.DEFAULT_MIN_GAP);
            case WMT_MQM -> new WmtMqmReader(path, WmtMqmReader.DEFAULT_MIN_GAP);
            case XSTEST -> {
                if (Files.isDirectory(path)) {
                    yield new XsTestReader(path);
                }
                throw new InvalidInputException(path + ": XSTest pairs compare completions of several models for the"
                        + " same prompt; pass the folder holding " + XsTestReader.COMPLETIONS_PREFIX + "*.csv");
            }
        };
    }

    /**
     * The format of one file, from its name and first record.
     *
     * @throws InvalidInputException when it cannot be told, naming the fields found and the formats
     */
    public static PreferenceFormat detect(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            if (name.startsWith("xstest")) {
                throw new InvalidInputException(file + ": XSTest pairs compare completions of several models for the"
                        + " same prompt; pass the folder holding " + XsTestReader.COMPLETIONS_PREFIX + "*.csv");
            }
            throw new InvalidInputException(file + ": no CSV preference format is known besides XSTest folders;"
                    + " formats: " + PreferenceFormat.validNames());
        }
        JsonNode first = JsonRecords.firstRecord(file)
                .orElseThrow(
                        () -> new InvalidInputException(
                                file
                                        + " holds no JSON record object; expected a JSON array of records or one JSON object per line"));
        Optional<DataFormats.Detected> d = DataFormats.ofRecord(first);
        if (d.isPresent() && d.get().kind() == DataFormats.Kind.BENCHMARK) {
            throw new InvalidInputException(benchmarkRecords(file));
        }
        if (d.isPresent()) {
            return d.get().preferenceFormat().orElseThrow();
        }
        List<String> fields = new ArrayList<>();
        first.fieldNames().forEachRemaining(fields::add);
        throw new InvalidInputException(
                "cannot tell the preference format of " + file + " from its first record" + " (fields: "
                        + String.join(", ", fields) + "); give the format, one of " + PreferenceFormat.validNames());
    }

    private static String benchmarkRecords(Path file) {
        return file + " holds Omni-RewardBench records (criteria_preference, response1, response2); benchmark test"
                + " sets are reserved for evaluation and are never used for training (bench validate and bench run"
                + " read them)";
    }

    private static void walk(
            Path folder,
            Optional<PreferenceFormat> format,
            List<PreferenceSource> sources,
            List<SkippedRecord> ignored) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(folder)) {
            entries = s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        for (Path p : entries) {
            Optional<String> guard = TestSetGuard.reason(p);
            if (guard.isPresent()) {
                ignored.add(new SkippedRecord(
                        p.toString(),
                        "-",
                        "",
                        SkipReason.BENCHMARK_TEST_SPLIT,
                        guard.get() + "; reserved for evaluation, not read"));
                continue;
            }
            if (Files.isDirectory(p)) {
                if (format.isEmpty() && XsTestReader.isXsTestFolder(p)) {
                    sources.add(new XsTestReader(p));
                } else {
                    walk(p, format, sources, ignored);
                }
                continue;
            }
            String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean json = name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
            boolean parquet = name.endsWith(".parquet")
                    && format.filter(f -> f == PreferenceFormat.RLAIF_V).isPresent();
            if (!json && !parquet) {
                ignored.add(new SkippedRecord(
                        p.toString(),
                        "-",
                        "",
                        SkipReason.UNRECOGNISED_FILE,
                        "not a .json, .jsonl or .jsonl.gz file"
                                + (name.endsWith(".parquet") ? " (parquet is read for --format rlaif-v)" : "")
                                + "; not read"));
                continue;
            }
            if (format.isPresent()) {
                sources.add(reader(format.get(), p));
                continue;
            }
            try {
                sources.add(reader(detect(p), p));
            } catch (InvalidInputException e) {
                boolean benchmark = e.getMessage().equals(benchmarkRecords(p));
                ignored.add(new SkippedRecord(
                        p.toString(),
                        "-",
                        "",
                        benchmark ? SkipReason.BENCHMARK_TEST_SPLIT : SkipReason.UNRECOGNISED_FILE,
                        e.getMessage()));
            }
        }
    }
}
