package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelKind;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.data.Sources;
import org.omnireward.data.sets.PreferenceReaders;
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

    @Option(
            names = "--against",
            paramLabel = "SPEC",
            description = "A second scalar model to compare with on the same pairs, subset by subset: paired"
                    + " differences with 95 % intervals and McNemar's exact test, and whether --model is"
                    + " better overall and on the length-adversarial subset.")
    String against;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        List<PreferencePair> pairs = PreferenceReaders.open(data, Optional.empty()).readAll().decisivePairs().stream()
                .filter(p -> p.chosen().isText() && p.rejected().isText())
                .toList();
        if (pairs.isEmpty()) {
            throw new InvalidInputException("no usable pairs in " + data);
        }
        double[] differences = differences(model, pairs);
        report(w, model, pairs, differences);
        if (against != null) {
            double[] other = differences(against, pairs);
            report(w, against, pairs, other);
            List<PairedEvaluation.Row> rows = PairedEvaluation.compare(
                    pairs,
                    differences,
                    other,
                    List.of(new ValidationReport.Subset("human-labelled", p -> HUMAN.contains(Sources.category(p)))));
            w.println("paired comparison on " + data + ":");
            w.print(PairedEvaluation.table(rows, model, against));
            w.println(PairedEvaluation.verdict(rows, model, against));
        }
        w.flush();
        return 0;
    }

    /** r(chosen) − r(rejected) of the scalar model {@code spec} for every pair, with progress on a terminal. */
    private static double[] differences(String spec, List<PreferencePair> pairs) {
        double[] differences = new double[pairs.size()];
        try (ScalarRewardModel scalar = RewardModels.create(ModelSpec.parse(spec), ModelKind.SCALAR, "data evaluate");
                TerminalProgress progress = new TerminalProgress(System.err, "evaluate " + spec)) {
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
        return differences;
    }

    /** One model's tables: every subset, then the human-labelled pairs. */
    private void report(PrintWriter w, String spec, List<PreferencePair> pairs, double[] differences) {
        w.println(spec + " on " + data + ":");
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
            w.println("human-labelled subset (" + String.join(", ", new TreeSet<>(HUMAN)) + "):");
            w.print(ValidationReport.table(rows.subList(0, Math.min(3, rows.size()))));
        }
    }
}
