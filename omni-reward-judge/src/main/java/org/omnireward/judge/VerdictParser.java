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
 * (also {@code \boxed{\text{A}}}) counts the same. The verdict is looked for only after the model's
 * reasoning ({@link ReplyParts}: a {@code <think>…</think>} block or a separate reasoning field), so
 * letters a reasoning model weighs while thinking do not count; when the answer has {@code
 * <answer>…</answer>} tags, only the last answer block is read, where a bare letter ({@code A}, {@code
 * (B)}, {@code Response A}) also counts. Exactly one distinct letter must appear: an answer naming two
 * different letters, or none, or {@code C} where ties are not allowed, is unparseable and never guessed.
 * Pointwise: one distinct score {@code [[1]]}…{@code [[5]]} (or {@code \boxed{n}}, or a bare digit in
 * answer tags). The rationale is the analysis written before the verdict, or the reasoning when the
 * answer has none.
 */
public final class VerdictParser {

    private static final Pattern LETTER =
            Pattern.compile("\\[\\[\\s*([ABC])\\s*]]|\\\\boxed\\{\\s*(?:\\\\text\\{\\s*)?([ABC])\\s*}?\\s*}");
    private static final Pattern SCORE =
            Pattern.compile("\\[\\[\\s*([1-5])\\s*]]|\\\\boxed\\{\\s*(?:\\\\text\\{\\s*)?([1-5])\\s*}?\\s*}");
    private static final Pattern ANSWER = Pattern.compile("(?is)<answer>(.*?)(?:</answer>|\\z)");
    private static final Pattern BARE_LETTER = Pattern.compile(
            "(?i)^[\\s*]*(?:the\\s+)?(?:final\\s+)?(?:verdict|answer)?\\s*:?\\s*[(\\[]*\\s*(?:response|output)?\\s*([abc])\\s*[)\\]]*\\s*\\.?[\\s*]*$");
    private static final Pattern BARE_SCORE = Pattern.compile("^[\\s*]*[(\\[]*\\s*([1-5])\\s*[)\\]]*\\s*\\.?[\\s*]*$");

    private VerdictParser() {}

    /** A decision read from an output: the preference and the analysis written before it. */
    public record Parsed(Preference preference, String rationale) {}

    /** A pointwise score read from an output and the analysis written before it. */
    public record Score(int value, String rationale) {}

    /**
     * The pairwise verdict of {@code output} (a {@code <think>} block in it is reasoning).
     *
     * @throws UnparseableOutputException carrying the output when no single allowed verdict is found
     */
    public static Parsed pairwise(String output, boolean allowTies) {
        return pairwise(ReplyParts.ofText(output), allowTies);
    }

    /**
     * The pairwise verdict of a reply's answer part.
     *
     * @throws UnparseableOutputException carrying the raw output and finish reason when no single allowed
     *     verdict is found
     */
    public static Parsed pairwise(ReplyParts reply, boolean allowTies) {
        Found f = find(reply, LETTER, BARE_LETTER);
        String expected = "[[A]], [[B]]" + (allowTies ? " or [[C]]" : "") + " (or \\boxed{…})";
        if (f.values.isEmpty()) {
            throw new UnparseableOutputException(
                    "judge output has no verdict: expected " + expected + " in " + where(reply),
                    reply.rawOutput(),
                    reply.finishReason());
        }
        if (f.values.size() > 1) {
            throw new UnparseableOutputException(
                    "judge output names more than one verdict (" + join(f.values) + ")"
                            + (reply.reasoning().isEmpty() ? "" : " after its reasoning") + "; expected exactly one",
                    reply.rawOutput(),
                    reply.finishReason());
        }
        char c = f.values.iterator().next();
        if (c == 'C' && !allowTies) {
            throw new UnparseableOutputException(
                    "judge output answers [[C]] (a tie) where ties are not allowed",
                    reply.rawOutput(),
                    reply.finishReason());
        }
        Preference p = switch (c) {
            case 'A' -> Preference.RESPONSE1;
            case 'B' -> Preference.RESPONSE2;
            default -> Preference.TIE;
        };
        return new Parsed(p, f.rationale);
    }

    /**
     * The pointwise score (1 to 5) of {@code output}.
     *
     * @throws UnparseableOutputException carrying the output when no single score is found
     */
    public static Score pointwise(String output) {
        return pointwise(ReplyParts.ofText(output));
    }

    /** The pointwise score of a reply's answer part. */
    public static Score pointwise(ReplyParts reply) {
        Found f = find(reply, SCORE, BARE_SCORE);
        if (f.values.isEmpty()) {
            throw new UnparseableOutputException(
                    "judge output has no score: expected one of [[1]] to [[5]] in " + where(reply),
                    reply.rawOutput(),
                    reply.finishReason());
        }
        if (f.values.size() > 1) {
            throw new UnparseableOutputException(
                    "judge output gives more than one score (" + join(f.values) + "); expected exactly one",
                    reply.rawOutput(),
                    reply.finishReason());
        }
        return new Score(f.values.iterator().next() - '0', f.rationale);
    }

    private record Found(Set<Character> values, String rationale) {}

    private static Found find(ReplyParts reply, Pattern marks, Pattern bare) {
        String answer = reply.answer();
        String region = answer;
        String before = "";
        boolean tagged = false;
        if (answer.indexOf('<') >= 0) {
            Matcher am = ANSWER.matcher(answer);
            int start = -1;
            String last = null;
            while (am.find()) {
                start = start < 0 ? am.start() : start;
                last = am.group(1);
            }
            if (last != null) {
                region = last;
                before = answer.substring(0, start);
                tagged = true;
            }
        }
        Set<Character> values = new LinkedHashSet<>();
        int first = -1;
        Matcher m = marks.matcher(region);
        while (m.find()) {
            String g = m.group(1) != null ? m.group(1) : m.group(2);
            values.add(g.charAt(0));
            if (first < 0) {
                first = m.start();
            }
        }
        if (values.isEmpty() && tagged) {
            Matcher b = bare.matcher(region);
            if (b.matches()) {
                values.add(Character.toUpperCase(b.group(1).charAt(0)));
                first = 0;
            }
        }
        String analysis = (before + (first > 0 ? region.substring(0, first) : "")).strip();
        return new Found(values, analysis.isEmpty() ? reply.reasoning().strip() : analysis);
    }

    private static String where(ReplyParts reply) {
        if (!reply.reasoning().isEmpty()) {
            return "the answer after its reasoning (" + ReplyParts.excerpt(reply.answer()) + ")";
        }
        return ReplyParts.excerpt(reply.answer());
    }

    private static String join(Set<Character> s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s) {
            sb.append(sb.length() == 0 ? "" : ", ").append("[[").append(c).append("]]");
        }
        return sb.toString();
    }
}
