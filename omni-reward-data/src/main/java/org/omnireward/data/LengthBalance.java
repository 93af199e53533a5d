package org.omnireward.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;

/**
 * Length bias control. In the AlpacaEval annotations the longer answer is preferred about 84% of the
 * time, so a model could score well by measuring length. {@link #balance} samples a set in which the
 * chosen answer is longer exactly as often as it is shorter; {@link #isLengthBalanced} marks the
 * pairs where the preferred answer is the shorter one (the length-balanced validation subset, on
 * which a pure length model is always wrong). Length is counted in Unicode code points of the
 * stripped text.
 */
public final class LengthBalance {

    /** How the chosen response's length compares with the rejected one's. */
    public enum Direction {
        CHOSEN_LONGER,
        CHOSEN_SHORTER,
        SAME_LENGTH,
        NOT_TEXT
    }

    private LengthBalance() {}

    /** Length of a text response in code points (stripped); -1 for media responses. */
    public static int length(Response r) {
        return r.text()
                .map(t -> {
                    String s = t.strip();
                    return s.codePointCount(0, s.length());
                })
                .orElse(-1);
    }

    /** The length direction of a pair. */
    public static Direction direction(PreferencePair p) {
        int c = length(p.chosen());
        int r = length(p.rejected());
        if (c < 0 || r < 0) {
            return Direction.NOT_TEXT;
        }
        return c > r ? Direction.CHOSEN_LONGER : c < r ? Direction.CHOSEN_SHORTER : Direction.SAME_LENGTH;
    }

    /** True when the chosen response is strictly shorter than the rejected one. */
    public static boolean isLengthBalanced(PreferencePair p) {
        return direction(p) == Direction.CHOSEN_SHORTER;
    }

    /** True when the chosen response is strictly longer than the rejected one. */
    public static boolean chosenIsLonger(PreferencePair p) {
        return direction(p) == Direction.CHOSEN_LONGER;
    }

    /** Among pairs whose responses differ in length, the share where the chosen is longer (NaN when none). */
    public static double chosenLongerFraction(Collection<PreferencePair> pairs) {
        long longer = 0;
        long shorter = 0;
        for (PreferencePair p : pairs) {
            switch (direction(p)) {
                case CHOSEN_LONGER -> longer++;
                case CHOSEN_SHORTER -> shorter++;
                default -> {}
            }
        }
        return longer + shorter == 0 ? Double.NaN : (double) longer / (longer + shorter);
    }

    /**
     * A length-balanced sample: the majority side (chosen longer, or chosen shorter) is reduced to the
     * size of the minority side by a seeded hash of the pair ids; pairs of equal length, media pairs
     * and ties are all kept. The result keeps input order and does not depend on it. A trainer that
     * wants a fresh sample every epoch calls this with a different seed per epoch.
     */
    public static List<PreferencePair> balance(List<PreferencePair> pairs, long seed) {
        List<PreferencePair> longer = new ArrayList<>();
        List<PreferencePair> shorter = new ArrayList<>();
        for (PreferencePair p : pairs) {
            if (p.tie()) {
                continue;
            }
            switch (direction(p)) {
                case CHOSEN_LONGER -> longer.add(p);
                case CHOSEN_SHORTER -> shorter.add(p);
                default -> {}
            }
        }
        List<PreferencePair> majority = longer.size() >= shorter.size() ? longer : shorter;
        int keep = Math.min(longer.size(), shorter.size());
        Set<PreferencePair> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
        dropped.addAll(byHash(majority, seed, "balance|").subList(keep, majority.size()));
        List<PreferencePair> out = new ArrayList<>(pairs.size() - dropped.size());
        for (PreferencePair p : pairs) {
            if (!dropped.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The pairs ordered by a seeded hash of their ids (ties by id): a shuffle that ignores input order. */
    static List<PreferencePair> byHash(Collection<PreferencePair> pairs, long seed, String salt) {
        Map<PreferencePair, Double> key = new IdentityHashMap<>();
        for (PreferencePair p : pairs) {
            key.put(p, Groups.unitHash(seed, salt + p.id()));
        }
        List<PreferencePair> sorted = new ArrayList<>(pairs);
        sorted.sort(Comparator.comparingDouble((PreferencePair p) -> key.get(p)).thenComparing(PreferencePair::id));
        return sorted;
    }
}
