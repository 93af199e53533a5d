package org.omnireward.scalar.bt;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.omnireward.core.PreferencePair;

/**
 * Synthetic criterion-conditioned pairs: for every prompt a short and a long answer; under
 * {@link #CONCISE} the short one is chosen, under {@link #DETAILED} the long one. Only the
 * criterion tells which way a pair goes.
 */
final class ConcisenessData {

    static final String CONCISE = "Prefer a concise answer";
    static final String DETAILED = "Prefer a detailed answer";

    private ConcisenessData() {}

    static List<PreferencePair> pairs(int prompts, long seed) {
        Random r = new Random(seed);
        List<PreferencePair> out = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            String prompt = "question about " + words(r, 3);
            String shortAnswer = sentence(r, 3 + r.nextInt(4));
            StringBuilder longAnswer = new StringBuilder();
            for (int s = 0, n = 4 + r.nextInt(5); s < n; s++) {
                longAnswer.append(sentence(r, 8 + r.nextInt(8))).append(' ');
            }
            String group = "prompt-" + seed + "-" + i;
            out.add(PreferencePair.text(
                    group + "-c",
                    group,
                    CONCISE,
                    prompt,
                    shortAnswer,
                    longAnswer.toString().trim(),
                    "synthetic"));
            out.add(PreferencePair.text(
                    group + "-d", group, DETAILED, prompt, longAnswer.toString().trim(), shortAnswer, "synthetic"));
        }
        return out;
    }

    static String sentence(Random r, int words) {
        String s = words(r, words);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }

    static String words(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append("w").append(r.nextInt(300));
        }
        return b.toString();
    }

    /** A model trained on these pairs with {@code encoder}. */
    static BtTrainingResult train(FakeEncoder encoder, BtTrainingConfig config) {
        FeatureSpec spec = FeatureSpec.v1(encoder.dimension());
        EncodedPairSource train = EncodedPairSource.encode(pairs(400, 1), encoder, spec, 64, null);
        EncodedPairSource valid = EncodedPairSource.encode(pairs(40, 2), encoder, spec, 64, null);
        return new BtTrainer(config).train(spec, train, valid, null);
    }
}
