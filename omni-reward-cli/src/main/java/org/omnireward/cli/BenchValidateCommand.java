package org.omnireward.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.omnireward.core.InvalidInputException;
import org.omnireward.data.benchmark.BenchmarkLoader;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.LoadOptions;
import org.omnireward.data.benchmark.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code omni-reward bench validate}: reads every record of a benchmark and reports, per task, how
 * many are valid, which are not and why, and whether the media they reference are there. Exit code
 * 0 when all records are valid, 1 when some are not (the report is still printed), 2 when the input
 * is unusable (missing folder, no recognisable layout).
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check a benchmark copy: count records, valid samples, ties, invalid records and missing "
                    + "media per task, and list the invalid records with their reasons.",
            "Exit code: 0 all valid, 1 some invalid, 2 unusable input."
        })
public final class BenchValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchmarkDataOptions dataOptions;

    @Option(names = "--json", description = "Print the report as JSON instead of a table.")
    boolean json;

    @Option(
            names = "--max-errors",
            paramLabel = "N",
            defaultValue = "50",
            description = "List at most N invalid records (all are counted; default ${DEFAULT-VALUE}).")
    int maxErrors;

    @Override
    public Integer call() {
        if (maxErrors < 0) {
            throw new InvalidInputException("--max-errors must be 0 or more, got " + maxErrors);
        }
        LoadOptions opts = dataOptions.toLoadOptions(0L);
        ValidationReport report;
        try (BenchmarkSource source = BenchmarkLoader.open(dataOptions.data, opts)) {
            report = ValidationReport.of(source, maxErrors);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.toJson() + System.lineSeparator() : report.toTable());
        out.flush();
        return report.allValid() ? 0 : 1;
    }
}
