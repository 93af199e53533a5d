package org.omnireward.data.mix;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.Sources;

/**
 * Synthetic pairs that separate answer quality from answer length, made from a good answer of a
 * real pair (its chosen response) under the pair's own criterion:
 * <ul>
 * <li>{@code synthetic:padded}: the answer beats itself with generic filler sentences added (the
 *     longer one is worse);</li>
 * <li>{@code synthetic:repeated}: the answer beats itself with its sentences said again ("In other
 *     words, …") (longer, worse);</li>
 * <li>{@code synthetic:key-removed}: the answer beats itself without its first sentence, where the
 *     answer usually is (the longer one is better), for answers of three sentences or more.</li>
 * </ul>
 * Together the first two teach that length alone earns nothing and the third that content does.
 * {@link #flip} names a real criterion flip: the same two responses preferred in opposite orders under
 * two different criteria (e.g. Newsroom summaries rated on fluency and on informativeness). These are the
 * {@code quality-pairs} and {@code criterion-flips} steps of a {@code data mix} recipe. Seeded and
 * deterministic.
 */
public final class QualityPairs {

    /** Generic sentences that add length and no content. */
    static final List<String> FILLER = List.of(
            "It is important to consider all aspects of this question carefully.",
            "There are many factors that can play a role here, and each of them matters.",
            "This is a topic that many people find interesting and worth thinking about.",
            "As with many things, the details can vary depending on the situation.",
            "I hope this information is helpful and gives you a good overview.",
            "Let me know if you have any other questions about this topic.",
            "In general, it is always a good idea to keep these points in mind.",
            "Of course, everyone's experience may be a little different.");

    /** The categories of the quality pairs, in the order {@link #pairs} makes them. */
    public static final List<String> CATEGORIES =
            List.of("synthetic:padded", "synthetic:repeated", "synthetic:key-removed");
    /** The category of criterion flips. */
    public static final String FLIP_CATEGORY = "flip";

    private final long seed;

    /** A builder whose choices (filler sentences, how many) follow {@code seed}. */
    public QualityPairs(long seed) {
        this.seed = seed;
    }

    /** The sentences of {@code text}, split after {@code .}, {@code !} or {@code ?} followed by a space or newline. */
    public static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.strip().split("(?<=[.!?])\\s+")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** The three kinds of synthetic pairs {@code base}'s chosen answer allows (fewer for short answers). */
    public List<PreferencePair> pairs(PreferencePair base) {
        List<PreferencePair> out = new ArrayList<>();
        String good = base.chosen().requireText().strip();
        List<String> sentences = sentences(good);
        if (sentences.isEmpty() || good.length() < 20) {
            return out;
        }
        SplittableRandom random = new SplittableRandom(seed ^ base.id().hashCode() * 0x9E3779B97F4A7C15L);
        StringBuilder padded = new StringBuilder(good);
        int n = 2 + random.nextInt(3);
        int first = random.nextInt(FILLER.size());
        for (int i = 0; i < n; i++) {
            padded.append(i == 0 ? "\n\n" : " ").append(FILLER.get((first + i) % FILLER.size()));
        }
        out.add(synthetic(base, "padded", good, padded.toString()));
        StringBuilder repeated = new StringBuilder(good).append("\n\nIn other words, ");
        for (int i = 0; i < sentences.size(); i++) {
            repeated.append(i == 0 ? "" : " ").append(sentences.get(i));
        }
        out.add(synthetic(base, "repeated", good, repeated.toString()));
        if (sentences.size() >= 3) {
            out.add(synthetic(base, "key-removed", good, String.join(" ", sentences.subList(1, sentences.size()))));
        }
        return out;
    }

    private static PreferencePair synthetic(PreferencePair base, String kind, String chosen, String rejected) {
        return PreferencePair.text(
                base.id() + "~" + kind,
                base.group(),
                base.criteria(),
                base.prompt(),
                chosen,
                rejected,
                Sources.SYNTHETIC_PREFIX + kind + "<-" + base.source());
    }

    /**
     * The flip of {@code p} against {@code otherId}, a pair of the same two responses preferred the other
     * way under another criterion: {@code p} itself under the id {@code <p>~flip~<other>} and the source
     * {@code flip:<p's source>}. The mix finds such pairs in DuckDB ({@code criterion-flips} steps).
     */
    public static PreferencePair flip(PreferencePair p, String otherId) {
        return new PreferencePair(
                p.id() + "~flip~" + otherId,
                p.task(),
                p.group(),
                p.criteria(),
                p.prompt(),
                p.inputs(),
                p.chosen(),
                p.rejected(),
                false,
                FLIP_CATEGORY + ":" + p.source());
    }
}
