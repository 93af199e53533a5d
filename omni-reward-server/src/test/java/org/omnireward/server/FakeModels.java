package org.omnireward.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.Response;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;

/** Deterministic models made in code for the server tests. */
final class FakeModels {

    private FakeModels() {}

    /**
     * Scores a text response that is a number as that number, any other text as its length, and
     * media as its byte count; "bad" fails that item as bad input, "boom" makes the whole call
     * throw. Records every batch; can wait on a gate or sleep before answering. Thread-safe.
     */
    static class Scalar implements ScalarRewardModel {
        final List<List<ScoringRequest>> calls = Collections.synchronizedList(new ArrayList<>());
        volatile long delayMillis;
        /** Added to {@link #delayMillis} for every item of a call: a model whose batches cost a + b n. */
        volatile double perItemMillis;

        volatile CountDownLatch gate;
        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean closed;

        @Override
        public String name() {
            return "fake-scalar";
        }

        @Override
        public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
            calls.add(List.copyOf(requests));
            entered.countDown();
            try {
                CountDownLatch g = gate;
                if (g != null) {
                    g.await(30, TimeUnit.SECONDS);
                }
                long nanos = (long) ((delayMillis + perItemMillis * requests.size()) * 1e6);
                if (nanos > 0) {
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<ScoreResult> out = new ArrayList<>();
            for (ScoringRequest r : requests) {
                if (r.response().text().filter("boom"::equals).isPresent()) {
                    throw new IllegalStateException("simulated crash at 0x7f3a in libmodel.so");
                }
                out.add(score(r.response()));
            }
            return out;
        }

        static ScoreResult score(Response response) {
            if (response.media().isPresent()) {
                try {
                    return ScoreResult.of(response.media().get().size());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            String t = response.requireText();
            if (t.equals("bad")) {
                return ScoreResult.failed(new InvalidInputException("cannot score the text 'bad'"));
            }
            try {
                return ScoreResult.of(Double.parseDouble(t));
            } catch (NumberFormatException e) {
                return ScoreResult.of(t.length());
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A judge that prefers the longer text and explains why. */
    static class Judge implements PairwiseRewardModel {
        volatile long delayMillis;

        @Override
        public String name() {
            return "fake-judge";
        }

        @Override
        public Verdict judge(PairwiseRequest r) {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int a = r.responseA().requireText().length();
            int b = r.responseB().requireText().length();
            Preference p = a > b ? Preference.RESPONSE1 : b > a ? Preference.RESPONSE2 : Preference.TIE;
            return new Verdict(p, "lengths " + a + " and " + b, "[[" + p + "]]", Usage.UNKNOWN);
        }
    }
}
