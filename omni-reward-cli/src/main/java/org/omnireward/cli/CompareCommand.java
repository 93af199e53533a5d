package org.omnireward.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.ModelOutputFailure;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.Response;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.Task;
import org.omnireward.core.UnsupportedTaskException;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;
import org.omnireward.core.util.Json;
import org.omnireward.runtime.CallOutcome;
import org.omnireward.runtime.ErrorKind;
import org.omnireward.runtime.Retrier;
import org.omnireward.runtime.RetryPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward compare}: one pair, any task. Response 1 is shown as A. Text responses are given
 * as text ({@code file:PATH} reads a file); media responses and input media as files. A pairwise model
 * (e.g. {@code openai:gpt-4o}) gives a verdict and its rationale; a scalar model scores both. Retries
 * follow the benchmark runner's policy ({@code --max-attempts}).
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Ask a reward model which of two responses is better under a criterion (any task).")
public final class CompareCommand implements Callable<Integer> {

    /** A text response given as {@code file:PATH} is read from PATH (picocli already gives {@code @FILE} a meaning). */
    static final String TEXT_FILE_PREFIX = "file:";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "SPEC",
            description = "The model, e.g. openai:gpt-4o, anthropic:MODEL, random, length.")
    String model;

    @Option(
            names = "--task",
            defaultValue = "t2t",
            paramLabel = "TASK",
            description = "The task, by id or long name (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt both responses answer.")
    String prompt;

    @Option(names = "--criteria", required = true, paramLabel = "TEXT", description = "The criterion, in plain words.")
    String criteria;

    @Option(
            names = "--input",
            paramLabel = "FILE",
            description =
                    "An input media file of the prompt (ti2t, ti2i: image; tv2t: video; ta2t: audio); repeatable.")
    List<Path> inputs = new ArrayList<>();

    @Option(
            names = "--response",
            required = true,
            paramLabel = "TEXT|FILE",
            description = "Give exactly two: text (or file:PATH) for text tasks, a media file for media tasks.")
    List<String> responses;

    @Option(names = "--ties", description = "Allow the answer 'tie'.")
    boolean ties;

    @Option(
            names = "--max-attempts",
            defaultValue = "" + RetryPolicy.DEFAULT_MAX_ATTEMPTS,
            paramLabel = "N",
            description = "Calls in all when a call fails in a way worth retrying (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(
            names = "--model-option",
            paramLabel = "KEY=VALUE",
            description = "An option for the model provider (repeatable).")
    Map<String, String> modelOptions = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Task t = Task.parse(task);
        if (responses.size() != 2) {
            throw new InvalidInputException("compare takes exactly two --response values, got " + responses.size());
        }
        if (criteria.isBlank()) {
            throw new InvalidInputException("--criteria is empty; say what makes a response better");
        }
        if (maxAttempts < 1) {
            throw new InvalidInputException("--max-attempts must be at least 1, got " + maxAttempts);
        }
        List<MediaRef> inputMedia = new ArrayList<>();
        for (Path p : inputs) {
            Modality m = t.inputMedia()
                    .orElseThrow(() -> new InvalidInputException(
                            "task " + t.id() + " takes no input media, but --input " + p + " was given"));
            inputMedia.add(file(p, m, "--input"));
        }
        if (t.inputMedia().isPresent() && inputMedia.isEmpty()) {
            throw new InvalidInputException("task " + t.id() + " needs its input "
                    + t.inputMedia().get().wireName() + ": give it with --input FILE");
        }
        PairwiseRequest request = new PairwiseRequest(
                t, criteria, prompt, inputMedia, response(t, responses.get(0)), response(t, responses.get(1)), ties);
        PrintWriter out = spec.commandLine().getOut();
        try (RewardModel m = RewardModels.create(ModelSpec.parse(model, modelOptions))) {
            if (!m.supports(t)) {
                throw new UnsupportedTaskException(m.name(), t);
            }
            Retrier retrier = new Retrier(RetryPolicy.defaults().withMaxAttempts(maxAttempts));
            if (m instanceof PairwiseRewardModel pm) {
                CallOutcome<Verdict> o = retrier.call(() -> pm.judge(request));
                if (!o.ok()) {
                    return failed(m, o);
                }
                print(out, m, t, o.value(), o.attempts(), null);
            } else if (m instanceof ScalarRewardModel sm) {
                CallOutcome<double[]> o = retrier.call(() -> sm.scores(
                        List.of(request.scoring(Preference.RESPONSE1), request.scoring(Preference.RESPONSE2))));
                if (!o.ok()) {
                    return failed(m, o);
                }
                double[] s = o.value();
                Preference p = s[0] > s[1] ? Preference.RESPONSE1 : s[1] > s[0] ? Preference.RESPONSE2 : Preference.TIE;
                print(out, m, t, Verdict.of(p), o.attempts(), s);
            } else {
                throw new InvalidInputException("model " + m.name() + " is neither pairwise nor scalar");
            }
        }
        out.flush();
        return 0;
    }

    private int failed(RewardModel m, CallOutcome<?> o) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("model", m.name()).put("error", o.errorMessage()).put("attempts", o.attempts());
            root.put("error_kind", ErrorKind.of(o.error()).wireName());
            if (o.error() instanceof ModelOutputFailure f && f.finishReason() != null) {
                root.put("finish_reason", f.finishReason());
            }
            ArrayNode raw = root.putArray("raw_outputs");
            o.rawOutputs().forEach(raw::add);
            spec.commandLine()
                    .getOut()
                    .println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
            spec.commandLine().getOut().flush();
        }
        err.println("error: " + m.name() + " gave no verdict after " + o.attempts() + " attempt(s) ("
                + ErrorKind.of(o.error()).wireName() + "): " + o.errorMessage());
        for (int i = 0; i < o.rawOutputs().size() && !json; i++) {
            err.println("--- output " + (i + 1) + " ---");
            err.println(o.rawOutputs().get(i));
        }
        err.flush();
        return 1;
    }

    private void print(PrintWriter out, RewardModel m, Task t, Verdict v, int attempts, double[] scores)
            throws IOException {
        String pref = switch (v.preference()) {
            case RESPONSE1 -> "response1";
            case RESPONSE2 -> "response2";
            case TIE -> "tie";
        };
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("model", m.name())
                    .put("task", t.id())
                    .put("allow_ties", ties)
                    .put("preference", pref);
            if (scores != null) {
                root.putArray("scores").add(scores[0]).add(scores[1]);
            }
            root.put("rationale", v.rationale());
            root.put("raw_output", v.rawOutput());
            Usage u = v.usage();
            ObjectNode usage = root.putObject("usage");
            if (u.inputTokens() >= 0) {
                usage.put("input_tokens", u.inputTokens());
            }
            if (u.outputTokens() >= 0) {
                usage.put("output_tokens", u.outputTokens());
            }
            root.put("attempts", attempts);
            if (v.finishReason() != null) {
                root.put("finish_reason", v.finishReason());
            }
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
            return;
        }
        out.println("model:     " + m.name());
        out.println("task:      " + t.id() + (ties ? " (ties allowed)" : ""));
        if (scores != null) {
            out.printf(Locale.ROOT, "scores:    %.4f, %.4f%n", scores[0], scores[1]);
        }
        out.println("verdict:   "
                + switch (v.preference()) {
                    case RESPONSE1 -> "response 1 is better";
                    case RESPONSE2 -> "response 2 is better";
                    case TIE -> scores != null && !ties ? "no preference (equal scores)" : "a tie";
                });
        Usage u = v.usage();
        if (u.inputTokens() >= 0 || u.outputTokens() >= 0) {
            out.println(
                    "tokens:    " + Math.max(0, u.inputTokens()) + " in, " + Math.max(0, u.outputTokens()) + " out");
        }
        if (attempts > 1) {
            out.println("attempts:  " + attempts);
        }
        if (v.finishReason() != null) {
            out.println("finished:  " + v.finishReason());
        }
        if (v.rationale() != null && !v.rationale().isBlank()) {
            out.println();
            out.println("rationale:");
            out.println(v.rationale());
        }
    }

    private static Response response(Task t, String value) throws IOException {
        Modality m = t.responseModality();
        if (m == Modality.TEXT) {
            if (value.startsWith(TEXT_FILE_PREFIX)) {
                Path f = Path.of(value.substring(TEXT_FILE_PREFIX.length()));
                if (!Files.isRegularFile(f)) {
                    throw new InvalidInputException("--response " + value + ": no such file " + f);
                }
                return Response.text(Files.readString(f, StandardCharsets.UTF_8));
            }
            return Response.text(value);
        }
        return Response.media(file(Path.of(value), m == Modality.THREE_D ? Modality.IMAGE : m, "--response"));
    }

    private static MediaRef file(Path p, Modality m, String option) {
        Path abs = p.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new InvalidInputException(
                    option + " " + p + ": no such file (a " + m.wireName() + " file was expected)");
        }
        return MediaRef.underRoot(abs.getParent(), abs.getFileName().toString(), m);
    }
}
