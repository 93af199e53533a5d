package org.omnireward.bench.run;

import java.util.ArrayList;
import java.util.List;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.ModelOutputFailure;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.UnparseableOutputException;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;
import org.omnireward.data.benchmark.LoadedEntry;
import org.omnireward.runtime.CallOutcome;
import org.omnireward.runtime.ErrorKind;
import org.omnireward.runtime.Errors;
import org.omnireward.runtime.ResponseOrder;
import org.omnireward.runtime.Retrier;

/**
 * Turns benchmark samples into prediction lines through the shared runtime: maps a sample onto the
 * model's id-free request, decides the response order ({@link ResponseOrder}), calls with retries
 * ({@link Retrier}) and records what the model reported besides its answer (rationale, raw output,
 * token usage, finish reason, attempts, latency; for a failure, its kind and what the model wrote). Scalar models score both responses of several samples in one
 * batch; an item the model reports as failed fails only its own sample.
 */
public final class SampleEvaluator {

    /**
     * Where finished lines go: the run's {@link PredictionRecorder}, or another writer of the same
     * lines (the Spark module writes them per partition). Called from several threads at once.
     */
    @FunctionalInterface
    public interface LineSink {
        /** Takes one finished line of {@code task}. */
        void record(Task task, PredictionRecord line);
    }

    /** Separates the raw outputs of successive attempts in a failed line's {@code raw_output}. */
    static final String ATTEMPT_SEPARATOR = "\n----- next attempt -----\n";

    private final long seed;
    private final Retrier retrier;
    private final LineSink recorder;

    /** Evaluates with the response-order {@code seed}, calling models through {@code retrier}, lines to {@code recorder}. */
    public SampleEvaluator(long seed, Retrier retrier, LineSink recorder) {
        this.seed = seed;
        this.retrier = retrier;
        this.recorder = recorder;
    }

    /**
     * Whether a pairwise model is shown response2 as A for this sample in this setting: a fair coin
     * derived from (seed, id, setting), independent of order and threads.
     */
    static boolean isSwapped(long seed, String sampleId, Setting setting) {
        return ResponseOrder.swapped(seed, sampleId, setting.wireName());
    }

    /** Judges one sample in one setting and records the line. */
    public void judge(PairwiseRewardModel model, Task task, LoadedEntry.Valid entry, Setting setting)
            throws InterruptedException {
        PreferenceSample sample = entry.sample();
        boolean swapped = isSwapped(seed, sample.id(), setting);
        boolean allowTies = setting.allowsTies();
        PairwiseRequest request = sample.pairwiseRequest(allowTies);
        CallOutcome<Verdict> o = retrier.call(() -> {
            Verdict v = ResponseOrder.judge(model, request, swapped);
            if (!allowTies && v.isTie()) {
                throw new UnparseableOutputException(
                        "model " + model.name() + " answered tie where ties are not allowed", v.rawOutput());
            }
            return v;
        });
        recorder.record(
                task,
                o.ok()
                        ? judgedLine(task, entry, setting, swapped, o)
                        : failedJudgement(task, entry, setting, swapped, o));
    }

    /** The line of a verdict: the prediction mapped back to the sample's order, and what the model reported. */
    private static PredictionRecord judgedLine(
            Task task, LoadedEntry.Valid entry, Setting setting, boolean swapped, CallOutcome<Verdict> o) {
        PreferenceSample sample = entry.sample();
        Verdict v = o.value();
        String rationale = v.rationale() == null || v.rationale().isBlank() ? null : v.rationale();
        Usage u = v.usage();
        return new PredictionRecord(
                sample.id(),
                task.id(),
                setting.wireName(),
                entry.index(),
                labelOf(sample),
                PreferenceSample.preferenceOf(v).wireName(),
                swapped,
                null,
                false,
                false,
                null,
                o.attempts(),
                o.latencyMs(),
                rationale,
                v.rawOutput(),
                u.inputTokens() >= 0 ? u.inputTokens() : null,
                u.outputTokens() >= 0 ? u.outputTokens() : null,
                v.positionConsistent(),
                null,
                v.finishReason());
    }

    /** The line of a judgement that failed after its attempts: the error, its kind and every attempt's raw output. */
    private static PredictionRecord failedJudgement(
            Task task, LoadedEntry.Valid entry, Setting setting, boolean swapped, CallOutcome<Verdict> o) {
        return new PredictionRecord(
                entry.id(),
                task.id(),
                setting.wireName(),
                entry.index(),
                labelOf(entry.sample()),
                null,
                swapped,
                null,
                true,
                false,
                o.errorMessage(),
                o.attempts(),
                o.latencyMs(),
                null,
                o.rawOutputs().isEmpty() ? null : String.join(ATTEMPT_SEPARATOR, o.rawOutputs()),
                null,
                null,
                null,
                ErrorKind.of(o.error()).wireName(),
                o.error() instanceof ModelOutputFailure f ? f.finishReason() : null);
    }

    private static String labelOf(PreferenceSample sample) {
        return sample.label().map(Preference::wireName).orElse(null);
    }

    /** A sample for a scalar batch and the settings whose lines it still needs. */
    public record ScalarItem(LoadedEntry.Valid entry, List<Setting> settings) {}

    /** Scores both responses of every item in one batch call and records their lines. */
    public void score(ScalarRewardModel model, Task task, List<ScalarItem> items) throws InterruptedException {
        List<ScoringRequest> requests = new ArrayList<>(2 * items.size());
        for (ScalarItem item : items) {
            PreferenceSample s = item.entry().sample();
            requests.addAll(s.scoringRequests());
        }
        CallOutcome<List<ScoreResult>> o = retrier.call(() -> {
            List<ScoreResult> results = model.scoreBatch(requests);
            if (results == null || results.size() != requests.size()) {
                throw new IllegalStateException("model " + model.name() + " returned "
                        + (results == null ? "no" : results.size()) + " results for " + requests.size() + " requests");
            }
            return results;
        });
        for (int i = 0; i < items.size(); i++) {
            recordScores(task, items.get(i), o, i);
        }
    }

    /** Records the lines of the {@code i}th item of a batch: its two scores, or why it has none. */
    private void recordScores(Task task, ScalarItem item, CallOutcome<List<ScoreResult>> o, int i) {
        LoadedEntry.Valid entry = item.entry();
        String label = labelOf(entry.sample());
        ScoreResult r1 = o.ok() ? o.value().get(2 * i) : null;
        ScoreResult r2 = o.ok() ? o.value().get(2 * i + 1) : null;
        String error = o.ok() ? itemError(r1, r2) : o.errorMessage();
        if (error != null) {
            ScoreResult failedItem = o.ok() ? firstFailed(r1, r2) : null;
            String kind = ErrorKind.of(failedItem != null ? failedItem.error() : o.error())
                    .wireName();
            for (Setting s : item.settings()) {
                recorder.record(task, failedScores(task, entry, s, error, kind, o));
            }
            return;
        }
        for (Setting s : item.settings()) {
            recorder.record(
                    task,
                    new PredictionRecord(
                            entry.id(),
                            task.id(),
                            s.wireName(),
                            entry.index(),
                            label,
                            predictionFromScores(r1.score(), r2.score()).wireName(),
                            null,
                            List.of(r1.score(), r2.score()),
                            false,
                            false,
                            null,
                            o.attempts(),
                            o.latencyMs(),
                            null));
        }
    }

    /** The line of a sample whose scores failed: the batch call's error, or the first failed item's. */
    private static PredictionRecord failedScores(
            Task task,
            LoadedEntry.Valid entry,
            Setting setting,
            String error,
            String kind,
            CallOutcome<List<ScoreResult>> o) {
        return new PredictionRecord(
                entry.id(),
                task.id(),
                setting.wireName(),
                entry.index(),
                labelOf(entry.sample()),
                null,
                null,
                null,
                true,
                false,
                error,
                o.attempts(),
                o.latencyMs(),
                null,
                null,
                null,
                null,
                null,
                kind);
    }

    private static ScoreResult firstFailed(ScoreResult r1, ScoreResult r2) {
        return !r1.ok() ? r1 : !r2.ok() ? r2 : null;
    }

    private static String itemError(ScoreResult r1, ScoreResult r2) {
        if (!r1.ok()) {
            return "response1: " + Errors.describe(r1.error());
        }
        if (!r2.ok()) {
            return "response2: " + Errors.describe(r2.error());
        }
        return null;
    }

    /** Records the lines of a record that could not become a sample, without calling the model. */
    public void invalid(Task task, LoadedEntry entry, Preference label, String reason, List<Setting> needed) {
        String error = "invalid: " + reason + " (" + entry.origin() + ")";
        for (Setting s : needed) {
            recorder.record(
                    task,
                    PredictionRecord.invalidLine(
                            entry.id(),
                            task.id(),
                            s.wireName(),
                            entry.index(),
                            label == null ? null : label.wireName(),
                            error));
        }
    }

    /** The threshold-free prediction of a scalar model: the larger score wins, equal scores tie. */
    static Preference predictionFromScores(double r1, double r2) {
        int c = Double.compare(r1, r2);
        return c > 0 ? Preference.RESPONSE1 : c < 0 ? Preference.RESPONSE2 : Preference.TIE;
    }
}
