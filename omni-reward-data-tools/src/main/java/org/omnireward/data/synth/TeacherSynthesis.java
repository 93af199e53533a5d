package org.omnireward.data.synth;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
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
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Side;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.Progress;
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
 * {@code data synthesize}: criterion pairs from general pairs, confirmed by verifiers (the Omni-Reward paper's
 * criterion synthesis for Omni-RewardData).
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

        /** Whether {@code agreeing} of {@code voters} verifiers keep a pair under this rule. */
        boolean holds(int agreeing, int voters) {
            return this == ALL ? agreeing == voters : 2 * agreeing > voters;
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
     * @param droppedByReason in the order of the reasons' names
     * @param tokens per model: the teacher, the verifiers in the order given, then any other model an earlier run's
     *     audit names
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
            Path in, Path out, TextGenerator teacher, List<Verifier> verifiers, Options options, Progress progress) {
        return new TeacherSynthesis(out, teacher, verifiers, options).run(in, progress);
    }

    private Summary run(Path in, Progress progress) {
        if (!Files.isRegularFile(in)) {
            throw new InvalidInputException("input not found: " + in);
        }
        if (in.toAbsolutePath().normalize().equals(out)) {
            throw new InvalidInputException("--out must differ from --in");
        }
        Set<String> done = resume();
        long resumed = done.size();
        long inputSkipped;
        try {
            auditOut = Files.newBufferedWriter(
                    audit, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            recordsOut = Files.newBufferedWriter(
                    out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            inputSkipped = processAll(in, done, progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            closeQuietly();
        }
        Summary s = summary(resumed, inputSkipped);
        writeSummary(s);
        if (progress != null) {
            progress.finish(processed, -1, "pairs", progressExtra());
        }
        return s;
    }

    /**
     * Processes the input pairs not {@code done} (up to the limit) on a pool and waits for them; rethrows the error
     * that stopped the pool. Returns how many input records were skipped as unreadable.
     */
    private long processAll(Path in, Set<String> done, Progress progress) throws InterruptedException {
        try (WorkPool pool = new WorkPool(options.concurrency(), "synthesize")) {
            Submitter submitter = new Submitter(pool, done, new Retrier(options.retry()), progress);
            try {
                new UnifiedJsonlReader(in).read(submitter);
            } catch (CancellationException e) {
                // the pool was aborted: its fatal error is rethrown below
            }
            pool.awaitAll(30);
            Throwable fatal = pool.fatal();
            if (fatal instanceof RuntimeException re) {
                throw re;
            }
            if (fatal != null) {
                throw new IllegalStateException("synthesis failed: " + fatal, fatal);
            }
            return submitter.inputSkipped;
        }
    }

    /** Hands each input pair not yet done to the pool, up to the limit, and counts the unreadable records. */
    private final class Submitter implements RecordSink {
        private final WorkPool pool;
        private final Set<String> done;
        private final Retrier retrier;
        private final Progress progress;
        private long submitted;
        private long inputSkipped;

        Submitter(WorkPool pool, Set<String> done, Retrier retrier, Progress progress) {
            this.pool = pool;
            this.done = done;
            this.retrier = retrier;
            this.progress = progress;
        }

        @Override
        public void record(UnifiedRecord r) {
            PreferencePair p = r.pair();
            if (done.contains(p.id()) || (options.limit() > 0 && submitted >= options.limit()) || !done.add(p.id())) {
                return;
            }
            submitted++;
            try {
                pool.submit(() -> process(p, r.inputTurns(), retrier, progress));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        }

        @Override
        public void skipped(SkippedRecord record) {
            inputSkipped++;
        }
    }

    /**
     * Which side the criterion must favour and the order the teacher sees the responses in, both seeded by the
     * pair's id.
     */
    private record Sides(boolean favourChosen, boolean teacherSwap) {

        static Sides of(long seed, PreferencePair p) {
            return new Sides(
                    !StableHash.bit(seed, "synth-side", p.id()), StableHash.bit(seed, "synth-teacher-order", p.id()));
        }

        Response first(PreferencePair p) {
            return teacherSwap ? p.rejected() : p.chosen();
        }

        Response second(PreferencePair p) {
            return teacherSwap ? p.chosen() : p.rejected();
        }

        boolean favourFirst() {
            return favourChosen != teacherSwap;
        }

        String favouredName() {
            return favourChosen ? "chosen" : "rejected";
        }

        String teacherOrder() {
            return teacherSwap ? "rejected,chosen" : "chosen,rejected";
        }
    }

    /** The teacher's call for the audit, its tokens, and its criterion or why there is none. */
    private record TeacherAnswer(AuditLine.TeacherCall call, Use use, String criterion, String reason, String detail) {}

    /** The verifiers' calls for the audit, their tokens, and how many picked the favoured side or failed. */
    private record Votes(List<AuditLine.VerifierCall> calls, List<Use> uses, int agreeing, int failed) {

        String reason() {
            return failed > 0 ? "verifier_failed" : "verifiers_disagree";
        }

        String detail() {
            return agreeing + " of " + calls.size() + " verifiers picked the favoured response"
                    + (failed > 0 ? ", " + failed + " failed" : "");
        }
    }

    private void process(PreferencePair p, List<Integer> inputTurns, Retrier retrier, Progress progress)
            throws Exception {
        Sides sides = Sides.of(options.seed(), p);
        TeacherAnswer answer = askTeacher(p, sides, retrier);
        if (answer.criterion() == null) {
            AuditLine.Trail trail = AuditLine.Trail.withoutCriterion(p.source(), sides.favouredName(), answer.call());
            AuditLine line = AuditLine.dropped(p.id(), trail, answer.reason(), answer.detail());
            finish(line, null, progress, sides.favourChosen(), List.of(answer.use()));
            return;
        }
        PreferencePair candidate = candidate(p, sides, answer.criterion());
        Votes votes = verify(candidate, retrier);
        AuditLine.Trail trail = new AuditLine.Trail(
                p.source(),
                sides.favouredName(),
                answer.call(),
                answer.criterion(),
                votes.calls(),
                options.agree().name().toLowerCase(Locale.ROOT),
                votes.agreeing(),
                verifiers.size());
        List<Use> usages = new ArrayList<>();
        usages.add(answer.use());
        usages.addAll(votes.uses());
        if (!options.agree().holds(votes.agreeing(), verifiers.size())) {
            finish(
                    AuditLine.dropped(p.id(), trail, votes.reason(), votes.detail()),
                    null,
                    progress,
                    sides.favourChosen(),
                    usages);
            return;
        }
        JsonNode provenance = Json.mapper().valueToTree(Map.of("synthesis", new AuditLine.Synthesis(trail, p.id())));
        String record = UnifiedJsonlWriter.line(
                new UnifiedRecord(candidate, provenance, null, inputTurns), out.getParent(), out.toString());
        finish(AuditLine.kept(p.id(), trail, record), record, progress, sides.favourChosen(), usages);
    }

    /** Asks the teacher for a criterion under which the favoured side is better. */
    private TeacherAnswer askTeacher(PreferencePair p, Sides sides, Retrier retrier) throws InterruptedException {
        Response first = sides.first(p);
        Response second = sides.second(p);
        String user = TeacherPrompt.user(p, first, second, sides.favourFirst());
        CallOutcome<TextGenerator.Generation> tc = retrier.call(() -> {
            pacer.acquire();
            return teacher.generate(TeacherPrompt.SYSTEM, user, TeacherPrompt.media(p, first, second));
        });
        if (!tc.ok()) {
            AuditLine.TeacherCall call = AuditLine.TeacherCall.failed(
                    teacher.name(), sides.teacherOrder(), tc.attempts(), tc.errorMessage());
            return new TeacherAnswer(call, new Use(teacher.name(), null), null, "teacher_failed", tc.errorMessage());
        }
        TextGenerator.Generation g = tc.value();
        AuditLine.TeacherCall call = AuditLine.TeacherCall.answered(
                teacher.name(), sides.teacherOrder(), tc.attempts(), g.text(), g.usage());
        Use use = new Use(teacher.name(), g.usage());
        TeacherPrompt.Reply reply = TeacherPrompt.parse(g.text());
        if (reply instanceof TeacherPrompt.Declined d) {
            return new TeacherAnswer(call, use, null, "teacher_declined", d.reason());
        }
        if (reply instanceof TeacherPrompt.Unusable u) {
            return new TeacherAnswer(call, use, null, "teacher_without_criterion", u.why());
        }
        return new TeacherAnswer(call, use, ((TeacherPrompt.Criterion) reply).text(), null, null);
    }

    /** The pair to be made: the favoured side as chosen under the criterion, never a tie. */
    private static PreferencePair candidate(PreferencePair p, Sides sides, String criterion) {
        return new PreferencePair(
                p.id() + "#criterion",
                p.task(),
                p.group(),
                criterion,
                p.prompt(),
                p.inputs(),
                sides.favourChosen() ? p.chosen() : p.rejected(),
                sides.favourChosen() ? p.rejected() : p.chosen(),
                false,
                Sources.SYNTHETIC_PREFIX + "criterion<-" + p.source());
    }

    /**
     * Asks every verifier, blind and without ties, which response of the candidate is better under its criterion;
     * a seeded hash per verifier decides which response it sees first.
     */
    private Votes verify(PreferencePair candidate, Retrier retrier) throws InterruptedException {
        PairwiseRequest request = new PairwiseRequest(
                candidate.task(),
                candidate.criteria(),
                candidate.prompt(),
                candidate.inputs(),
                candidate.chosen(),
                candidate.rejected(),
                false);
        List<AuditLine.VerifierCall> calls = new ArrayList<>();
        List<Use> uses = new ArrayList<>();
        int agreeing = 0;
        int failed = 0;
        for (Verifier v : verifiers) {
            boolean swap = ResponseOrder.swapped(options.seed(), "synth-verify", candidate.id(), v.name());
            CallOutcome<Verdict> vc = retrier.call(() -> {
                pacer.acquire();
                return ResponseOrder.judge(v.model(), request, swap);
            });
            String shownFirst = swap ? "other" : "favoured";
            if (!vc.ok()) {
                failed++;
                calls.add(AuditLine.VerifierCall.failed(v.name(), shownFirst, vc.attempts(), vc.errorMessage()));
                uses.add(new Use(v.name(), null));
                continue;
            }
            Verdict verdict = vc.value();
            if (verdict.winner() == Side.A) {
                agreeing++;
            }
            String picked = verdict.winner() == Side.A ? "favoured" : verdict.winner() == Side.B ? "other" : "tie";
            calls.add(AuditLine.VerifierCall.answered(
                    v.name(), shownFirst, vc.attempts(), picked, verdict.rationale(), verdict.usage()));
            uses.add(new Use(v.name(), verdict.usage()));
        }
        return new Votes(List.copyOf(calls), uses, agreeing, failed);
    }

    /** Writes the audit line (then the record, when kept) and counts; one pair at a time. */
    private void finish(AuditLine line, String recordLine, Progress progress, boolean favourChosen, List<Use> usages)
            throws IOException {
        String auditLine = Json.mapper().writeValueAsString(line);
        synchronized (lock) {
            auditOut.write(auditLine);
            auditOut.write('\n');
            auditOut.flush();
            if (recordLine != null) {
                recordsOut.write(recordLine);
                recordsOut.write('\n');
                recordsOut.flush();
            }
            count(recordLine != null, line.reason(), usages, favourChosen);
            if (progress != null) {
                progress.update(processed, -1, "pairs", progressExtra());
            }
        }
    }

    private void count(boolean isKept, String reason, List<Use> usages, boolean favourChosen) {
        processed++;
        if (isKept) {
            kept++;
            if (favourChosen) {
                favouredChosen++;
            } else {
                favouredRejected++;
            }
        } else {
            dropped.merge(reason, 1L, Long::sum);
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
                    if (!l.isBlank()) {
                        resumeLine(parse(l, audit), done, inOut, w);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + audit + ": " + e.getMessage(), e);
        }
        return done;
    }

    /** Counts one audit line of an earlier run and writes its record when the output lacks it. */
    private void resumeLine(JsonNode a, Set<String> done, Set<String> inOut, BufferedWriter w) throws IOException {
        String id = a.path("id").asText();
        done.add(id);
        List<Use> usages = new ArrayList<>();
        JsonNode t = a.path("teacher");
        usages.add(new Use(t.path("model").asText(teacher.name()), usageOf(t)));
        for (JsonNode v : a.path("verdicts")) {
            usages.add(new Use(v.path("verifier").asText(), usageOf(v)));
        }
        boolean wasKept = a.path("status").asText().equals(AuditLine.KEPT);
        count(
                wasKept,
                a.path("reason").asText("unknown"),
                usages,
                a.path("favoured").asText().equals("chosen"));
        if (wasKept && !inOut.contains(id)) {
            w.write(a.path("record").asText());
            w.write('\n');
        }
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
        Map<String, Tokens> byModel = tokensByModel();
        double cost = Double.NaN;
        for (Map.Entry<String, Tokens> e : byModel.entrySet()) {
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
                Collections.unmodifiableMap(new TreeMap<>(dropped)),
                favouredChosen,
                favouredRejected,
                byModel,
                cost,
                inputSkipped);
    }

    /** The tokens per model: the teacher's, the verifiers' in the order given, then any other model an audit named. */
    private Map<String, Tokens> tokensByModel() {
        Map<String, Tokens> ordered = new LinkedHashMap<>();
        List<String> models = new ArrayList<>();
        models.add(teacher.name());
        verifiers.forEach(v -> models.add(v.name()));
        models.addAll(tokens.keySet());
        for (String m : models) {
            if (tokens.containsKey(m)) {
                ordered.putIfAbsent(m, tokens.get(m));
            }
        }
        return Collections.unmodifiableMap(ordered);
    }

    private void writeSummary(Summary s) {
        Map<String, SummaryFile.ModelTokens> byModel = new LinkedHashMap<>();
        s.tokens()
                .forEach((m, t) -> byModel.put(m, new SummaryFile.ModelTokens(t.calls, t.input, t.output, t.unknown)));
        SummaryFile file = new SummaryFile(
                s.processed(),
                s.resumed(),
                s.kept(),
                s.dropped(),
                s.droppedByReason(),
                s.favouredChosen(),
                s.favouredRejected(),
                options.agree().name().toLowerCase(Locale.ROOT),
                teacher.name(),
                verifiers.stream().map(Verifier::name).toList(),
                byModel,
                Double.isNaN(s.cost()) ? null : s.cost(),
                s.inputSkipped());
        try {
            Files.writeString(
                    out.resolveSibling(out.getFileName() + ".summary.json"),
                    Json.pretty().writeValueAsString(file) + "\n",
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
