package org.omnireward.scalar;

import java.util.List;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Task;
import org.omnireward.testing.TestSamples;

/**
 * The samples the scalar models' reward-model contract tests score: one or two of each
 * text-response task, chosen to stress text handling (very different lengths, list formatting,
 * non-Latin script and emoji, an empty response). Each test adds its own ta2t sample last.
 */
public final class ScalarContractSamples {

    /** The long answer of the short-versus-long t2t sample, several sentences. */
    public static final String LONG_ANSWER =
            "Yes, and here is a much longer answer with several sentences. It goes on. And on.";

    private ScalarContractSamples() {}

    /**
     * t2t "Yes." against {@code longAnswer}, t2t plain against bulleted list, ti2t accents against
     * emoji and CJK, tv2t empty against non-empty, then {@code ta2t}; in this order, since the
     * contract uses the first sample as its supported one.
     */
    public static List<PreferenceSample> textResponseSamples(String longAnswer, PreferenceSample ta2t) {
        return List.of(
                TestSamples.sample(Task.T2T, "t2t-short-long", Preference.RESPONSE1, "Yes.", longAnswer),
                TestSamples.sample(
                        Task.T2T, "t2t-list", Preference.RESPONSE2, "first second third", "- first\n- second\n- third"),
                TestSamples.sample(
                        Task.TI2T,
                        "ti2t-unicode",
                        Preference.RESPONSE2,
                        "h\u00e9 \u00e7a va",
                        "\uD83D\uDE00 smile \u4F60\u597D"),
                TestSamples.sample(Task.TV2T, "tv2t-empty", Preference.RESPONSE2, "", "not empty"),
                ta2t);
    }
}
