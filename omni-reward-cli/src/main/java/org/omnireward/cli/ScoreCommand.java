package org.omnireward.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelKind;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.Response;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward score}: the reward a scalar model gives one or more text responses to a prompt
 * under a criterion. With two or more responses it also says which one the model prefers.
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Score text responses with a scalar reward model under a free-form criterion.")
public final class ScoreCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            defaultValue = "embedded",
            paramLabel = "SPEC",
            description = "A scalar model: embedded, bt:DIR, pooling:URL#MODEL, length (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--task",
            defaultValue = "t2t",
            paramLabel = "TASK",
            description = "The task, by id or long name; its responses must be text (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt the responses answer.")
    String prompt;

    @Option(
            names = "--criteria",
            required = true,
            paramLabel = "TEXT",
            description = "The criterion, in plain words (e.g. \"Prefer an answer a 10-year-old understands\").")
    String criteria;

    @Option(
            names = "--response",
            required = true,
            paramLabel = "TEXT",
            description = "A response to score (repeat the option to compare several).")
    List<String> responses;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(
            names = "--model-option",
            paramLabel = "KEY=VALUE",
            description =
                    "An option for the model provider (repeatable); each model's options, with type, default and bounds, are listed below.")
    Map<String, String> modelOptions = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Task t = Task.parse(task);
        if (!t.hasTextResponses()) {
            throw new InvalidInputException("score takes text responses; task " + t.id() + " has "
                    + t.responseModality().wireName() + " responses");
        }
        if (criteria.isBlank()) {
            throw new InvalidInputException("--criteria is empty; say what makes a response better");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ScalarRewardModel m =
                RewardModels.create(ModelSpec.parse(model, modelOptions), ModelKind.SCALAR, "score")) {
            List<ScoringRequest> requests = new ArrayList<>();
            for (String r : responses) {
                requests.add(new ScoringRequest(t, criteria, prompt, List.of(), Response.text(r)));
            }
            double[] scores = m.scores(requests);
            int preferred = preferred(scores);
            if (json) {
                printJson(out, m.name(), t, scores, preferred);
            } else {
                for (int i = 0; i < scores.length; i++) {
                    out.printf(
                            Locale.ROOT,
                            "response %d: %.4f%s%n",
                            i + 1,
                            scores[i],
                            i == preferred ? "   <- preferred" : "");
                }
                if (scores.length > 1 && preferred < 0) {
                    out.println("no single response preferred: the top scores are equal");
                }
            }
        }
        out.flush();
        return 0;
    }

    /** The index of the one highest score, or -1 for a single response or equal top scores (none preferred). */
    static int preferred(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        int topCount = 0;
        for (double sc : scores) {
            if (sc == scores[best]) {
                topCount++;
            }
        }
        return scores.length > 1 && topCount == 1 ? best : -1;
    }

    /** {@code --json}: model, task, criteria, scores and (for several responses) the 1-based preferred one or null. */
    private void printJson(PrintWriter out, String modelName, Task t, double[] scores, int preferred)
            throws JsonProcessingException {
        ObjectMapper mapper = Json.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", modelName);
        root.put("task", t.id());
        root.put("criteria", criteria);
        ArrayNode arr = root.putArray("scores");
        for (double s : scores) {
            arr.add(s);
        }
        if (scores.length > 1) {
            if (preferred >= 0) {
                root.put("preferred", preferred + 1);
            } else {
                root.putNull("preferred");
            }
        }
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
