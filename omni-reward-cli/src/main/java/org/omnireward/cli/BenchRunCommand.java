package org.omnireward.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.omnireward.bench.metrics.Prices;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryReader;
import org.omnireward.bench.metrics.TieCalibrationMode;
import org.omnireward.bench.metrics.TieScope;
import org.omnireward.bench.report.CallsTable;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.run.BenchmarkRunner;
import org.omnireward.bench.run.ProgressListener;
import org.omnireward.bench.run.RunFinisher;
import org.omnireward.bench.run.RunFolder;
import org.omnireward.bench.run.RunResult;
import org.omnireward.bench.run.RunSummaries;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.Task;
import org.omnireward.data.benchmark.BenchmarkLoader;
import org.omnireward.data.benchmark.BenchmarkOpener;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.LoadOptions;
import org.omnireward.runtime.RetryPolicy;
import org.omnireward.runtime.endpoint.Credentials;
import org.omnireward.runtime.endpoint.ReplicaStats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward bench run}: runs a reward model over Omni-RewardBench, writing {@code run.json},
 * {@code predictions.jsonl} and {@code summary.json} to {@code --out}. A rerun with the same
 * {@code --out} resumes where the last one stopped.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run a reward model over Omni-RewardBench.",
            "Writes run.json, predictions.jsonl (one line per sample and setting) and summary.json to --out; "
                    + "a rerun with the same --out resumes where the last run stopped."
        })
public final class BenchRunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BenchmarkDataOptions dataOptions;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "SPEC",
            description =
                    "The model as provider[:argument], e.g. length, random; `omni-reward models` lists providers.")
    String model;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "The run directory for run.json, predictions.jsonl and summary.json.")
    Path out;

    @Option(
            names = "--setting",
            defaultValue = "both",
            paramLabel = "no-ties|ties|both",
            description = "Which evaluation setting(s) to run (default: ${DEFAULT-VALUE}).")
    String setting;

    @Option(
            names = "--tasks",
            split = ",",
            paramLabel = "TASK",
            description = "Only these tasks, by short id or long name (e.g. t2t,text_image_to_text). Default: all.")
    List<String> tasks;

    @Option(names = "--limit", paramLabel = "N", description = "At most N records per task (the first ones).")
    Integer limit;

    @Option(
            names = "--concurrency",
            defaultValue = "" + BenchmarkRunner.DEFAULT_CONCURRENCY,
            paramLabel = "N",
            description = "Parallel model calls (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Seeds which response a judge sees first and the order of chosen/rejected pairs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--max-attempts",
            defaultValue = "" + RetryPolicy.DEFAULT_MAX_ATTEMPTS,
            paramLabel = "N",
            description = "Model calls per line before it is recorded as failed (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(
            names = "--tie-calibration",
            defaultValue = "definition",
            paramLabel = "definition|reference",
            description = "How the summary calibrates ties of scalar models: the definition, or the reference "
                    + "implementation's behaviour for comparison with published numbers (default: ${DEFAULT-VALUE}).")
    String tieCalibration;

    @Option(
            names = "--tie-scope",
            defaultValue = "per-task",
            paramLabel = "per-task|global",
            description = "Calibrate the tie threshold of scalar models per task, or one threshold for all tasks "
                    + "(default: ${DEFAULT-VALUE}).")
    String tieScope;

    @Option(
            names = "--price-input",
            paramLabel = "USD",
            description = "Price of a million input tokens, for the run's cost in the summary and reports "
                    + "(kept in run.json; a rerun without it keeps the earlier price).")
    Double priceInput;

    @Option(
            names = "--price-output",
            paramLabel = "USD",
            description = "Price of a million output tokens (see --price-input).")
    Double priceOutput;

    @Option(
            names = "--retry-failed",
            description =
                    "Attempt again the failed lines of an earlier run into the same --out (model failures, and "
                            + "records that were invalid but have since been fixed). The old lines are replaced, never duplicated.")
    boolean retryFailed;

    @Option(
            names = "--retry-truncated",
            description =
                    "Retry lines whose answer was cut off at the token limit (finish reason length / max_tokens), "
                            + "up to --max-attempts, like transient failures; by default they are recorded as truncated at once, "
                            + "since the same request is usually cut off again (raise the judge's max-tokens instead).")
    boolean retryTruncated;

    @Option(
            names = "--model-option",
            paramLabel = "KEY=VALUE",
            description = "An option for the model provider (repeatable), e.g. --model-option seed=3.")
    Map<String, String> modelOptions = new LinkedHashMap<>();

    private final BenchmarkOpener opener;
    private final RunFinisher finisherOverride;
    private final PrintStream progressOut;

    /** The command as the CLI creates it. */
    public BenchRunCommand() {
        this(BenchRunCommand::openBenchmark, null, System.err);
    }

    /** For tests: open benchmarks with {@code opener}, finish runs with {@code finisher} (null: {@link #finishRun}). */
    BenchRunCommand(BenchmarkOpener opener, RunFinisher finisher, PrintStream progressOut) {
        this.opener = opener;
        this.finisherOverride = finisher;
        this.progressOut = progressOut;
    }

    /**
     * Opens {@code --data} with the layout detected (or forced by {@code --format}).
     */
    static BenchmarkSource openBenchmark(Path dataDir, LoadOptions options) {
        return BenchmarkLoader.open(dataDir, options);
    }

    /**
     * Finishes a run: computes {@code summary.json} from the run directory's {@code run.json} and
     * {@code predictions.jsonl}.
     *
     * @return the summary file written, or null when none was
     */
    static Path finishRun(Path outDir) {
        return RunSummaries.write(outDir);
    }

    @Override
    public Integer call() {
        Set<Setting> settings = parseSettings(setting);
        Set<Task> taskFilter = parseTasks(tasks);
        TieCalibrationMode calibration = TieCalibrationMode.parse(tieCalibration);
        TieScope scope = TieScope.parse(tieScope);
        RunInfo.checkCombination(calibration, scope);
        requireAtLeastOne("--concurrency", concurrency);
        requireAtLeastOne("--max-attempts", maxAttempts);
        if (limit != null) {
            requireAtLeastOne("--limit", limit);
        }
        Prices prices = Prices.ofNullable(priceInput, priceOutput);
        LoadOptions options = dataOptions.toLoadOptions(seed);
        ModelSpec modelSpec = ModelSpec.parse(model, modelOptions);
        Path outDir = out.toAbsolutePath().normalize();
        Path[] summary = new Path[1];
        RunFinisher finisher = finisherOverride != null ? finisherOverride : dir -> summary[0] = finishRun(dir);

        PrintWriter stdout = spec.commandLine().getOut();
        RunResult result;
        try (RewardModel rewardModel = RewardModels.create(modelSpec);
                BenchmarkSource source = opener.open(dataOptions.data, options)) {
            stdout.printf(
                    "model %s (%s) on %s (%s format), out %s%n",
                    Credentials.maskUrls(modelSpec.toString()),
                    rewardModel instanceof PairwiseRewardModel ? "pairwise" : "scalar",
                    source.dataDir(),
                    source.format().cliName(),
                    outDir);
            stdout.flush();
            result = BenchmarkRunner.builder()
                    .setSource(source)
                    .setModel(rewardModel)
                    .setOutDir(outDir)
                    .optModelSpec(modelSpec)
                    .optSettings(settings)
                    .optTasks(taskFilter)
                    .optLimitPerTask(limit)
                    .optConcurrency(concurrency)
                    .optSeed(seed)
                    .optRetryPolicy(
                            RetryPolicy.defaults().withMaxAttempts(maxAttempts).withRetryTruncated(retryTruncated))
                    .optProgress(ProgressListener.forConsole(progressOut))
                    .optFinisher(finisher)
                    .optToolVersion(toolVersion())
                    .optTieCalibration(calibration)
                    .optTieScope(scope)
                    .optPrices(prices)
                    .optRetryFailed(retryFailed)
                    .build()
                    .run();
        }
        printResult(stdout, result, summary[0]);
        return 0;
    }

    private static void printResult(PrintWriter out, RunResult r, Path summary) {
        out.printf(
                "predictions: %s (%d new lines, %d already there; %d failed, %d of them invalid records)%n",
                r.predictionsFile(), r.written(), r.alreadyDone(), r.failed(), r.invalid());
        for (Map.Entry<Task, RunResult.TaskCounts> e : r.tasks().entrySet()) {
            RunResult.TaskCounts c = e.getValue();
            out.printf(
                    "  %-5s %6d new  %6d already there  %5d failed  %5d invalid%s%n",
                    e.getKey().id(),
                    c.written(),
                    c.alreadyDone(),
                    c.failed(),
                    c.invalid(),
                    c.duplicates() > 0 ? "  " + c.duplicates() + " lines of repeated ids skipped" : "");
        }
        if (r.replicas().size() > 1) {
            out.println("replicas (requests this run; also in " + RunFolder.REPLICAS + "):");
            for (ReplicaStats s : r.replicas()) {
                out.printf(
                        "  %-40s %,8d requests  %4d failed  %3d ejections  %s%n",
                        s.endpoint(),
                        s.requests(),
                        s.failed(),
                        s.ejections(),
                        s.healthy() ? "healthy" : "out of rotation");
            }
        }
        if (!r.unsupported().isEmpty()) {
            out.println("unsupported by the model (not run): "
                    + r.unsupported().stream().map(Task::id).collect(Collectors.joining(", ")));
        }
        if (summary != null && Files.exists(summary)) {
            out.println("summary: " + summary);
            printOverall(out, SummaryReader.read(summary));
            out.println("full report: omni-reward bench report " + r.outDir());
        } else {
            Path expected = r.outDir().resolve("summary.json");
            out.println("summary: " + (Files.exists(expected) ? expected.toString() : "not written"));
        }
        out.flush();
    }

    private static void printOverall(PrintWriter out, Summary s) {
        for (Map.Entry<String, Summary.SettingSummary> e : s.settings().entrySet()) {
            Summary.SettingSummary st = e.getValue();
            long tasksWithData =
                    st.tasks().values().stream().filter(t -> t.n() > 0).count();
            out.printf(
                    "  %-8s overall accuracy %s over %d task(s)%s%n",
                    e.getKey(),
                    st.overall() == null ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * st.overall()),
                    tasksWithData,
                    st.overallStrict() == null || st.overallStrict().equals(st.overall())
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    " (%.2f%% counting failed samples as wrong)",
                                    100 * st.overallStrict()));
            if (st.calls() != null) {
                out.printf("  %-8s calls: %s%n", "", CallsTable.line(st.calls()));
            }
        }
    }

    static Set<Setting> parseSettings(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (v) {
            case "both":
                return EnumSet.allOf(Setting.class);
            case "no-ties":
                return EnumSet.of(Setting.NO_TIES);
            case "ties":
                return EnumSet.of(Setting.TIES);
            default:
                throw new InvalidInputException("--setting must be no-ties, ties or both, got '" + value + "'");
        }
    }

    static Set<Task> parseTasks(List<String> names) {
        Set<Task> out = EnumSet.noneOf(Task.class);
        if (names != null) {
            for (String n : names) {
                if (!n.isBlank()) {
                    out.add(Task.parse(n));
                }
            }
        }
        return out;
    }

    private static void requireAtLeastOne(String option, int value) {
        if (value < 1) {
            throw new InvalidInputException(option + " must be at least 1, got " + value);
        }
    }

    private String toolVersion() {
        String[] v = spec.root().version();
        if (v == null || v.length == 0 || v[0].isBlank()) {
            return "dev";
        }
        String s = v[0].trim();
        return s.startsWith("omni-reward ") ? s.substring("omni-reward ".length()) : s;
    }
}
