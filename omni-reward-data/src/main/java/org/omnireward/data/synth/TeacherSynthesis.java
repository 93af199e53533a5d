package org.omnireward.data.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.core.util.StableHash;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.Sources;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.UnifiedJsonlWriter;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.runtime.CallOutcome;
import org.omnireward.runtime.ResponseOrder;
import org.omnireward.runtime.Retrier;
import org.omnireward.runtime.RetryPolicy;
import org.omnireward.runtime.WorkPool;

/**
 * {@code data synthesize}: criterion pairs from general pairs, confirmed by verifiers (SPEC §6).
 *
 * <p>For each input pair a seeded hash picks the side that must win: the chosen response for half of
 * the pairs and the generally rejected one for the other half, so the criteria do not merely restate
 * the general preference. The {@link TextGenerator teacher} sees the prompt and both responses (in a
 * seeded order) and writes a criterion under which that side is better ({@link TeacherPrompt}), or
 * declines. Each verifier, a pairwise reward model through the SPI, then judges (criterion, prompt,
 * pair) without ties and blind: it never sees which side was meant, and a seeded hash per verifier
 * decides which response it sees first ({@link ResponseOrder}). The new pair (the favoured side as
 * {@code chosen}, the criterion, source {@code synthetic:criterion<-<base source>}) is kept when
 * {@link Agree} holds.
 *
 * <p>Every processed pair, kept or dropped, gets one line in {@code <out>.audit.jsonl} with the
 * teacher's output, every verdict (model, order shown, answer, rationale, tokens) and the reason; kept
 * records also go to {@code <out>} with that trail as their {@code provenance}. The audit line is
 * written (and flushed) before the record, and a run started again on the same files skips the pairs
 * the audit already holds, completes {@code <out>} from it and cuts a torn last line, so a run killed
 * at any point (even {@code kill -9}) resumes without losing or repeating work. Work runs on a
 * {@link WorkPool} of {@code concurrency} pairs, calls go through a {@link Retrier} and an optional
 * {@link RequestPacer}; token totals per model (and costs, when prices are given) cover the whole job
 * across resumptions and go to {@code <out>.summary.json}.
 */
public final class TeacherSynthesis {

    /** When a pair is kept. */
    public enum Agree {
        /** Every verifier picks the favoured side. */
        ALL,
        /** More than half of the verifiers pick it. */
        MAJORITY;

        public static Agree parse(String s) {
            for (Agree a : values()) {
                if (a.name().equalsIgnoreCase(s.trim())) {
                    return a;
                }
            }
            throw new InvalidInputException("--agree must be all or majority, got '" + s + "'");
        }
    }

    /** A verifier and the name it is recorded under. */
    public record Verifier(String name, PairwiseRewardModel model) {}

    /** A price per million input and output tokens. */
    public record Price(double inputPerMillion, double outputPerMillion) {}

    /**
     * How to run.
     *
     * @param limit most input pairs to process in this run (0: all)
     * @param requestsPerSecond most model calls per second over all threads (0: no limit)
     * @param prices per model name; models without a price count tokens only
     */
    public record Options(
            long seed,
            Agree agree,
            int concurrency,
            RetryPolicy retry,
            double requestsPerSecond,
            long limit,
            Map<String, Price> prices) {
        public Options {
            if (concurrency < 1) {
                throw new InvalidInputException("--concurrency must be at least 1, got " + concurrency);
            }
            prices = Map.copyOf(prices);
        }
    }

    /** The tokens one call of a model took (null usage: the call failed or reported none). */
    private record Use(String model, Usage usage) {}

    /** Tokens and calls of one model. */
    public static final class Tokens {
        long calls;
        long input;
        long output;
        long unknown;

        public long calls() {
            return calls;
        }

        public long input() {
            return input;
        }

        public long output() {
            return output;
        }

        void add(Usage u) {
            calls++;
            if (u == null || u.inputTokens() < 0 || u.outputTokens() < 0) {
                unknown++;
                return;
            }
            input += u.inputTokens();
            output += u.outputTokens();
        }
    }

    /**
     * What the job has done so far (this run and earlier runs on the same files).
     *
     * @param cost the total cost over models with a price, NaN when no price was given
     */
    public record Summary(
            Path out,
            Path audit,
            long processed,
            long resumed,
            long kept,
            long dropped,
            Map<String, Long> droppedByReason,
            long favouredChosen,
            long favouredRejected,
            Map<String, Tokens> tokens,
            double cost,
            long inputSkipped) {}

    private final Path out;
    private final Path audit;
    private final TextGenerator teacher;
    private final List<Verifier> verifiers;
    private final Options options;
    private final RequestPacer pacer;
    private final Object lock = new Object();
    private final Map<String, Long> dropped = new TreeMap<>();
    private final Map<String, Tokens> tokens = new LinkedHashMap<>();
    private long kept;
    private long processed;
    private long favouredChosen;
    private long favouredRejected;
    private BufferedWriter auditOut;
    private BufferedWriter recordsOut;

    private TeacherSynthesis(Path out, TextGenerator teacher, List<Verifier> verifiers, Options options) {
        this.out = out.toAbsolutePath().normalize();
        this.audit = this.out.resolveSibling(this.out.getFileName() + ".audit.jsonl");
        this.teacher = Objects.requireNonNull(teacher, "teacher");
        this.verifiers = List.copyOf(verifiers);
        this.options = options;
        this.pacer = new RequestPacer(options.requestsPerSecond());
        if (this.verifiers.isEmpty()) {
            throw new InvalidInputException("at least one --verifier is needed");
        }
        Set<String> names = new HashSet<>();
        for (Verifier v : this.verifiers) {
            if (!names.add(v.name())) {
                throw new InvalidInputException("verifier " + v.name() + " is given twice; each verifier is one vote");
            }
        }
    }

    /** Runs (or resumes) the job reading {@code in} and writing {@code out}, its audit and summary. */
    public static Summary run(
            Path in,
            Path out,
            TextGenerator teacher,
            List<Verifier> verifiers,
            Options options,
            ProgressDisplay progress) {
        return new TeacherSynthesis(out, teacher, verifiers, options).run(in, progress);
    }

    private Summary run(Path in, ProgressDisplay progress) {
        if (!Files.isRegularFile(in)) {
            throw new InvalidInputException("input not found: " + in);
        }
        if (in.toAbsolutePath().normalize().equals(out)) {
            throw new InvalidInputException("--out must differ from --in");
        }
        Set<String> done = resume();
        long resumed = done.size();
        long[] inputSkipped = {0};
        long[] submitted = {0};
        try {
            auditOut = Files.newBufferedWriter(
                    audit, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            recordsOut = Files.newBufferedWriter(
                    out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Retrier retrier = new Retrier(options.retry());
            try (WorkPool pool = new WorkPool(options.concurrency(), "synthesize")) {
                try {
                    new UnifiedJsonlReader(in).read(new RecordSink() {
                        @Override
                        public void record(UnifiedRecord r) {
                            PreferencePair p = r.pair();
                            if (done.contains(p.id())) {
                                return;
                            }
                            if (options.limit() > 0 && submitted[0] >= options.limit()) {
                                return;
                            }
                            if (!done.add(p.id())) {
                                return;
                            }
                            submitted[0]++;
                            try {
                                pool.submit(() -> process(p, r.inputTurns(), retrier, progress));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new CancellationException("interrupted");
                            }
                        }

                        @Override
                        public void skipped(SkippedRecord record) {
                            inputSkipped[0]++;
                        }
                    });
                } catch (CancellationException e) {
                    // the pool was aborted: its fatal error is rethrown below
                }
                pool.awaitAll(30);
                if (pool.fatal() != null) {
                    Throwable t = pool.fatal();
                    if (t instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException("synthesis failed: " + t, t);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            closeQuietly();
        }
        Summary s = summary(resumed, inputSkipped[0]);
        writeSummary(s);
        if (progress != null) {
            progress.finish(processed, -1, "pairs", progressExtra());
        }
        return s;
    }

    private void process(PreferencePair p, List<Integer> inputTurns, Retrier retrier, ProgressDisplay progress)
            throws Exception {
        long seed = options.seed();
        boolean favourChosen = !StableHash.bit(seed, "synth-side", p.id());
        boolean teacherSwap = StableHash.bit(seed, "synth-teacher-order", p.id());
        Response first = teacherSwap ? p.rejected() : p.chosen();
        Response second = teacherSwap ? p.chosen() : p.rejected();
        boolean favourFirst = favourChosen != teacherSwap;
        ObjectNode a = Json.mapper().createObjectNode();
        a.put("id", p.id());
        a.put("source", p.source());
        a.put("favoured", favourChosen ? "chosen" : "rejected");
        ObjectNode t = a.putObject("teacher");
        t.put("model", teacher.name());
        t.put("order", teacherSwap ? "rejected,chosen" : "chosen,rejected");
        String user = TeacherPrompt.user(p, first, second, favourFirst);
        CallOutcome<TextGenerator.Generation> tc = retrier.call(() -> {
            pacer.acquire();
            return teacher.generate(TeacherPrompt.SYSTEM, user, TeacherPrompt.media(p, first, second));
        });
        t.put("attempts", tc.attempts());
        if (!tc.ok()) {
            t.put("error", tc.errorMessage());
            finish(a, "teacher_failed", tc.errorMessage(), null, progress, favourChosen, List.of(teacherUsage(null)));
            return;
        }
        t.put("output", tc.value().text());
        usage(t, tc.value().usage());
        TeacherPrompt.Reply reply = TeacherPrompt.parse(tc.value().text());
        if (reply instanceof TeacherPrompt.Declined d) {
            finish(a, "teacher_declined", d.reason(), null, progress, favourChosen, List.of(teacherUsage(tc.value())));
            return;
        }
        if (reply instanceof TeacherPrompt.Unusable u) {
            finish(
                    a,
                    "teacher_without_criterion",
                    u.why(),
                    null,
                    progress,
                    favourChosen,
                    List.of(teacherUsage(tc.value())));
            return;
        }
        String criterion = ((TeacherPrompt.Criterion) reply).text();
        a.put("criterion", criterion);
        Response favoured = favourChosen ? p.chosen() : p.rejected();
        Response other = favourChosen ? p.rejected() : p.chosen();
        String newId = p.id() + "#criterion";
        PairwiseRequest request =
                new PairwiseRequest(p.task(), criterion, p.prompt(), p.inputs(), favoured, other, false);
        ArrayNode verdicts = a.putArray("verdicts");
        List<Use> usages = new java.util.ArrayList<Use>();
        usages.add(teacherUsage(tc.value()));
        int agree = 0;
        int failed = 0;
        for (Verifier v : verifiers) {
            boolean swap = ResponseOrder.swapped(seed, "synth-verify", newId, v.name());
            CallOutcome<Verdict> vc = retrier.call(() -> {
                pacer.acquire();
                return ResponseOrder.judge(v.model(), request, swap);
            });
            ObjectNode vn = verdicts.addObject();
            vn.put("verifier", v.name());
            vn.put("shown_first", swap ? "other" : "favoured");
            vn.put("attempts", vc.attempts());
            if (!vc.ok()) {
                failed++;
                vn.put("error", vc.errorMessage());
                usages.add(new Use(v.name(), null));
                continue;
            }
            Verdict verdict = vc.value();
            boolean agrees = verdict.preference() == Preference.RESPONSE1;
            if (agrees) {
                agree++;
            }
            vn.put(
                    "picked",
                    verdict.preference() == Preference.RESPONSE1
                            ? "favoured"
                            : verdict.preference() == Preference.RESPONSE2 ? "other" : "tie");
            vn.put("agrees", agrees);
            if (verdict.rationale() != null && !verdict.rationale().isBlank()) {
                vn.put("rationale", verdict.rationale());
            }
            usage(vn, verdict.usage());
            usages.add(new Use(v.name(), verdict.usage()));
        }
        int k = verifiers.size();
        boolean keep = options.agree() == Agree.ALL ? agree == k : 2 * agree > k;
        a.put("agree_rule", options.agree().name().toLowerCase(Locale.ROOT));
        a.put("agreeing", agree);
        a.put("verifiers", k);
        if (!keep) {
            String reason = failed > 0 ? "verifier_failed" : "verifiers_disagree";
            finish(
                    a,
                    reason,
                    agree + " of " + k + " verifiers picked the favoured response"
                            + (failed > 0 ? ", " + failed + " failed" : ""),
                    null,
                    progress,
                    favourChosen,
                    usages);
            return;
        }
        PreferencePair made = new PreferencePair(
                newId,
                p.task(),
                p.group(),
                criterion,
                p.prompt(),
                p.inputs(),
                favoured,
                other,
                false,
                Sources.SYNTHETIC_PREFIX + "criterion<-" + p.source());
        ObjectNode provenance = Json.mapper().createObjectNode();
        ObjectNode syn = provenance.putObject("synthesis");
        syn.setAll(a.deepCopy());
        syn.remove("id");
        syn.put("base_id", p.id());
        String line = UnifiedJsonlWriter.line(
                new UnifiedRecord(made, provenance, null, inputTurns), out.getParent(), out.toString());
        finish(a, null, null, line, progress, favourChosen, usages);
    }

    private Use teacherUsage(TextGenerator.Generation g) {
        return new Use(teacher.name(), g == null ? null : g.usage());
    }

    private static void usage(ObjectNode o, Usage u) {
        if (u != null && u.inputTokens() >= 0) {
            o.put("input_tokens", u.inputTokens());
            o.put("output_tokens", u.outputTokens());
        }
    }

    /** Writes the audit line (then the record, when kept) and counts; one pair at a time. */
    private void finish(
            ObjectNode a,
            String reason,
            String detail,
            String recordLine,
            ProgressDisplay progress,
            boolean favourChosen,
            List<Use> usages)
            throws IOException {
        a.put("status", recordLine != null ? "kept" : "dropped");
        if (reason != null) {
            a.put("reason", reason);
            a.put("detail", detail);
        }
        if (recordLine != null) {
            a.put("record", recordLine);
        }
        String auditLine = Json.mapper().writeValueAsString(a);
        synchronized (lock) {
            auditOut.write(auditLine);
            auditOut.write('\n');
            auditOut.flush();
            if (recordLine != null) {
                recordsOut.write(recordLine);
                recordsOut.write('\n');
                recordsOut.flush();
            }
            count(a, usages, favourChosen);
            if (progress != null) {
                progress.update(processed, -1, "pairs", progressExtra());
            }
        }
    }

    private void count(JsonNode a, List<Use> usages, boolean favourChosen) {
        processed++;
        if (a.path("status").asText().equals("kept")) {
            kept++;
            if (favourChosen) {
                favouredChosen++;
            } else {
                favouredRejected++;
            }
        } else {
            dropped.merge(a.path("reason").asText("unknown"), 1L, Long::sum);
        }
        for (Use u : usages) {
            tokens.computeIfAbsent(u.model(), k -> new Tokens()).add(u.usage());
        }
    }

    private String progressExtra() {
        return kept + " kept, " + (processed - kept) + " dropped";
    }

    /**
     * Cuts torn last lines, counts what the audit holds (and its tokens), appends kept records missing
     * from the output; returns the ids already processed.
     */
    private Set<String> resume() {
        Set<String> done = new HashSet<>();
        try {
            Files.createDirectories(out.getParent());
            cutTornTail(audit);
            cutTornTail(out);
            Set<String> inOut = new HashSet<>();
            if (Files.exists(out)) {
                try (var lines = Files.lines(out, StandardCharsets.UTF_8)) {
                    lines.filter(l -> !l.isBlank())
                            .forEach(l -> inOut.add(parse(l, out)
                                    .path("provenance")
                                    .path("synthesis")
                                    .path("base_id")
                                    .asText()));
                }
            }
            if (!Files.exists(audit)) {
                if (!inOut.isEmpty()) {
                    throw new InvalidInputException(out + " holds records but its audit " + audit + " is missing;"
                            + " move the output away or restore the audit to resume");
                }
                return done;
            }
            try (var lines = Files.lines(audit, StandardCharsets.UTF_8);
                    BufferedWriter w = Files.newBufferedWriter(
                            out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (String l : (Iterable<String>) lines::iterator) {
                    if (l.isBlank()) {
                        continue;
                    }
                    JsonNode a = parse(l, audit);
                    String id = a.path("id").asText();
                    done.add(id);
                    List<Use> usages = new java.util.ArrayList<Use>();
                    JsonNode t = a.path("teacher");
                    usages.add(new Use(t.path("model").asText(teacher.name()), usageOf(t)));
                    for (JsonNode v : a.path("verdicts")) {
                        usages.add(new Use(v.path("verifier").asText(), usageOf(v)));
                    }
                    count(a, usages, a.path("favoured").asText().equals("chosen"));
                    if (a.path("status").asText().equals("kept") && !inOut.contains(id)) {
                        w.write(a.path("record").asText());
                        w.write('\n');
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + audit + ": " + e.getMessage(), e);
        }
        return done;
    }

    private static JsonNode parse(String line, Path file) {
        try {
            return Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new InvalidInputException(file + " holds a line that is not JSON (" + e.getMessage()
                    + "); it was not written by data synthesize, or was edited");
        }
    }

    private static Usage usageOf(JsonNode n) {
        return n.has("input_tokens")
                ? new Usage(
                        n.path("input_tokens").asLong(), n.path("output_tokens").asLong())
                : null;
    }

    /** Truncates {@code f} after its last line end (a line torn by a kill is dropped and redone). */
    static void cutTornTail(Path f) throws IOException {
        if (!Files.exists(f)) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            long len = raf.length();
            long pos = len;
            while (pos > 0) {
                raf.seek(pos - 1);
                if (raf.read() == '\n') {
                    break;
                }
                pos--;
            }
            if (pos < len) {
                raf.setLength(pos);
            }
        }
    }

    private Summary summary(long resumed, long inputSkipped) {
        double cost = Double.NaN;
        for (Map.Entry<String, Tokens> e : tokens.entrySet()) {
            Price pr = options.prices().get(e.getKey());
            if (pr != null) {
                cost = (Double.isNaN(cost) ? 0 : cost)
                        + e.getValue().input * pr.inputPerMillion() / 1e6
                        + e.getValue().output * pr.outputPerMillion() / 1e6;
            }
        }
        return new Summary(
                out,
                audit,
                processed,
                resumed,
                kept,
                processed - kept,
                Map.copyOf(dropped),
                favouredChosen,
                favouredRejected,
                Map.copyOf(tokens),
                cost,
                inputSkipped);
    }

    private void writeSummary(Summary s) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("processed", s.processed());
        o.put("resumed_from_audit", s.resumed());
        o.put("kept", s.kept());
        o.put("dropped", s.dropped());
        ObjectNode d = o.putObject("dropped_by_reason");
        s.droppedByReason().forEach(d::put);
        o.put("kept_favouring_chosen", s.favouredChosen());
        o.put("kept_favouring_rejected", s.favouredRejected());
        o.put("agree", options.agree().name().toLowerCase(Locale.ROOT));
        o.put("teacher", teacher.name());
        ArrayNode vs = o.putArray("verifiers");
        verifiers.forEach(v -> vs.add(v.name()));
        ObjectNode tk = o.putObject("tokens");
        s.tokens()
                .forEach((m, t) -> tk.putObject(m)
                        .put("calls", t.calls)
                        .put("input", t.input)
                        .put("output", t.output)
                        .put("calls_without_usage", t.unknown));
        if (Double.isNaN(s.cost())) {
            o.putNull("cost");
        } else {
            o.put("cost", s.cost());
        }
        o.put("input_records_skipped", s.inputSkipped());
        try {
            Files.writeString(
                    out.resolveSibling(out.getFileName() + ".summary.json"),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary beside " + out + ": " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        for (BufferedWriter w : new BufferedWriter[] {auditOut, recordsOut}) {
            if (w != null) {
                try {
                    w.close();
                } catch (IOException ignored) {
                    // everything was flushed after each pair
                }
            }
        }
    }
}
