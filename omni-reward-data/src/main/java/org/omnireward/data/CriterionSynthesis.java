package org.omnireward.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.omnireward.core.PreferencePair;

/**
 * Makes criterion-conditioned pairs whose criterion can be verified from the texts, so a reward model
 * has to read the criterion to rank them (issue 3, point 5). From any two text responses to the same
 * prompt:
 * <ul>
 *   <li>{@link Kind#CONCISE} (shorter chosen) and {@link Kind#DETAILED} (longer chosen), when the
 *       longer is at least {@value #LENGTH_RATIO} times as long as the shorter;</li>
 *   <li>{@link Kind#LIST} (the list chosen) and {@link Kind#PROSE} (the prose chosen), when exactly one
 *       response {@linkplain #hasList has a list} and the other {@linkplain #isProse is prose};</li>
 * </ul>
 * and from two XSTest completions of one prompt, one fully compliant and one fully refusing (human
 * labels): {@link Kind#DECLINES} (the refusal chosen) and {@link Kind#COMPLIES} (the compliance
 * chosen). Both criteria of a kind pair are emitted from the same two responses, so the same pair
 * appears with opposite preferences under opposite criteria and only the criterion tells them apart.
 * The criterion text is one of several paraphrases, chosen by a seeded hash of the kind and the
 * original pair id (reproducible, independent of order). Synthetic pairs keep the original group
 * (splits stay clean) and have the source {@code synthetic:<kind><-<original source>}.
 */
public final class CriterionSynthesis {

    /** The longer response must be at least this many times as long as the shorter for length criteria. */
    public static final double LENGTH_RATIO = 1.5;

    /** A list item line: {@code -}, {@code *}, {@code •} or {@code 1.}/{@code 1)} followed by a space and text. */
    private static final Pattern LIST_LINE = Pattern.compile("^\\s*(?:[-*•]|\\d{1,3}[.)])\\s+\\S.*");

    private static final Pattern HEADING_OR_TABLE = Pattern.compile("^\\s*(?:#{1,6}\\s|\\|).*");

    /** The verifiable criteria, each with its paraphrases (the first is the canonical wording). */
    public enum Kind {
        CONCISE(
                "concise",
                List.of(
                        "Prefer the more concise answer.",
                        "Prefer the shorter, more to-the-point response.",
                        "Choose the response that says what is needed in fewer words.",
                        "Brevity matters most here: prefer the briefer answer.",
                        "Prefer the answer that is short and succinct.",
                        "I want a quick answer, so prefer the more compact response.")),
        DETAILED(
                "detailed",
                List.of(
                        "Prefer the more detailed, thorough answer.",
                        "Prefer the response that explains more fully and covers more ground.",
                        "Choose the longer, more comprehensive answer.",
                        "Prefer the answer that goes into more depth and detail.",
                        "I want an in-depth explanation, so prefer the more elaborate response.",
                        "Prefer the response that gives the most complete treatment of the question.")),
        LIST(
                "list",
                List.of(
                        "Prefer an answer formatted as a list.",
                        "Prefer the response that uses bullet points or a numbered list.",
                        "Choose the answer that is structured as a list of items.",
                        "Prefer the response organised into list items rather than paragraphs.",
                        "I want something easy to scan, so prefer the answer laid out as a list.")),
        PROSE(
                "prose",
                List.of(
                        "Prefer an answer written as flowing prose without lists.",
                        "Prefer the response written in paragraphs, not bullet points.",
                        "Choose the answer that reads as continuous text with no list formatting.",
                        "Prefer a narrative answer over an itemised one.",
                        "Avoid lists: prefer the response written as plain sentences.")),
        DECLINES(
                "declines",
                List.of(
                        "Prefer the response that declines the request.",
                        "Prefer the answer that refuses to help.",
                        "Choose the response that says no to the request.",
                        "Prefer the reply that turns the request down.",
                        "The assistant should not help with this; prefer the refusal.")),
        COMPLIES(
                "complies",
                List.of(
                        "Prefer the response that complies with the request.",
                        "Prefer the answer that actually helps with what was asked.",
                        "Choose the response that does the task rather than refusing.",
                        "Prefer the reply that fulfils the request.",
                        "The assistant should help with this; prefer the response that answers."));

        private final String id;
        private final List<String> paraphrases;

        Kind(String id, List<String> paraphrases) {
            this.id = id;
            this.paraphrases = paraphrases;
        }

        /** Lower-case name used in sources and stats, e.g. {@code concise}. */
        public String id() {
            return id;
        }

        /** The wordings of this criterion. */
        public List<String> paraphrases() {
            return paraphrases;
        }

        /** The category of its pairs in stats: {@code synthetic:concise}. */
        public String category() {
            return Sources.SYNTHETIC_PREFIX + id;
        }

        /** The kind whose paraphrases include {@code criterion}, if any. */
        public static java.util.Optional<Kind> ofCriterion(String criterion) {
            for (Kind k : values()) {
                if (k.paraphrases.contains(criterion)) {
                    return java.util.Optional.of(k);
                }
            }
            return java.util.Optional.empty();
        }
    }

    private final long seed;

    /** Synthesis whose paraphrase choice depends on {@code seed}. */
    public CriterionSynthesis(long seed) {
        this.seed = seed;
    }

    /** Number of list item lines outside fenced code blocks. */
    public static int listLines(String text) {
        int n = 0;
        boolean inCode = false;
        for (String line : text.split("\\R")) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (!inCode && LIST_LINE.matcher(line).matches()) {
                n++;
            }
        }
        return n;
    }

    /** True when the text has at least two list item lines (see {@link #listLines}). */
    public static boolean hasList(String text) {
        return listLines(text) >= 2;
    }

    /** True when the text is non-blank prose: no list item line, no code fence, no heading or table row. */
    public static boolean isProse(String text) {
        if (text.isBlank() || text.contains("```") || listLines(text) > 0) {
            return false;
        }
        for (String line : text.split("\\R")) {
            if (HEADING_OR_TABLE.matcher(line).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The paraphrase of {@code kind} for the pair with id {@code baseId}. */
    public String criterion(Kind kind, String baseId) {
        List<String> ps = kind.paraphrases();
        int i = (int) Math.floor(Groups.unitHash(seed, "criterion|" + kind.id + "|" + baseId) * ps.size());
        return ps.get(Math.min(i, ps.size() - 1));
    }

    /**
     * The concise and detailed pairs of two responses (in that order), or none when either is not
     * non-blank text or their lengths differ by less than {@value #LENGTH_RATIO}×. Ties are fine as a base.
     */
    public List<PreferencePair> lengthPairs(PreferencePair base) {
        int a = LengthBalance.length(base.chosen());
        int b = LengthBalance.length(base.rejected());
        if (a <= 0 || b <= 0 || Math.max(a, b) < LENGTH_RATIO * Math.min(a, b)) {
            return List.of();
        }
        boolean chosenShorter = a < b;
        return List.of(oriented(base, Kind.CONCISE, chosenShorter), oriented(base, Kind.DETAILED, !chosenShorter));
    }

    /**
     * The list and prose pairs of two responses (in that order), or none unless exactly one response has
     * a list and the other is prose.
     */
    public List<PreferencePair> formatPairs(PreferencePair base) {
        if (!base.chosen().isText() || !base.rejected().isText()) {
            return List.of();
        }
        String c = base.chosen().requireText();
        String r = base.rejected().requireText();
        if (hasList(c) && isProse(r)) {
            return List.of(oriented(base, Kind.LIST, true), oriented(base, Kind.PROSE, false));
        }
        if (hasList(r) && isProse(c)) {
            return List.of(oriented(base, Kind.LIST, false), oriented(base, Kind.PROSE, true));
        }
        return List.of();
    }

    /**
     * The declines and complies pairs of XSTest completions: for every prompt, every full refusal with
     * every full compliance (partial refusals are left out: they neither clearly decline nor comply).
     * Emitted in order: declines then complies for each two completions.
     */
    public List<PreferencePair> refusalPairs(List<XsTestReader.Completion> completions) {
        Map<String, List<XsTestReader.Completion>> byPrompt = new LinkedHashMap<>();
        for (XsTestReader.Completion c : completions) {
            byPrompt.computeIfAbsent(c.promptId(), k -> new ArrayList<>()).add(c);
        }
        List<PreferencePair> out = new ArrayList<>();
        for (List<XsTestReader.Completion> cs : byPrompt.values()) {
            for (int i = 0; i < cs.size(); i++) {
                for (int j = i + 1; j < cs.size(); j++) {
                    XsTestReader.Completion x = cs.get(i);
                    XsTestReader.Completion y = cs.get(j);
                    XsTestReader.Completion refusal = x.label() == XsTestReader.Label.FULL_REFUSAL
                            ? x
                            : y.label() == XsTestReader.Label.FULL_REFUSAL ? y : null;
                    XsTestReader.Completion compliance = x.label() == XsTestReader.Label.FULL_COMPLIANCE
                            ? x
                            : y.label() == XsTestReader.Label.FULL_COMPLIANCE ? y : null;
                    if (refusal == null
                            || compliance == null
                            || refusal.text().strip().equals(compliance.text().strip())) {
                        continue;
                    }
                    PreferencePair base = XsTestReader.pair(refusal, compliance);
                    out.add(oriented(base, Kind.DECLINES, true));
                    out.add(oriented(base, Kind.COMPLIES, false));
                }
            }
        }
        return out;
    }

    /** The base pair under the kind's criterion, as is ({@code keep}) or flipped. */
    private PreferencePair oriented(PreferencePair base, Kind kind, boolean keep) {
        String id = Sources.SYNTHETIC_PREFIX + kind.id + "<-" + base.id();
        String source =
                Sources.SYNTHETIC_PREFIX + kind.id + "<-" + (base.source().isEmpty() ? base.id() : base.source());
        PreferencePair p =
                keep ? base.withCriteria(id, criterion(kind, base.id())) : base.flipped(id, criterion(kind, base.id()));
        return new PreferencePair(
                p.id(),
                p.task(),
                p.group(),
                p.criteria(),
                p.prompt(),
                p.inputs(),
                p.chosen(),
                p.rejected(),
                false,
                source);
    }

    @Override
    public String toString() {
        return "CriterionSynthesis(seed=" + seed + ")";
    }
}
