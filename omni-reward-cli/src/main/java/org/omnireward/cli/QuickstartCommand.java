package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.omnireward.bench.report.HtmlReport;
import org.omnireward.bench.report.Reports;
import org.omnireward.bench.report.RunReport;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.RewardModels;
import org.omnireward.demo.DemoBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward quickstart}: the first thing a new user runs. Generates the demo benchmark when
 * it is missing, runs the best available default model and the {@code random} baseline on it with
 * {@code bench run}, prints the report and writes the HTML page.
 */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Generate a small demo benchmark (if missing), run the default reward model and the random "
                    + "baseline on it, print the report and write an HTML page.",
            "Reruns resume: finished predictions are reused."
        })
public final class QuickstartCommand implements Callable<Integer> {

    /** Default models in order of preference; the first one on the class path is used. */
    static final List<String> DEFAULT_MODELS = List.of("embedded", "length");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--dir",
            defaultValue = "omni-reward-quickstart",
            paramLabel = "DIR",
            description =
                    "Working folder: demo data in DIR/demo, runs in DIR/runs, page DIR/report.html "
                            + "(with --seed N other than 0: DIR/demo-seedN and DIR/runs/<model>-seedN) (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
            names = "--model",
            paramLabel = "SPEC",
            description = "The model to run instead of the default (embedded when available, else length).")
    String model;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the demo data and the runs.")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path root = dir.toAbsolutePath().normalize();
        // seed 0 uses DIR/demo and DIR/runs/<model>; another seed gets its own demo data and runs, since a run
        // directory refuses a rerun with another seed and the demo data depend on the seed
        String seedSuffix = seed == 0 ? "" : "-seed" + seed;
        Path data = root.resolve("demo" + seedSuffix);
        Optional<DemoBenchmark.Summary> demo = DemoBenchmark.existing(data);
        if (demo.isPresent()) {
            out.printf(
                    "demo benchmark: %s (%d samples, already there)%n",
                    data, demo.get().totalSamples());
        } else {
            DemoBenchmark.Result made = DemoBenchmark.create(data, DemoBenchmark.DEFAULT_PER_TASK, seed, false);
            out.printf(
                    "demo benchmark: %s (%d samples over 9 tasks, %,d bytes, generated)%n",
                    data, made.summary().totalSamples(), made.summary().bytes());
        }
        String chosen = model != null ? model : defaultModel();
        out.printf(
                "model: %s%s%n", chosen, model != null ? "" : " (the best default available; random runs beside it)");
        out.flush();

        List<Path> runs = new ArrayList<>();
        for (String m : chosen.equals("random") ? List.of("random") : List.of(chosen, "random")) {
            Path runDir = root.resolve("runs").resolve(m.replaceAll("[^A-Za-z0-9._-]", "_") + seedSuffix);
            int code = spec.root()
                    .commandLine()
                    .execute(
                            "bench",
                            "run",
                            "--data",
                            data.toString(),
                            "--model",
                            m,
                            "--out",
                            runDir.toString(),
                            "--seed",
                            Long.toString(seed));
            if (code != 0) {
                return code;
            }
            runs.add(runDir);
        }
        List<RunReport> reports = Reports.load(runs);
        out.println();
        out.println(Reports.terminalTable(reports));
        Path html = HtmlReport.write(root.resolve("report.html"), reports);
        out.println("HTML report: " + html);
        out.println("Next: omni-reward bench run --data " + data + " --model <spec> --out <dir>; "
                + "omni-reward models lists the model specs.");
        out.flush();
        return 0;
    }

    /** The first of {@link #DEFAULT_MODELS} whose provider is on the class path. */
    static String defaultModel() {
        List<String> names =
                RewardModels.providers().stream().map(RewardModelProvider::name).toList();
        return DEFAULT_MODELS.stream()
                .filter(names::contains)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no default model provider on the class path"));
    }
}
