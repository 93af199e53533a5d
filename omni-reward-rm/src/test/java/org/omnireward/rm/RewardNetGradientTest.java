package org.omnireward.rm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnireward.rm.encoder.BaseModels;
import org.omnireward.rm.encoder.WordPieces;

/**
 * The gradients of a backward pass do not depend on what the garbage collector does between the
 * forward and the backward pass. (DJL's {@code mul(Number)} puts the number in a Java direct buffer
 * that it frees at once while autograd still holds it; a collection then made the gradients NaN or
 * infinite now and then: "training diverged at step 2".)
 */
class RewardNetGradientTest {

    @Test
    void a_garbage_collection_between_forward_and_backward_does_not_change_the_gradients() {
        BaseModels.Loaded base = BaseModels.load(BaseModels.byName("minilm"));
        try (WordPieces pieces = WordPieces.of(base.base());
                NDManager manager = RmEngine.newManager();
                RewardNet net = new RewardNet(base.base().config(), base.weights(), 5, Map.of(), manager)) {
            CrossInput input = new CrossInput(pieces, 48);
            List<CrossInput.Tokens> inputs = List.of(
                    input.tokens("Prefer the correct answer.", "Capital of France?", "Paris."),
                    input.tokens("Prefer the correct answer.", "Capital of France?", "Lyon, a city on the Rhone."));
            Map<String, float[]> values = new LinkedHashMap<>(net.trainableValues());
            values.put(RewardNet.HEAD_WEIGHT, ramp(values.get(RewardNet.HEAD_WEIGHT).length));
            List<float[]> quiet = gradients(net, manager, inputs, values, false);
            List<float[]> collected = gradients(net, manager, inputs, values, true);
            for (int i = 0; i < quiet.size(); i++) {
                for (float g : collected.get(i)) {
                    assertThat(Float.isFinite(g)).as("gradient %d is finite", i).isTrue();
                }
                // isEqualTo compares arrays element by element (containsExactly is quadratic on 590,000 floats)
                assertThat(collected.get(i)).as("gradient %d", i).isEqualTo(quiet.get(i));
            }
        }
    }

    /**
     * The training path (frozen states computed per text, then only the trained layers, each layer's
     * intermediates freed when it ends) gives the gradients of the whole graph run at once, within
     * float rounding, also with a garbage collection before the backward pass.
     */
    @Test
    void gradients_from_frozen_states_equal_those_of_the_whole_forward_pass() {
        BaseModels.Loaded base = BaseModels.load(BaseModels.byName("minilm"));
        try (WordPieces pieces = WordPieces.of(base.base());
                NDManager manager = RmEngine.newManager();
                RewardNet net = new RewardNet(base.base().config(), base.weights(), 4, Map.of(), manager)) {
            CrossInput input = new CrossInput(pieces, 48);
            List<CrossInput.Tokens> inputs = List.of(
                    input.tokens("Prefer the correct answer.", "Capital of France?", "Paris, of course."),
                    input.tokens("Prefer the correct answer.", "Capital of France?", "Paris."));
            Map<String, float[]> values = new LinkedHashMap<>(net.trainableValues());
            values.put(RewardNet.HEAD_WEIGHT, ramp(values.get(RewardNet.HEAD_WEIGHT).length));
            net.setTrainable(values, true);
            List<float[]> states = new ArrayList<>();
            for (CrossInput.Tokens t : inputs) {
                states.add(net.frozenState(manager, t));
            }
            List<float[]> whole = gradients(net, manager, inputs, values, false);
            net.setTrainable(values, true);
            List<float[]> fromStates = new ArrayList<>();
            try (NDManager scope = manager.newSubManager();
                    GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray scores = net.scoresFromStates(scope, inputs, states);
                NDArray loss = scores.get("0").sub(scores.get("1")).neg().exp().sum();
                collectAndReuseFreedMemory();
                collector.backward(loss);
                for (NDArray a : net.trainableArrays()) {
                    try (NDArray g = a.getGradient()) {
                        fromStates.add(g.toFloatArray());
                    }
                }
            }
            assertThat(fromStates).hasSameSizeAs(whole);
            double worst = 0;
            for (int i = 0; i < whole.size(); i++) {
                float[] a = whole.get(i);
                float[] b = fromStates.get(i);
                double scale = 1e-6;
                for (float x : a) {
                    scale = Math.max(scale, Math.abs(x));
                }
                for (int j = 0; j < a.length; j++) {
                    assertThat(Float.isFinite(b[j])).isTrue();
                    worst = Math.max(worst, Math.abs(a[j] - b[j]) / scale);
                }
            }
            assertThat(worst)
                    .as("largest gradient difference relative to the tensor's largest")
                    .isLessThan(1e-4);
            assertThat(whole.get(whole.size() - 2))
                    .as("the head's weight gradient is not zero")
                    .isNotEqualTo(new float[whole.get(whole.size() - 2).length]);
        }
    }

    private static List<float[]> gradients(
            RewardNet net,
            NDManager manager,
            List<CrossInput.Tokens> inputs,
            Map<String, float[]> values,
            boolean collectBetween) {
        net.setTrainable(values, true);
        List<float[]> out = new ArrayList<>();
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray scores = net.scores(scope, inputs);
            NDArray loss = scores.get("0").sub(scores.get("1")).neg().exp().sum();
            if (collectBetween) {
                collectAndReuseFreedMemory();
            }
            collector.backward(loss);
            for (NDArray a : net.trainableArrays()) {
                try (NDArray g = a.getGradient()) {
                    out.add(g.toFloatArray());
                }
            }
        }
        return out;
    }

    /** Collects garbage, then fills small fresh native buffers with NaN so that freed memory is overwritten. */
    static void collectAndReuseFreedMemory() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<ByteBuffer> keep = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 4) * 4);
                while (b.remaining() >= 4) {
                    b.putFloat(Float.NaN);
                }
                keep.add(b);
            }
            keep.clear();
        }
    }

    private static float[] ramp(int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = (i % 7 - 3) / 10f;
        }
        return r;
    }
}
