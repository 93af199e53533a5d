package org.omnireward.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Response;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.Verdict;

/** Recording fakes of the two model kinds, made in code. */
public final class FakeModels {

    private FakeModels() {}

    /** A t2t scoring request whose response is {@code text}. */
    public static ScoringRequest scoring(String text) {
        return new ScoringRequest(Task.T2T, "helpfulness", "prompt", List.of(), Response.text(text));
    }

    /** A t2t pairwise request. */
    public static PairwiseRequest pair(String a, String b, boolean ties) {
        return new PairwiseRequest(
                Task.T2T, "helpfulness", "prompt", List.of(), Response.text(a), Response.text(b), ties);
    }

    /**
     * Scores a text response by parsing it as a number; "fail" fails that item; records every batch.
     * Thread-safe.
     */
    public static class Scalar implements ScalarRewardModel {
        public final List<List<ScoringRequest>> calls = Collections.synchronizedList(new ArrayList<>());
        public final AtomicBoolean closed = new AtomicBoolean();
        public volatile RuntimeException throwOnCall;
        public volatile Error errorOnCall;
        public volatile long delayMillis;
        public int preferred = 16;

        @Override
        public String name() {
            return "fake-scalar";
        }

        @Override
        public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
            calls.add(List.copyOf(requests));
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (throwOnCall != null) {
                throw throwOnCall;
            }
            if (errorOnCall != null) {
                throw errorOnCall;
            }
            List<ScoreResult> out = new ArrayList<>();
            for (ScoringRequest r : requests) {
                String t = r.response().requireText();
                out.add(
                        t.equals("fail")
                                ? ScoreResult.failed(new InvalidInputException("cannot score '" + t + "'"))
                                : ScoreResult.of(Double.parseDouble(t)));
            }
            return out;
        }

        @Override
        public int preferredBatchSize() {
            return preferred;
        }

        @Override
        public void close() {
            closed.set(true);
        }

        public int itemsSeen() {
            synchronized (calls) {
                return calls.stream().mapToInt(List::size).sum();
            }
        }
    }

    /** Answers with {@code answer}, recording each request it was shown. */
    public static final class Judge implements PairwiseRewardModel {
        public final List<PairwiseRequest> seen = Collections.synchronizedList(new ArrayList<>());
        public final List<List<PairwiseRequest>> batchCalls = Collections.synchronizedList(new ArrayList<>());
        public volatile Function<PairwiseRequest, Verdict> answer;
        public final AtomicBoolean closed = new AtomicBoolean();

        public Judge(Function<PairwiseRequest, Verdict> answer) {
            this.answer = answer;
        }

        @Override
        public String name() {
            return "fake-judge";
        }

        @Override
        public Verdict judge(PairwiseRequest request) {
            seen.add(request);
            return answer.apply(request);
        }

        @Override
        public List<Verdict> judgeBatch(List<PairwiseRequest> requests) {
            batchCalls.add(List.copyOf(requests));
            List<Verdict> out = new ArrayList<>();
            for (PairwiseRequest r : requests) {
                seen.add(r);
                out.add(answer.apply(r));
            }
            return out;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
