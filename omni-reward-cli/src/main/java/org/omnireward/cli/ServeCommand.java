package org.omnireward.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.RewardModels;
import org.omnireward.data.Criteria;
import org.omnireward.server.BearerToken;
import org.omnireward.server.RewardServer;
import org.omnireward.server.ServerLog;
import org.omnireward.server.ServerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward serve}: serves one reward model over HTTP until stopped (Ctrl-C or SIGTERM stop
 * it gracefully). The server and its endpoints are in omni-reward-server (docs/server.md).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serve a reward model over HTTP: /v1/score, /v1/compare, /v1/rank, OpenRLHF's /get_reward,",
            "/health, /ready, /metrics, /openapi.json (docs/server.md). Ctrl-C or SIGTERM stop it gracefully.",
            "The token comes from --token-file, else from the " + BearerToken.ENV + " environment variable;",
            "without one the server binds only loopback addresses and asks for no authentication."
        })
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "SPEC",
            description = "The model: embedded, bt:DIR, pooling:URL#MODEL, openai:MODEL, length, ...")
    String model;

    @Option(
            names = "--port",
            defaultValue = "8080",
            paramLabel = "N",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(
            names = "--host",
            defaultValue = ServerSettings.DEFAULT_HOST,
            paramLabel = "ADDR",
            description =
                    "Address to bind (default: ${DEFAULT-VALUE}). Another than loopback needs a token or --insecure.")
    String host;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File holding the bearer token clients must send (one line, at least 16 characters).")
    Path tokenFile;

    @Option(names = "--insecure", description = "Allow a non-loopback --host without a token (trusted networks only).")
    boolean insecure;

    @Option(
            names = "--criteria",
            paramLabel = "TEXT",
            description =
                    "Criterion for requests that give none (default: the general helpfulness criterion the embedded model was trained with).")
    String criteria = Criteria.GENERAL;

    @Option(
            names = "--model-option",
            paramLabel = "KEY=VALUE",
            description = "An option for the model provider (repeatable).")
    Map<String, String> modelOptions = new LinkedHashMap<>();

    @Option(
            names = "--max-batch",
            defaultValue = "32",
            paramLabel = "N",
            description = "Most items per model call; concurrent requests share batches (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(
            names = "--max-wait",
            defaultValue = "5ms",
            paramLabel = "DURATION",
            description = "Longest wait of a batch's first item for others (default: ${DEFAULT-VALUE}).")
    String maxWait;

    @Option(
            names = "--queue-capacity",
            defaultValue = "1024",
            paramLabel = "N",
            description =
                    "Most items waiting for the model; beyond it requests get 429 with Retry-After (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(
            names = "--concurrency",
            defaultValue = "8",
            paramLabel = "N",
            description = "Judge calls at once, for pairwise models (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--request-timeout",
            defaultValue = "60s",
            paramLabel = "DURATION",
            description = "Per-request deadline; a request not answered by then gets 503 (default: ${DEFAULT-VALUE}).")
    String requestTimeout;

    @Option(
            names = "--max-body-bytes",
            defaultValue = "33554432",
            paramLabel = "N",
            description = "Largest request body; beyond it 413 (default: ${DEFAULT-VALUE}, 32 MiB).")
    long maxBodyBytes;

    @Option(
            names = "--max-items",
            defaultValue = "256",
            paramLabel = "N",
            description = "Most items, pairs, candidates or queries per request (default: ${DEFAULT-VALUE}).")
    int maxItems;

    @Option(
            names = "--max-text-chars",
            defaultValue = "200000",
            paramLabel = "N",
            description = "Longest text field (default: ${DEFAULT-VALUE}).")
    int maxTextChars;

    @Option(
            names = "--max-media-bytes",
            defaultValue = "16777216",
            paramLabel = "N",
            description = "Largest decoded media item (default: ${DEFAULT-VALUE}, 16 MiB).")
    long maxMediaBytes;

    @Option(
            names = "--min-body-rate",
            defaultValue = "1024",
            paramLabel = "BYTES_PER_S",
            description =
                    "Slowest a request body may arrive, on average after its first 2 s; slower, 408 (default: ${DEFAULT-VALUE}; 0: no minimum).")
    long minBodyRate;

    @Option(
            names = "--max-body-readers",
            defaultValue = "256",
            paramLabel = "N",
            description =
                    "Most request bodies read at once; beyond it the slowest is cut off, else 503 (default: ${DEFAULT-VALUE}).")
    int maxBodyReaders;

    @Option(
            names = "--max-inflight-body-bytes",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Most bytes of request bodies held at once (read, parsed or scored); beyond it 503 (default: an eighth of the heap, at most 256 MiB, at least --max-body-bytes).")
    long maxInflightBodyBytes;

    @Option(
            names = "--shutdown-grace",
            defaultValue = "30s",
            paramLabel = "DURATION",
            description = "How long a stop waits for accepted requests (default: ${DEFAULT-VALUE}).")
    String shutdownGrace;

    @Option(
            names = "--threads",
            defaultValue = "256",
            paramLabel = "N",
            description = "Most HTTP worker threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        ModelSpec modelSpec = ModelSpec.parse(model, modelOptions);
        // a wrong name or option fails now, before anything listens
        RewardModelProvider provider = RewardModels.provider(modelSpec.provider());
        RewardModels.validateOptions(provider, modelSpec);
        BearerToken token = null;
        if (tokenFile != null) {
            token = BearerToken.fromFile(tokenFile);
        } else {
            String env = System.getenv(BearerToken.ENV);
            if (env != null && !env.isBlank()) {
                token = BearerToken.of(env, "the " + BearerToken.ENV + " environment variable");
            }
        }
        ServerSettings settings = ServerSettings.builder()
                .host(host)
                .port(port)
                .token(token)
                .insecure(insecure)
                .defaultCriteria(criteria)
                .maxBatch(maxBatch)
                .maxWait(duration("--max-wait", maxWait))
                .queueCapacity(queueCapacity)
                .pairwiseConcurrency(concurrency)
                .requestTimeout(duration("--request-timeout", requestTimeout))
                .maxBodyBytes(maxBodyBytes)
                .maxItems(maxItems)
                .maxTextChars(maxTextChars)
                .maxMediaBytes(maxMediaBytes)
                .shutdownGrace(duration("--shutdown-grace", shutdownGrace))
                .maxThreads(threads)
                .minBodyRate(minBodyRate)
                .maxBodyReaders(maxBodyReaders)
                .maxInflightBodyBytes(maxInflightBodyBytes)
                .build();
        ServerLog log = ServerLog.to(System.err);
        if (insecure && token == null && !ServerSettings.isLoopback(host)) {
            log.info("WARNING: --insecure: anyone who can reach " + host + " can use this server");
        }
        RewardServer server = RewardServer.start(settings, () -> RewardModels.create(modelSpec), log);
        // SIGTERM and Ctrl-C stop the server gracefully and the command then exits 0 (a stop asked for is not a
        // failure); a second signal during the stop ends the process at once. Other exits still stop it.
        StopSignals.install(server::stop);
        Thread hook = new Thread(server::stop, "reward-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (!server.awaitReady(Duration.ofDays(365))) {
            String why = server.loadFailure().orElse("unknown reason");
            server.stop();
            throw new InvalidInputException("the model " + model + " could not be loaded: " + why);
        }
        server.awaitStopped();
        return 0;
    }

    private static Duration duration(String option, String value) {
        return ModelOption.parseDuration(option, value);
    }
}
