package org.omnireward.spark;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.omnireward.bench.metrics.Prices;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryReader;
import org.omnireward.bench.metrics.TieCalibrationMode;
import org.omnireward.bench.metrics.TieScope;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.Task;
import org.omnireward.data.benchmark.BenchmarkFormat;
import org.omnireward.data.benchmark.LoadOptions;
import org.omnireward.runtime.RetryPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward spark score|bench}: the main class for {@code ./omni-reward spark …} and for
 * {@code spark-submit --class org.omnireward.spark.SparkCli omni-reward-spark.jar score|bench …}.
 */
@Command(
        name = "omni-reward spark",
        mixinStandardHelpOptions = true,
        version = "omni-reward spark 0.1.0",
        description = "Score, judge and benchmark on Apache Spark with the same models (docs/spark.md).",
        subcommands = {SparkCli.Score.class, SparkCli.Bench.class})
public final class SparkCli implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        ExecutorLauncher.start(); // the launcher's JVM-wide settings, unless the user set them
        System.exit(commandLine().execute(args));
    }

    /** The command line (tests run it without exiting). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SparkCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable shown = e;
            boolean input = e instanceof OmniRewardException;
            cmd.getErr().println("omni-reward spark: " + (shown.getMessage() == null ? shown : shown.getMessage()));
            if (System.getenv("OMNI_REWARD_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            } else if (!input && !(e instanceof UncheckedIOException)) {
                cmd.getErr().println("(set OMNI_REWARD_DEBUG=1 to see the stack trace)");
            }
            return input ? 2 : 1;
        });
        return cl;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Options both commands share. */
    static class Common {
        @Option(
                names = "--model",
                required = true,
                paramLabel = "SPEC",
                description = "The model, e.g. embedded, bt:hdfs://nn/models/bt, rm:s3a://b/rm, openai:gpt-4o.")
        String model;

        @Option(
                names = "--model-option",
                paramLabel = "KEY=VALUE",
                description = "An option for the model provider (repeatable).")
        Map<String, String> modelOptions = new LinkedHashMap<>();

        @Option(
                names = "--master",
                paramLabel = "URL",
                description =
                        "Spark master, e.g. local[*] or local[2] (default: what spark-submit set, else local[*]).")
        String master;

        @Option(
                names = "--concurrency",
                defaultValue = "4",
                paramLabel = "N",
                description =
                        "Model calls in flight per partition: judges' pairs, scalar models' batches (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(
                names = "--partitions",
                defaultValue = "0",
                paramLabel = "N",
                description = "Partitions to spread the work over; a killed job redoes only unfinished ones "
                        + "(default: four per task slot).")
        int partitions;

        @Option(
                names = "--seed",
                defaultValue = "0",
                paramLabel = "N",
                description = "Seeds which response a judge sees first (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--max-attempts",
                defaultValue = "" + RetryPolicy.DEFAULT_MAX_ATTEMPTS,
                paramLabel = "N",
                description = "Model calls per line before it is recorded as failed (default: ${DEFAULT-VALUE}).")
        int maxAttempts;

        @Option(names = "--retry-truncated", description = "Retry judge answers cut off at the token limit.")
        boolean retryTruncated;

        void check() {
            if (concurrency < 1) {
                throw new org.omnireward.core.InvalidInputException(
                        "--concurrency must be at least 1, got " + concurrency);
            }
            if (maxAttempts < 1) {
                throw new org.omnireward.core.InvalidInputException(
                        "--max-attempts must be at least 1, got " + maxAttempts);
            }
            if (partitions < 0) {
                throw new org.omnireward.core.InvalidInputException(
                        "--partitions must not be negative, got " + partitions);
            }
        }
    }

    /** {@code spark score}. */
    @Command(
            name = "score",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Scores (scalar models) or judges (pairwise models) every row of unified JSONL or Parquet; writes one "
                        + "Parquet line per row with the fields of predictions.jsonl into --out. A row that cannot be "
                        + "evaluated is a line with failed, error and error_kind. Rerun with the same --out to resume."
            })
    static final class Score extends Common implements Callable<Integer> {
        @Option(
                names = "--in",
                required = true,
                paramLabel = "PATH",
                description =
                        "Unified JSONL (.jsonl, .jsonl.gz) or Parquet: a file or folder on any Hadoop file system.")
        String in;

        @Option(
                names = "--format",
                paramLabel = "jsonl|parquet",
                description = "The input format (default: from the names).")
        String format;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "The output folder of Parquet files.")
        String out;

        @Option(names = "--ties", description = "Judge in the ties setting (a judge may answer tie); default: no_ties.")
        boolean ties;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec cmd;

        @Override
        public Integer call() throws Exception {
            check();
            PrintStream log = System.err;
            try (SparkSession spark = SparkJobs.session(master, "omni-reward spark score")) {
                SparkScore.Result r = SparkScore.run(
                        spark,
                        new SparkScore.Request(
                                in,
                                format,
                                out,
                                model,
                                modelOptions,
                                ties ? Setting.TIES : Setting.NO_TIES,
                                seed,
                                maxAttempts,
                                retryTruncated,
                                concurrency,
                                partitions),
                        log);
                cmd.commandLine()
                        .getOut()
                        .printf(
                                "%s: %,d new lines (%,d failed), %,d already there, %,d rows of repeated ids left out%n",
                                r.out(), r.written(), r.failed(), r.alreadyDone(), r.duplicates());
                cmd.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    /** {@code spark bench}. */
    @Command(
            name = "bench",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "bench run on Spark: the same run.json, predictions.jsonl and summary.json (bench report reads them); "
                        + "lines are kept per partition in OUT/predictions.parquet/, and a rerun with the same --out resumes."
            })
    static final class Bench extends Common implements Callable<Integer> {
        @Option(
                names = "--data",
                required = true,
                paramLabel = "DIR",
                description = "The benchmark folder or unified JSONL file.")
        Path data;

        @Option(names = "--format", paramLabel = "hf|json|llamafactory|unified", description = "Force the layout.")
        String dataFormat;

        @Option(names = "--media-root", paramLabel = "DIR", description = "Where relative media paths resolve.")
        Path mediaRoot;

        @Option(
                names = "--task",
                paramLabel = "TASK",
                description = "hf/json: read only this task; llamafactory: the task of unnamed entries.")
        String task;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run directory.")
        Path out;

        @Option(
                names = "--setting",
                defaultValue = "both",
                paramLabel = "no-ties|ties|both",
                description = "Settings (default: ${DEFAULT-VALUE}).")
        String setting;

        @Option(names = "--tasks", split = ",", paramLabel = "TASK[,TASK...]", description = "Only these tasks.")
        List<String> tasks;

        @Option(names = "--limit", paramLabel = "N", description = "At most N records per task.")
        Integer limit;

        @Option(names = "--tie-calibration", defaultValue = "definition", paramLabel = "definition|reference")
        String tieCalibration;

        @Option(names = "--tie-scope", defaultValue = "per-task", paramLabel = "per-task|global")
        String tieScope;

        @Option(names = "--price-input", paramLabel = "USD", description = "Price of a million input tokens.")
        Double priceInput;

        @Option(names = "--price-output", paramLabel = "USD", description = "Price of a million output tokens.")
        Double priceOutput;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec cmd;

        @Override
        public Integer call() throws Exception {
            check();
            TieCalibrationMode calibration = TieCalibrationMode.parse(tieCalibration);
            TieScope scope = TieScope.parse(tieScope);
            RunInfo.checkCombination(calibration, scope);
            LoadOptions load = loadOptions();
            Set<Task> taskFilter = taskFilter();
            PrintStream log = System.err;
            var stdout = cmd.commandLine().getOut();
            try (SparkSession spark = SparkJobs.session(master, "omni-reward spark bench")) {
                SparkBench.Result r = SparkBench.run(
                        spark,
                        new SparkBench.Request(
                                data,
                                load,
                                out,
                                model,
                                modelOptions,
                                settings(setting),
                                taskFilter,
                                limit,
                                seed,
                                maxAttempts,
                                retryTruncated,
                                concurrency,
                                partitions,
                                calibration,
                                scope,
                                Prices.ofNullable(priceInput, priceOutput),
                                "spark-" + version()),
                        log);
                report(stdout, r);
            }
            return 0;
        }

        /** How the benchmark is read: {@code --format}, {@code --media-root}, {@code --task}, the seed. */
        private LoadOptions loadOptions() {
            LoadOptions load = LoadOptions.defaults().withSeed(seed);
            if (dataFormat != null) {
                load = load.withFormat(BenchmarkFormat.parse(dataFormat));
            }
            if (mediaRoot != null) {
                load = load.withMediaRoot(mediaRoot);
            }
            if (task != null) {
                load = load.withTask(Task.parse(task));
            }
            return load;
        }

        /** The tasks {@code --tasks} names (none: every task). */
        private Set<Task> taskFilter() {
            Set<Task> taskFilter = EnumSet.noneOf(Task.class);
            if (tasks != null) {
                tasks.stream().filter(t -> !t.isBlank()).map(Task::parse).forEach(taskFilter::add);
            }
            return taskFilter;
        }

        /** Where the lines and the summary are, and each setting's overall accuracy. */
        private static void report(PrintWriter stdout, SparkBench.Result r) {
            stdout.printf(
                    "predictions: %s (%d new lines, %d already there; %d failed)%n",
                    r.out().resolve("predictions.jsonl"), r.written(), r.alreadyDone(), r.failed());
            if (!r.unsupported().isEmpty()) {
                stdout.println("unsupported by the model (not run): "
                        + String.join(
                                ", ", r.unsupported().stream().map(Task::id).toList()));
            }
            stdout.println("summary: " + r.summary());
            Summary s = SummaryReader.read(r.summary());
            for (Map.Entry<String, Summary.SettingSummary> e : s.settings().entrySet()) {
                Summary.SettingSummary st = e.getValue();
                stdout.printf(
                        "  %-8s overall accuracy %s%n",
                        e.getKey(),
                        st.overall() == null ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * st.overall()));
            }
            stdout.println("full report: omni-reward bench report " + r.out());
            stdout.flush();
        }

        private static Set<Setting> settings(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "both" -> EnumSet.allOf(Setting.class);
                case "no-ties" -> EnumSet.of(Setting.NO_TIES);
                case "ties" -> EnumSet.of(Setting.TIES);
                default ->
                    throw new org.omnireward.core.InvalidInputException(
                            "--setting must be no-ties, ties or both, got '" + value + "'");
            };
        }

        private static String version() {
            String v = SparkCli.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
