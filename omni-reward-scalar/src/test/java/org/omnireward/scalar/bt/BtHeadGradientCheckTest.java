package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compares the analytic gradients of {@link BtHead#backward} (through the Bradley–Terry loss used by
 * the trainer) with central finite differences in double precision, for every parameter group.
 */
class BtHeadGradientCheckTest {

    private static final double EPS = 1e-6;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void analytic_gradients_match_central_differences_for_every_parameter_group(Activation activation) {
        FeatureSpec spec = FeatureSpec.v1(3);
        HeadShape shape = HeadShape.forFeatures(spec, 5, activation);
        Random random = new Random(11);
        double[] p = new double[shape.parameterCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0.5 * random.nextGaussian(); // biases and bilinear non-zero too, unlike a fresh head
        }
        BtHead head = BtHead.of(shape, p);
        int pairs = 4;
        float[][] chosen = new float[pairs][];
        float[][] rejected = new float[pairs][];
        for (int k = 0; k < pairs; k++) {
            chosen[k] = randomFeatures(spec, random);
            rejected[k] = randomFeatures(spec, random);
        }
        double margin = 0.3;

        double[] analytic = new double[p.length];
        BtHead.Workspace wc = new BtHead.Workspace(shape);
        BtHead.Workspace wr = new BtHead.Workspace(shape);
        for (int k = 0; k < pairs; k++) {
            double rc = head.forward(chosen[k], wc);
            double rr = head.forward(rejected[k], wr);
            double g = -BtTrainer.sigmoidOfMinus(rc - rr - margin) / pairs;
            head.backward(chosen[k], wc, g, analytic);
            head.backward(rejected[k], wr, -g, analytic);
        }

        double[] numeric = new double[p.length];
        double[] params = head.parameters();
        for (int i = 0; i < p.length; i++) {
            double saved = params[i];
            params[i] = saved + EPS;
            double plus = objective(head, chosen, rejected, margin);
            params[i] = saved - EPS;
            double minus = objective(head, chosen, rejected, margin);
            params[i] = saved;
            numeric[i] = (plus - minus) / (2 * EPS);
        }

        for (BtHead.ParameterGroup group : head.groups()) {
            double diff = 0;
            double normA = 0;
            double normN = 0;
            for (int i = group.offset(); i < group.offset() + group.length(); i++) {
                diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
                normA += analytic[i] * analytic[i];
                normN += numeric[i] * numeric[i];
            }
            double relative = Math.sqrt(diff) / Math.max(Math.sqrt(normA) + Math.sqrt(normN), 1e-300);
            assertThat(Math.sqrt(normN))
                    .as("group %s has a non-trivial gradient", group.name())
                    .isGreaterThan(1e-4);
            assertThat(relative)
                    .as("relative error of group %s (%s)", group.name(), activation)
                    .isLessThan(1e-4);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activation_derivative_matches_central_differences(Activation activation) {
        for (double x = -4; x <= 4; x += 0.37) {
            double numeric = (activation.apply(x + 1e-6) - activation.apply(x - 1e-6)) / 2e-6;
            assertThat(activation.derivative(x))
                    .as("derivative at %s", x)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-8));
        }
    }

    private static double objective(BtHead head, float[][] chosen, float[][] rejected, double margin) {
        double sum = 0;
        for (int k = 0; k < chosen.length; k++) {
            sum += BtTrainer.loss(head.score(chosen[k]) - head.score(rejected[k]) - margin);
        }
        return sum / chosen.length;
    }

    private static float[] randomFeatures(FeatureSpec spec, Random random) {
        float[] c = new float[spec.embeddingDimension()];
        float[] x = new float[spec.embeddingDimension()];
        float[] y = new float[spec.embeddingDimension()];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) random.nextGaussian();
            x[i] = (float) random.nextGaussian();
            y[i] = (float) random.nextGaussian();
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
            text.append(i % 7 == 0 ? "\n- item" : " word").append(i % 5 == 0 ? "?" : "");
        }
        return spec.features(c, x, y, text.toString());
    }
}
