package org.omnireward.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.run.RunManifest;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.runtime.endpoint.Credentials;

/**
 * {@code spark score}: every row of the input through the model, one Parquet line per row with the
 * fields of {@code predictions.jsonl}, written per partition into {@code --out}. Rerunning with the
 * same {@code --out} reads the keys already written and evaluates only the others (a left anti-join
 * on the key), so a killed job loses only its unfinished partitions and every key ends up with
 * exactly one line. A rerun must name the same model, options, setting and seed ({@value #CONFIG}).
 */
public final class SparkScore {

    /** The job's configuration, kept in the output folder (hidden from Parquet readers). */
    public static final String CONFIG = "_omni-reward-score.json";

    /**
     * What to score and how.
     *
     * @param in the input file or folder (any Hadoop file system)
     * @param format {@code jsonl}, {@code parquet}, or null to detect
     * @param out the output folder
     * @param spec the model spec and options as the user gave them
     * @param options the model options
     * @param setting {@code no_ties}, or {@code ties} (a judge may answer tie)
     * @param partitions partitions to spread the work over, or 0 for four per task slot
     */
    public record Request(
            String in,
            String format,
            String out,
            String spec,
            Map<String, String> options,
            Setting setting,
            long seed,
            int maxAttempts,
            boolean retryTruncated,
            int concurrency,
            int partitions) {}

    /**
     * What a run did.
     *
     * @param input rows read
     * @param alreadyDone rows whose key an earlier run wrote
     * @param duplicates rows left out because an earlier row has the same key
     * @param written lines this run wrote
     * @param failed of them, failed lines
     */
    public record Result(long input, long alreadyDone, long duplicates, long written, long failed, String out) {}

    private SparkScore() {}

    /** Runs (or resumes) the job; progress on {@code log}. */
    public static Result run(SparkSession spark, Request r, PrintStream log) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ScoreInput.Format format =
                r.format() == null ? ScoreInput.detect(r.in(), conf) : ScoreInput.Format.parse(r.format());
        JobSettings job = new JobSettings(
                SparkJobs.recipe(spark, r.spec(), r.options()), // checks the spec before --out is touched
                r.seed(),
                r.maxAttempts(),
                r.retryTruncated(),
                r.concurrency());
        checkConfig(r, conf);
        List<String> existing = ScoreInput.predictionFiles(r.out(), conf);
        if (existing.isEmpty()) {
            ExecutorModels.preload(spark, job.model()); // a fresh run: every row needs the model
        }
        int partitions =
                r.partitions() > 0 ? r.partitions() : 4 * spark.sparkContext().defaultParallelism();
        ScorePlan plan = ScorePlan.of(spark, r.in(), format, existing, r.setting(), partitions);
        announce(log, r, format, plan);

        PartitionCounters counters = PartitionCounters.create(spark.sparkContext());
        String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now())
                + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        if (plan.todoRows() > 0) {
            SparkJobs.clearTemporary(r.out(), conf);
            try (JobProgress ignored =
                    new JobProgress(spark.sparkContext(), counters.progress(), plan.todoRows(), "score", log)) {
                plan.todo()
                        .foreachPartition(new ScorePartition(
                                job, r.setting(), format == ScoreInput.Format.JSONL, r.out(), runId, counters));
            }
        }
        plan.release();
        return new Result(
                plan.inputRows(),
                plan.alreadyDone(),
                plan.duplicates(),
                counters.written().value(),
                counters.failed().value(),
                r.out());
    }

    private static void announce(PrintStream log, Request r, ScoreInput.Format format, ScorePlan plan) {
        log.printf(
                "%,d rows in %s (%s)%s%s; %,d to score in %d partitions%n",
                plan.inputRows(),
                r.in(),
                format.name().toLowerCase(java.util.Locale.ROOT),
                plan.duplicates() > 0
                        ? ", " + plan.duplicates() + " left out as repeated ids (the first row of an id counts)"
                        : "",
                plan.alreadyDone() > 0 ? ", " + plan.alreadyDone() + " already in " + r.out() : "",
                plan.todoRows(),
                plan.partitions());
    }

    /** Writes the job's configuration, or refuses a rerun into the same folder with another one. */
    static void checkConfig(Request r, Configuration conf) {
        ObjectNode cfg = Json.mapper().createObjectNode();
        cfg.put("model", Credentials.maskUrls(r.spec()));
        ObjectNode opts = cfg.putObject("model_options");
        new TreeMap<>(RunManifest.maskSecrets(r.options())).forEach(opts::put);
        cfg.put("setting", r.setting().wireName());
        cfg.put("seed", r.seed());
        Path out = new Path(r.out());
        Path file = new Path(out, CONFIG);
        try {
            FileSystem fs = out.getFileSystem(conf);
            if (fs.exists(out) && !fs.getFileStatus(out).isDirectory()) {
                throw new InvalidInputException("--out " + r.out() + " exists and is not a folder");
            }
            if (fs.exists(file)) {
                JsonNode earlier;
                try (InputStream in = fs.open(file)) {
                    earlier = Json.mapper().readTree(in);
                }
                for (String key : List.of("model", "model_options", "setting", "seed")) {
                    if (!cfg.get(key).toString().equals(String.valueOf(earlier.get(key)))) {
                        throw new InvalidInputException(
                                r.out() + " already holds lines of another job: " + key + " was "
                                        + earlier.get(key) + ", now " + cfg.get(key)
                                        + ". Use a new --out (or delete that folder to start over).");
                    }
                }
                return;
            }
            fs.mkdirs(out);
            try (OutputStream o = fs.create(file, true)) {
                o.write(Json.pretty().writeValueAsString(cfg).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
