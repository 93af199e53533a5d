package org.omnireward.bench.testing;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.Verdict;

/** Reward models for runner tests: scripted answers, call logs and failure injection. */
public final class TestModels {

    private TestModels() {}

    /**
     * A pairwise model whose answer is a function of what it is shown; logs every call. A model sees
     * no sample id: for the tests' convenience the request is shown to the script as a sample whose
     * id is read back from the prompt ({@code "prompt of <id>"}, as {@code TestSamples} writes it),
     * response A as response1, and no label.
     */
    public static class ScriptedPairwise implements PairwiseRewardModel {
        private final BiFunction<PreferenceSample, Boolean, Verdict> answer;
        private final Set<Task> supported;
        public final ConcurrentLinkedQueue<PreferenceSample> shown = new ConcurrentLinkedQueue<>();
        /** The sample last shown per {@code <id>/ties} or {@code <id>/no_ties}. */
        public final ConcurrentHashMap<String, PreferenceSample> lastShown = new ConcurrentHashMap<>();

        public final AtomicInteger inFlight = new AtomicInteger();
        public final AtomicInteger maxInFlight = new AtomicInteger();
        private final long sleepMillis;

        public ScriptedPairwise(BiFunction<PreferenceSample, Boolean, Verdict> answer) {
            this(answer, EnumSet.allOf(Task.class), 0);
        }

        public ScriptedPairwise(
                BiFunction<PreferenceSample, Boolean, Verdict> answer, Set<Task> supported, long sleepMillis) {
            this.answer = answer;
            this.supported = supported;
            this.sleepMillis = sleepMillis;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Set<Task> supportedTasks() {
            return supported;
        }

        @Override
        public Verdict judge(PairwiseRequest request) {
            boolean allowTies = request.allowTies();
            String prompt = request.prompt();
            PreferenceSample sample = PreferenceSample.builder()
                    .id(prompt.startsWith("prompt of ") ? prompt.substring("prompt of ".length()) : prompt)
                    .task(request.task())
                    .prompt(prompt)
                    .criteria(request.criteria())
                    .inputs(request.inputs())
                    .response1(request.responseA())
                    .response2(request.responseB())
                    .build();
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                shown.add(sample);
                lastShown.put(sample.id() + "/" + (allowTies ? "ties" : "no_ties"), sample);
                if (sleepMillis > 0) {
                    try {
                        Thread.sleep(sleepMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
                return answer.apply(sample, allowTies);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        public int calls() {
            return shown.size();
        }
    }

    /** Always answers "A" (response1 of what it is shown). */
    public static ScriptedPairwise alwaysA() {
        return new ScriptedPairwise((s, ties) -> Verdict.of(Preference.RESPONSE1));
    }

    /** Prefers the longer text response as shown; equal lengths tie when allowed, else response1. */
    public static ScriptedPairwise prefersLonger() {
        return new ScriptedPairwise((s, ties) -> {
            int a = s.response1().requireText().length();
            int b = s.response2().requireText().length();
            Preference p = a > b
                    ? Preference.RESPONSE1
                    : a < b ? Preference.RESPONSE2 : ties ? Preference.TIE : Preference.RESPONSE1;
            return new Verdict(p, "A has " + a + " chars, B has " + b, null, null);
        });
    }

    /** A scalar model scoring text length; logs batch sizes. */
    public static class CountingLength extends org.omnireward.core.AbstractScalarRewardModel {
        public final ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        private final int batchSize;

        public CountingLength(int preferredBatchSize) {
            this.batchSize = preferredBatchSize;
        }

        @Override
        public String name() {
            return "counting-length";
        }

        @Override
        protected double[] doScoreBatch(List<ScoringRequest> requests) {
            batchSizes.add(requests.size());
            double[] out = new double[requests.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = requests.get(i).response().requireText().length();
            }
            return out;
        }

        @Override
        public int preferredBatchSize() {
            return batchSize;
        }

        public int requests() {
            return batchSizes.stream().mapToInt(Integer::intValue).sum();
        }
    }
}
