package org.omnireward.judge;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnireward.core.Preference;
import org.omnireward.core.UnparseableOutputException;

/**
 * Reads a judge's decision from its output (protocol.md, "Evaluation protocol"). Pairwise: the
 * verdict is {@code [[A]]}, {@code [[B]]} or, when ties are allowed, {@code [[C]]}; {@code \boxed{A}}
 * (also {@code \boxed{\text{A}}}) counts the same. Exactly one distinct letter must appear: an
 * output naming two different letters, or none, or {@code C} where ties are not allowed, is
 * unparseable and never guessed. Pointwise: one distinct score {@code [[1]]}…{@code [[5]]} (or
 * {@code \boxed{n}}). The rationale is the text before the first verdict mark.
 */
public final class VerdictParser {

    private static final Pattern LETTER = Pattern.compile(
            "\\[\\[\\s*([ABC])\\s*]]|\\\\boxed\\{\\s*(?:\\\\text\\{\\s*)?([ABC])\\s*}?\\s*}");
    private static final Pattern SCORE = Pattern.compile(
            "\\[\\[\\s*([1-5])\\s*]]|\\\\boxed\\{\\s*(?:\\\\text\\{\\s*)?([1-5])\\s*}?\\s*}");

    private VerdictParser() {
    }

    /** A decision read from an output: the preference and the analysis written before it. */
    public record Parsed(Preference preference, String rationale) {
    }

    /** A pointwise score read from an output and the analysis written before it. */
    public record Score(int value, String rationale) {
    }

    /**
     * The pairwise verdict of {@code output}.
     *
     * @throws UnparseableOutputException carrying the output when no single allowed verdict is found
     */
    public static Parsed pairwise(String output, boolean allowTies) {
        String text = output == null ? "" : output;
        Matcher m = LETTER.matcher(text);
        Set<Character> letters = new LinkedHashSet<>();
        int first = -1;
        while (m.find()) {
            String g = m.group(1) != null ? m.group(1) : m.group(2);
            letters.add(g.charAt(0));
            if (first < 0) {
                first = m.start();
            }
        }
        if (letters.isEmpty()) {
            throw new UnparseableOutputException("judge output has no verdict: expected [[A]], [[B]]"
                    + (allowTies ? " or [[C]]" : "") + " (or \\boxed{…}) in " + excerpt(text), output);
        }
        if (letters.size() > 1) {
            throw new UnparseableOutputException("judge output names more than one verdict (" + join(letters)
                    + "); expected exactly one", output);
        }
        char c = letters.iterator().next();
        if (c == 'C' && !allowTies) {
            throw new UnparseableOutputException("judge output answers [[C]] (a tie) where ties are not allowed", output);
        }
        Preference p = switch (c) {
            case 'A' -> Preference.RESPONSE1;
            case 'B' -> Preference.RESPONSE2;
            default -> Preference.TIE;
        };
        return new Parsed(p, text.substring(0, first).strip());
    }

    /**
     * The pointwise score (1 to 5) of {@code output}.
     *
     * @throws UnparseableOutputException carrying the output when no single score is found
     */
    public static Score pointwise(String output) {
        String text = output == null ? "" : output;
        Matcher m = SCORE.matcher(text);
        Set<Character> scores = new LinkedHashSet<>();
        int first = -1;
        while (m.find()) {
            String g = m.group(1) != null ? m.group(1) : m.group(2);
            scores.add(g.charAt(0));
            if (first < 0) {
                first = m.start();
            }
        }
        if (scores.isEmpty()) {
            throw new UnparseableOutputException("judge output has no score: expected one of [[1]] to [[5]] in "
                    + excerpt(text), output);
        }
        if (scores.size() > 1) {
            throw new UnparseableOutputException("judge output gives more than one score (" + join(scores)
                    + "); expected exactly one", output);
        }
        return new Score(scores.iterator().next() - '0', text.substring(0, first).strip());
    }

    private static String join(Set<Character> s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s) {
            sb.append(sb.length() == 0 ? "" : ", ").append("[[").append(c).append("]]");
        }
        return sb.toString();
    }

    private static String excerpt(String text) {
        String t = text.strip().replace('\n', ' ');
        if (t.isEmpty()) {
            return "an empty answer";
        }
        return t.length() <= 120 ? "'" + t + "'" : "'…" + t.substring(t.length() - 117) + "'";
    }
}
