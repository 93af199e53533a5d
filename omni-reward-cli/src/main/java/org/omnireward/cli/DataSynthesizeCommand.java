package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.data.synth.TeacherSynthesis;
import org.omnireward.data.synth.TextGenerator;
import org.omnireward.judge.ChatBackend;
import org.omnireward.judge.TextChat;
import org.omnireward.runtime.RetryPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code omni-reward data synthesize}: criterion pairs written by a teacher and confirmed by verifiers. */
@Command(
        name = "synthesize",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "For each pair of a unified JSONL file, a teacher model writes a free-form criterion under which "
                    + "a side chosen by a seeded hash (half the time the generally rejected one) is better, or declines; "
                    + "K verifier judges then judge (criterion, prompt, pair) blind, in a seeded random order, and the new "
                    + "pair is kept when --agree holds.",
            "Writes OUT (kept pairs, with their audit trail as provenance), OUT.audit.jsonl (every pair, kept or "
                    + "dropped, with the teacher's output and each verdict) and OUT.summary.json (counts, tokens, "
                    + "cost). Started again with the same files, it resumes where it stopped."
        })
public final class DataSynthesizeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE.jsonl", description = "General pairs (unified JSONL).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "The criterion pairs to write.")
    Path out;

    @Option(
            names = "--teacher",
            required = true,
            paramLabel = "MODEL",
            description = "The teacher: openai:MODEL or anthropic:MODEL.")
    String teacher;

    @Option(
            names = "--teacher-option",
            paramLabel = "KEY=VALUE",
            description = "An option of the teacher's provider (repeatable), e.g. base-url=http://localhost:8000/v1.")
    Map<String, String> teacherOptions = new LinkedHashMap<>();

    @Option(
            names = "--verifier",
            required = true,
            paramLabel = "MODEL",
            description = "A verifier judge (repeat for K verifiers), any pairwise model, e.g. openai:gpt-4o-mini.")
    List<String> verifierSpecs = new ArrayList<>();

    @Option(
            names = "--verifier-option",
            paramLabel = "KEY=VALUE",
            description = "An option given to every verifier (repeatable), e.g. base-url=….")
    Map<String, String> verifierOptions = new LinkedHashMap<>();

    @Option(
            names = "--agree",
            defaultValue = "all",
            paramLabel = "all|majority",
            description =
                    "Keep a pair when all verifiers (or more than half) pick the favoured side (default: ${DEFAULT-VALUE}).")
    String agree;

    @Option(
            names = "--concurrency",
            defaultValue = "8",
            paramLabel = "N",
            description = "Pairs in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--max-attempts",
            defaultValue = "5",
            paramLabel = "N",
            description =
                    "Attempts per model call: timeouts, rate limits and 5xx are retried with backoff (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(
            names = "--rate",
            defaultValue = "0",
            paramLabel = "R",
            description = "At most R model calls per second over all threads; 0: no limit (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--limit",
            defaultValue = "0",
            paramLabel = "N",
            description = "Process at most N new pairs in this run (0: all).")
    long limit;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Seed of the favoured side and the response orders (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--price",
            paramLabel = "MODEL=IN:OUT",
            description =
                    "Price per million input and output tokens of a model, for the cost total (repeatable), e.g. openai:gpt-4o=2.5:10.")
    Map<String, String> prices = new LinkedHashMap<>();

    @Override
    public Integer call() {
        TeacherSynthesis.Agree rule = TeacherSynthesis.Agree.parse(agree);
        if (maxAttempts < 1) {
            throw new InvalidInputException("--max-attempts must be at least 1");
        }
        Map<String, TeacherSynthesis.Price> priceMap = new LinkedHashMap<>();
        prices.forEach((m, v) -> priceMap.put(m, price(m, v)));
        List<RewardModel> opened = new ArrayList<>();
        try (TextChat chat = TextChat.open(ModelSpec.parse(teacher, teacherOptions))) {
            List<TeacherSynthesis.Verifier> verifiers = new ArrayList<>();
            for (String v : verifierSpecs) {
                RewardModel m = RewardModels.create(ModelSpec.parse(v, verifierOptions));
                opened.add(m);
                if (!(m instanceof PairwiseRewardModel p)) {
                    throw new InvalidInputException("verifier " + v + " is a scalar model; verifiers must be pairwise"
                            + " judges (e.g. openai:MODEL)");
                }
                verifiers.add(new TeacherSynthesis.Verifier(m.name(), p));
            }
            TextGenerator generator = new TextGenerator() {
                @Override
                public String name() {
                    return chat.name();
                }

                @Override
                public Generation generate(String system, String user, List<MediaRef> media) {
                    ChatBackend.Reply r = chat.reply(system, user, media);
                    return new Generation(r.text(), r.usage());
                }
            };
            TeacherSynthesis.Options o = new TeacherSynthesis.Options(
                    seed,
                    rule,
                    concurrency,
                    RetryPolicy.defaults().withMaxAttempts(maxAttempts),
                    rate,
                    limit,
                    priceMap);
            TeacherSynthesis.Summary s;
            try (ProgressDisplay progress = new ProgressDisplay(System.err, "synthesize")) {
                s = TeacherSynthesis.run(in, out, generator, verifiers, o, progress);
            }
            print(s);
            return 0;
        } finally {
            opened.forEach(RewardModel::close);
        }
    }

    private static TeacherSynthesis.Price price(String model, String v) {
        String[] parts = v.split(":");
        try {
            if (parts.length == 2) {
                return new TeacherSynthesis.Price(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("--price " + model + "=" + v + ": expected MODEL=IN:OUT, the prices per million"
                + " input and output tokens, e.g. openai:gpt-4o=2.5:10");
    }

    private void print(TeacherSynthesis.Summary s) {
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "pairs processed: %,d (%,d from an earlier run)%n", s.processed(), s.resumed());
        w.printf(
                Locale.ROOT,
                "kept: %,d (favouring the generally chosen response %,d, the rejected one %,d)%n",
                s.kept(),
                s.favouredChosen(),
                s.favouredRejected());
        w.printf(Locale.ROOT, "dropped: %,d", s.dropped());
        s.droppedByReason().forEach((k, v) -> w.printf(Locale.ROOT, " %s=%,d", k, v));
        w.println();
        s.tokens()
                .forEach((m, t) -> w.printf(
                        Locale.ROOT, "tokens %s: %,d calls, %,d in, %,d out%n", m, t.calls(), t.input(), t.output()));
        if (!Double.isNaN(s.cost())) {
            w.printf(Locale.ROOT, "cost: %.4f (from --price)%n", s.cost());
        }
        if (s.inputSkipped() > 0) {
            w.printf(Locale.ROOT, "input records not usable: %,d (see data convert's report)%n", s.inputSkipped());
        }
        w.printf("output: %s%naudit: %s%n", s.out(), s.audit());
        w.flush();
    }
}
