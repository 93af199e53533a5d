package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.omnireward.core.InvalidInputException;
import org.omnireward.explore.ExploreServer;
import org.omnireward.explore.Explorer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code omni-reward explore}: a local web app over benchmark runs and preference data (docs/explore.md). */
@Command(
        name = "explore",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Explore benchmark runs in the browser: per-run overview (accuracy with intervals in both settings,",
            "failures by kind, calls, tokens, cost, swap consistency), sample lists per task with filters and text search,",
            "and sample pages with the media playing and every run's prediction, rationale and raw output.",
            "Without runs, browse a data set (unified JSONL, a data mix folder, a benchmark folder) by task, source",
            "and split with the data stats plots. Prints the address to open; Ctrl-C stops."
        })
public final class ExploreCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "RUN",
            arity = "0..*",
            description = "Run folders written by bench run (or their summary.json).")
    List<Path> runs = new ArrayList<>();

    @Option(
            names = "--data",
            paramLabel = "PATH",
            description =
                    "With runs: the benchmark they ran on (default: the data in the first run's run.json). Without:"
                            + " the data set to browse.")
    Path data;

    @Option(
            names = "--media-root",
            paramLabel = "DIR",
            description = "Where the benchmark's relative media paths resolve"
                    + " (default: as the run did, else DATA/media_data, else DATA).")
    Path mediaRoot;

    @Option(
            names = "--port",
            defaultValue = "8765",
            paramLabel = "N",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Mixin
    WebAppOptions web = new WebAppOptions();

    @Override
    public Integer call() throws Exception {
        if (runs.isEmpty() && data == null) {
            throw new InvalidInputException("name run folders to explore, or --data PATH to browse a data set");
        }
        ExploreServer.Settings settings = web.settings(port);
        long t0 = System.nanoTime();
        Explorer explorer;
        if (runs.isEmpty()) {
            try (TerminalProgress progress = new TerminalProgress(System.err, "index")) {
                explorer = Explorer.data(data, Optional.ofNullable(mediaRoot), progress);
            }
        } else {
            explorer = Explorer.runs(
                    runs,
                    Optional.ofNullable(data),
                    Optional.ofNullable(mediaRoot),
                    n -> System.err.println("note: " + n));
            Thread report = new Thread(
                    () -> {
                        try {
                            reportIndexing(explorer, t0);
                        } catch (RuntimeException e) {
                            System.err.println("error: " + e.getMessage());
                        }
                    },
                    "explore-report");
            report.setDaemon(true);
            report.start();
        }
        return serve(
                spec,
                explorer,
                settings,
                web.host,
                t0,
                runs.isEmpty()
                        ? String.format(
                                Locale.ROOT,
                                "%,d records of %s",
                                explorer.data().count(),
                                data)
                        : null,
                List.of(""));
    }

    /** Says on stderr how far indexing has come, as each stage ends (started at {@code t0}, nanoseconds). */
    private static void reportIndexing(Explorer explorer, long t0) {
        explorer.awaitFirstLook();
        String partial = explorer.runs().partial();
        if (partial != null) {
            System.err.printf(
                    Locale.ROOT,
                    "indexed a first look at the runs in %.1f s (%s): lists show it until every" + " line is indexed%n",
                    (System.nanoTime() - t0) / 1e9,
                    partial);
        }
        explorer.awaitRuns();
        long lines = explorer.runs().runs().stream().mapToLong(r -> r.lines()).sum();
        System.err.printf(
                Locale.ROOT,
                "indexed %d run(s), %,d prediction lines, in %.1f s%n",
                explorer.runs().runs().size(),
                lines,
                (System.nanoTime() - t0) / 1e9);
        explorer.awaitIndexed();
        System.err.printf(
                Locale.ROOT,
                "indexed %s in %.1f s: prompts, media and text search ready%n",
                explorer.data() == null
                        ? "the rationales"
                        : String.format(
                                Locale.ROOT,
                                "%,d benchmark records and the rationales",
                                explorer.data().count()),
                (System.nanoTime() - t0) / 1e9);
        if (Boolean.getBoolean("omnireward.explore.timings")) {
            System.err.println("timing: index passes (ms) " + explorer.timings());
        }
    }

    /** Serves until Ctrl-C or SIGTERM, then stops the server and deletes the index. */
    static int serve(
            CommandLine.Model.CommandSpec spec,
            Explorer explorer,
            ExploreServer.Settings settings,
            String host,
            long t0,
            String what,
            List<String> paths)
            throws InterruptedException {
        ExploreServer server;
        try {
            server = ExploreServer.start(explorer, settings, System.err);
        } catch (RuntimeException e) {
            explorer.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            explorer.close();
                            stopped.countDown();
                        },
                        "explore-shutdown"));
        if (Boolean.getBoolean("omnireward.explore.timings")) { // where a start's time goes (perf/README)
            long jvm = ProcessHandle.current()
                    .info()
                    .startInstant()
                    .map(i -> java.time.Duration.between(i, java.time.Instant.now())
                            .toMillis())
                    .orElse(-1L);
            System.err.printf(
                    Locale.ROOT,
                    "timing: server listening %d ms after the JVM started, %d ms after the command did%n",
                    jvm,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (what != null) {
            w.printf(Locale.ROOT, "indexed %s in %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
        }
        for (String p : paths) {
            w.println("open " + server.url(host).replaceAll("/$", "") + (p.isEmpty() ? "/" : p));
        }
        w.println(
                settings.token().isPresent()
                        ? "(sign in with the token; Ctrl-C stops)"
                        : "(loopback only; Ctrl-C stops)");
        w.flush();
        stopped.await();
        return 0;
    }
}
