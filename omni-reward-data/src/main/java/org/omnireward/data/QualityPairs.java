package org.omnireward.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.omnireward.core.PreferencePair;

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
 * {@link #criterionFlips} finds real criterion flips: the same two responses preferred in opposite
 * orders under two different criteria (e.g. Newsroom summaries rated on fluency and on
 * informativeness). Seeded and deterministic.
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
     * Real criterion flips in {@code pairs}: for two responses to one prompt preferred one way under
     * a criterion and the other way under another, both pairs, with the source marked
     * {@code flip:}. Each unordered (prompt, responses, criteria) combination is taken once.
     */
    public static List<PreferencePair> criterionFlips(List<PreferencePair> pairs) {
        Map<String, List<PreferencePair>> byResponses = new LinkedHashMap<>();
        for (PreferencePair p : pairs) {
            if (p.tie()) {
                continue;
            }
            String a = p.chosen().requireText();
            String b = p.rejected().requireText();
            String key = p.prompt() + "\u0000" + (a.compareTo(b) < 0 ? a + "\u0000" + b : b + "\u0000" + a);
            byResponses.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<PreferencePair> out = new ArrayList<>();
        for (List<PreferencePair> same : byResponses.values()) {
            for (int i = 0; i < same.size(); i++) {
                for (int j = i + 1; j < same.size(); j++) {
                    PreferencePair x = same.get(i);
                    PreferencePair y = same.get(j);
                    if (!x.criteria().equals(y.criteria())
                            && x.chosen().requireText().equals(y.rejected().requireText())) {
                        out.add(flip(x, y));
                        out.add(flip(y, x));
                    }
                }
            }
        }
        return out;
    }

    private static PreferencePair flip(PreferencePair p, PreferencePair other) {
        return new PreferencePair(
                p.id() + "~flip~" + other.id(),
                p.task(),
                p.group(),
                p.criteria(),
                p.prompt(),
                p.inputs(),
                p.chosen(),
                p.rejected(),
                false,
                "flip:" + p.source());
    }
}
