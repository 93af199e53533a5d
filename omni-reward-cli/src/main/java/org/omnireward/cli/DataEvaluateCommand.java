package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.data.PreferenceReaders;
import org.omnireward.data.Sources;
import org.omnireward.training.ValidationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward data evaluate}: the pairwise accuracy of any scalar model on preference pairs,
 * beside the {@code length} and {@code random} baselines, per subset ({@link ValidationReport}),
 * and on the human-labelled subset (FineGrainedRLHF QA, Newsroom, WMT MQM, XSTest).
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Pairwise accuracy of a scalar model on preference pairs, beside the length and random baselines.")
public final class DataEvaluateCommand implements Callable<Integer> {

    /** The source categories whose labels are human (or expert) judgements. */
    static final Set<String> HUMAN = Set.of("finegrained-qa", "newsroom", "wmt-mqm", "xstest");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "SPEC",
            description = "A scalar model, e.g. embedded or rm:DIR.")
    String model;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "PATH",
            description = "Preference pairs (any format train reads).")
    Path data;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Seed of the random baseline (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        List<PreferencePair> pairs = PreferenceReaders.open(data, Optional.empty()).readAll().decisivePairs().stream()
                .filter(p -> p.chosen().isText() && p.rejected().isText())
                .toList();
        if (pairs.isEmpty()) {
            throw new InvalidInputException("no usable pairs in " + data);
        }
        double[] differences = new double[pairs.size()];
        try (RewardModel m = RewardModels.create(ModelSpec.parse(model));
                ProgressDisplay progress = new ProgressDisplay(System.err, "evaluate " + model)) {
            if (!(m instanceof ScalarRewardModel scalar)) {
                throw new InvalidInputException("model " + model + " is pairwise; evaluate needs a scalar model");
            }
            int batch = Math.max(1, scalar.preferredBatchSize() / 2);
            for (int start = 0; start < pairs.size(); start += batch) {
                List<PreferencePair> part = pairs.subList(start, Math.min(pairs.size(), start + batch));
                List<ScoringRequest> requests = new ArrayList<>();
                for (PreferencePair p : part) {
                    requests.add(new ScoringRequest(p.task(), p.criteria(), p.prompt(), p.inputs(), p.chosen()));
                    requests.add(new ScoringRequest(p.task(), p.criteria(), p.prompt(), p.inputs(), p.rejected()));
                }
                double[] s = scalar.scores(requests);
                for (int i = 0; i < part.size(); i++) {
                    differences[start + i] = s[2 * i] - s[2 * i + 1];
                }
                progress.update(start + part.size(), pairs.size(), "pairs", "");
            }
            progress.finish(pairs.size(), pairs.size(), "pairs", "");
        }
        w.println(model + " on " + data + ":");
        w.print(ValidationReport.table(ValidationReport.evaluate(pairs, differences, seed)));
        List<PreferencePair> human = new ArrayList<>();
        List<Double> humanDiff = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            if (HUMAN.contains(Sources.category(pairs.get(i)))) {
                human.add(pairs.get(i));
                humanDiff.add(differences[i]);
            }
        }
        if (!human.isEmpty()) {
            List<ValidationReport.Row> rows = ValidationReport.evaluate(
                    human, humanDiff.stream().mapToDouble(Double::doubleValue).toArray(), seed);
            w.println("human-labelled subset (" + String.join(", ", new java.util.TreeSet<>(HUMAN)) + "):");
            w.print(ValidationReport.table(rows.subList(0, Math.min(3, rows.size()))));
        }
        w.flush();
        return 0;
    }
}
