package org.omnireward.bench.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.omnireward.bench.metrics.Prices;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.runtime.endpoint.Credentials;

/**
 * {@code run.json}: the configuration of a run, written when it starts. A rerun into the same
 * directory must name the same model, data, format and seed ({@link #differencesFrom}); settings,
 * tasks and unsupported tasks accumulate over the runs ({@link #continuing}); the other fields
 * describe the latest invocation. Model options whose names suggest a secret ({@code key},
 * {@code token}, {@code secret}, {@code password}) are stored as {@code "***"}, and in the model spec
 * and every option value the user-info and query values of URLs are masked ({@code
 * http://***@host/v1?key=***}), so credentials in a base URL never reach the file.
 *
 * @param model the model spec as the user wrote it ({@code provider[:argument]})
 * @param modelOptions the model options, secrets masked
 * @param modelKind {@code pairwise} or {@code scalar}
 * @param data absolute path of the benchmark folder
 * @param format the benchmark layout ({@code hf}, {@code json}, {@code llamafactory})
 * @param mediaRoot absolute path where media resolve
 * @param settings {@code no_ties} and/or {@code ties}
 * @param tasks the selected tasks the model supports (short ids), i.e. the tasks that run
 * @param unsupported the selected tasks the model does not support
 * @param limit records per task, or null for all
 * @param seed seeds the response-order swap of pairwise models (and the loader's pair order)
 * @param concurrency parallel model calls
 * @param maxAttempts calls per line in all
 * @param tieCalibration how the summary calibrates ties for scalar models ({@code definition} or {@code reference})
 * @param tieScope whether ties are calibrated per task ({@code per_task}) or with one threshold ({@code global})
 * @param prices token prices for the cost in the summary, or null; a rerun without prices keeps the earlier ones
 * @param toolVersion the version of the tool that wrote the file
 * @param startedAt when the first run into this directory started (ISO-8601)
 * @param lastStartedAt when the latest run into this directory started (ISO-8601)
 * @param retryTruncated true when answers cut off at the token limit were retried ({@code
 *     --retry-truncated}); null otherwise
 */
@JsonPropertyOrder({
    "model",
    "model_options",
    "model_kind",
    "data",
    "format",
    "media_root",
    "settings",
    "tasks",
    "unsupported",
    "limit",
    "seed",
    "concurrency",
    "max_attempts",
    "tie_calibration",
    "tie_scope",
    "prices",
    "tool_version",
    "started_at",
    "last_started_at",
    "retry_truncated"
})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunManifest(
        @JsonProperty("model") String model,
        @JsonProperty("model_options") Map<String, String> modelOptions,
        @JsonProperty("model_kind") String modelKind,
        @JsonProperty("data") String data,
        @JsonProperty("format") String format,
        @JsonProperty("media_root") String mediaRoot,
        @JsonProperty("settings") List<String> settings,
        @JsonProperty("tasks") List<String> tasks,
        @JsonProperty("unsupported") List<String> unsupported,
        @JsonProperty("limit") Integer limit,
        @JsonProperty("seed") long seed,
        @JsonProperty("concurrency") int concurrency,
        @JsonProperty("max_attempts") int maxAttempts,
        @JsonProperty("tie_calibration") String tieCalibration,
        @JsonProperty("tie_scope") String tieScope,

        @JsonProperty("prices") @JsonInclude(JsonInclude.Include.NON_NULL)
        Prices prices,

        @JsonProperty("tool_version") String toolVersion,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("last_started_at") String lastStartedAt,

        @JsonProperty("retry_truncated") @JsonInclude(JsonInclude.Include.NON_NULL)
        Boolean retryTruncated) {

    /** File name inside a run directory. */
    public static final String NAME = "run.json";

    public RunManifest {
        model = model == null ? null : Credentials.maskUrls(model);
        modelOptions = modelOptions == null ? Map.of() : maskUrls(modelOptions);
        settings = settings == null ? List.of() : List.copyOf(settings);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        unsupported = unsupported == null ? List.of() : List.copyOf(unsupported);
    }

    /** A manifest without {@code retry_truncated} (runs that do not retry truncated answers). */
    public RunManifest(
            String model,
            Map<String, String> modelOptions,
            String modelKind,
            String data,
            String format,
            String mediaRoot,
            List<String> settings,
            List<String> tasks,
            List<String> unsupported,
            Integer limit,
            long seed,
            int concurrency,
            int maxAttempts,
            String tieCalibration,
            String tieScope,
            Prices prices,
            String toolVersion,
            String startedAt,
            String lastStartedAt) {
        this(
                model,
                modelOptions,
                modelKind,
                data,
                format,
                mediaRoot,
                settings,
                tasks,
                unsupported,
                limit,
                seed,
                concurrency,
                maxAttempts,
                tieCalibration,
                tieScope,
                prices,
                toolVersion,
                startedAt,
                lastStartedAt,
                null);
    }

    private static Map<String, String> maskUrls(Map<String, String> options) {
        Map<String, String> out = new TreeMap<>();
        options.forEach((k, v) -> out.put(k, Credentials.maskUrls(v)));
        return out;
    }

    /** Whether an option with this name probably holds a secret that must not be written to disk. */
    public static boolean isSecretOption(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.contains("key") || n.contains("token") || n.contains("secret") || n.contains("password");
    }

    /** {@code options} with secret-looking values replaced by {@code ***}. */
    public static Map<String, String> maskSecrets(Map<String, String> options) {
        Map<String, String> out = new TreeMap<>();
        options.forEach((k, v) -> out.put(k, isSecretOption(k) ? "***" : v));
        return out;
    }

    /**
     * What makes the predictions of {@code earlier} incompatible with this configuration: a different
     * model, model options, data folder, format or seed. Empty when a rerun may resume.
     */
    public List<String> differencesFrom(RunManifest earlier) {
        List<String> diffs = new ArrayList<>();
        if (!Objects.equals(model, earlier.model)) {
            diffs.add("model is '" + earlier.model + "' there, '" + model + "' now");
        }
        if (!Objects.equals(modelOptions, earlier.modelOptions)) {
            diffs.add("model options are " + earlier.modelOptions + " there, " + modelOptions + " now");
        }
        if (!Objects.equals(data, earlier.data)) {
            diffs.add("data is " + earlier.data + " there, " + data + " now");
        }
        if (!Objects.equals(format, earlier.format)) {
            diffs.add("format is " + earlier.format + " there, " + format + " now");
        }
        if (seed != earlier.seed) {
            diffs.add("seed is " + earlier.seed + " there, " + seed + " now");
        }
        return diffs;
    }

    /**
     * This manifest continuing an earlier run into the same directory: the first start time of the
     * earlier run, and the settings, tasks and unsupported tasks of both (predictions.jsonl keeps the
     * lines of every run, so its summary must cover what any of them asked for).
     */
    public RunManifest continuing(RunManifest earlier) {
        String first = earlier.startedAt == null ? startedAt : earlier.startedAt;
        return new RunManifest(
                model,
                modelOptions,
                modelKind,
                data,
                format,
                mediaRoot,
                union(settings, earlier.settings, Setting.values()),
                union(tasks, earlier.tasks, Task.values()),
                union(unsupported, earlier.unsupported, Task.values()),
                limit,
                seed,
                concurrency,
                maxAttempts,
                tieCalibration,
                tieScope,
                prices != null ? prices : earlier.prices,
                toolVersion,
                first,
                lastStartedAt,
                retryTruncated);
    }

    /** The names of both lists, known ones in the canonical order of {@code order}, unknown ones after. */
    private static List<String> union(List<String> now, List<String> before, Object[] order) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(now);
        all.addAll(before);
        List<String> out = new ArrayList<>();
        for (Object o : order) {
            String id = o instanceof Setting s ? s.wireName() : ((Task) o).id();
            if (all.remove(id)) {
                out.add(id);
            }
        }
        out.addAll(all);
        return out;
    }

    /**
     * Reads {@code run.json} from a run directory.
     *
     * @return empty when the directory has none
     * @throws InvalidInputException when the file is not a run description
     */
    public static Optional<RunManifest> read(Path runDir) {
        Path file = runDir.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Json.mapper().readValue(Files.readString(file, StandardCharsets.UTF_8), RunManifest.class));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    file + " is not a run description (" + e.getOriginalMessage() + "); delete it or use a new --out");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes {@code run.json} into {@code runDir} atomically (a kill never leaves half a file). */
    public void write(Path runDir) {
        Path file = runDir.resolve(NAME);
        Path tmp = runDir.resolve(NAME + ".tmp");
        try {
            Files.writeString(tmp, Json.pretty().writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
