package org.omnireward.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.omnireward.core.util.Sha256;

class AdamWTest {

    @Test
    void double_storage_decays_the_decayed_group_independently_of_the_gradient() {
        double[] p = {1.0, 2.0, 3.0, 4.0, 5.0};
        double[] m = new double[5];
        double[] v = new double[5];
        AdamW adam = new AdamW(0.9, 0.999, 1e-8);
        AdamW.Step s = adam.begin();
        adam.update(s, p, new double[5], m, v, 0, 2, 0.5, 0.1);
        adam.update(s, p, new double[5], m, v, 2, 3, 0.5, 0);
        adam.update(s, p, new double[5], m, v, 3, 5, 0.5, 0.1);
        // zero gradient: only θ ← θ − lr·λ·θ acts, and not on index 2
        assertThat(p).containsExactly(0.95, 1.9, 3.0, 3.8, 4.75);
    }

    @Test
    void the_first_step_moves_each_weight_by_the_learning_rate_against_its_gradient_sign() {
        double[] p = new double[5];
        AdamW adam = new AdamW(0.9, 0.999, 1e-12);
        adam.update(adam.begin(), p, new double[] {3, -0.001, 50, 0, -7}, new double[5], new double[5], 0, 5, 0.01, 0);
        assertThat(p).usingComparatorWithPrecision(1e-9).containsExactly(-0.01, 0.01, -0.01, 0.0, 0.01);
        assertThat(adam.steps()).isEqualTo(1);
        assertThat(adam.begin(41).t()).as("a resumed run continues its count").isEqualTo(42);
    }

    /**
     * 300 steps of the cross-encoder's update (float tensors, clipping, decay, its warm-up + cosine
     * multiplier) give the bits the trainer's own inline loop gave before the kernel moved out of it
     * (recorded from that loop, which used Math.pow and Math.cos).
     */
    @Test
    void float_storage_reproduces_the_cross_encoders_former_update_bit_for_bit() {
        Random r = new Random(7);
        int n = 1000;
        float[] w = new float[n];
        float[] m = new float[n];
        float[] v = new float[n];
        for (int j = 0; j < n; j++) {
            w[j] = (float) r.nextGaussian();
        }
        AdamW adam = AdamW.standard();
        WarmupCosineSchedule schedule = WarmupCosineSchedule.ofFraction(300, 0.06, 0.1, true);
        for (long step = 0; step < 300; step++) {
            float[] g = new float[n];
            for (int j = 0; j < n; j++) {
                g[j] = (float) (r.nextGaussian() * 0.01);
            }
            adam.update(adam.begin(step), w, g, m, v, 3e-5 * schedule.at(step), 0.01, 0.7);
        }
        ByteBuffer b = ByteBuffer.allocate(n * 4);
        for (float x : w) {
            b.putFloat(x);
        }
        assertThat(Sha256.hex(b.array())).isEqualTo("854095465e52855022917bbc6fb2020037da8a2dcffa53a97dc9a88e64ae9a4e");
    }
}
