package org.omnireward.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;

/**
 * Builds a training (or validation) set from several sources, seeded and independent of the order of
 * the pairs within each source (the summary lists sources in the order they were added).
 *
 * <ul>
 *   <li><b>General pairs</b> (AlpacaEval, LLaMA-Factory, unified files): ties left out (counted);
 *       for sources added with {@code balanceLength}, the majority length side is sampled down so
 *       that the chosen answer is longer exactly as often as shorter ({@link LengthBalance#balance}).
 *       Balancing by sampling rather than by weights keeps the file format weight-free and every
 *       kept pair a real judgement; the cost is fewer AlpacaEval pairs (about 2 × 16% of them).</li>
 *   <li><b>Safety pairs</b> (XSTest) as they are.</li>
 *   <li><b>Synthetic pairs</b> ({@link CriterionSynthesis}) from every two responses of every added
 *       pair, ties and pairs dropped by balancing included (de-duplicated by prompt and the two
 *       texts): each qualifying base pair is drawn with the rate of its kind by a seeded hash, and
 *       gives both criteria of its kind (so each kind pair is length-balanced as a whole). List/prose
 *       base pairs are first length-balanced too (the list answer longer as often as shorter), since
 *       lists are usually the longer answer. XSTest completions give declines/complies pairs.</li>
 * </ul>
 * Exact duplicates (same criterion, prompt, chosen, rejected) are dropped, and the result is shuffled
 * by a seeded hash of the pair ids.
 */
public final class TrainingMix {

    /**
     * Mix settings.
     *
     * @param seed seeds sampling, paraphrase choice and order
     * @param lengthRate share of base pairs qualifying for concise/detailed that are used
     * @param formatRate share of base pairs qualifying for list/prose that are used
     * @param refusalRate share of XSTest refusal/compliance pairs used for declines/complies
     */
    public record Options(long seed, double lengthRate, double formatRate, double refusalRate) {

        public Options {
            for (double r : new double[] {lengthRate, formatRate, refusalRate}) {
                if (!(r >= 0 && r <= 1)) {
                    throw new InvalidInputException("synthesis rates must be in [0, 1] but got " + r);
                }
            }
        }

        /**
         * Defaults: lengthRate 0.06, formatRate 1, refusalRate 1. On the shared data this makes synthetic
         * pairs about 40% of the training set (see docs/preference-format.md).
         */
        public static Options defaults(long seed) {
            return new Options(seed, 0.06, 1.0, 1.0);
        }
    }

    /** The mixed pairs (shuffled) and their summary. */
    public record Result(List<PreferencePair> pairs, MixSummary summary) {}

    private record Input(String name, List<PreferencePair> pairs, boolean balanceLength, boolean safety) {}

    private final Options options;
    private final List<Input> inputs = new ArrayList<>();
    private final List<XsTestReader.Completion> completions = new ArrayList<>();

    private TrainingMix(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A new, empty mix. */
    public static TrainingMix builder(Options options) {
        return new TrainingMix(options);
    }

    /**
     * Adds general pairs under a source name (used in the summary, e.g. {@code alpaca-eval}).
     *
     * @param balanceLength sample the chosen-longer and chosen-shorter pairs to equal numbers
     */
    public TrainingMix addGeneral(String name, Collection<PreferencePair> pairs, boolean balanceLength) {
        inputs.add(new Input(name, sortedById(pairs), balanceLength, false));
        return this;
    }

    /** Adds XSTest safety pairs and the labelled completions they came from (for declines/complies). */
    public TrainingMix addSafety(
            String name, Collection<PreferencePair> pairs, Collection<XsTestReader.Completion> labelledCompletions) {
        inputs.add(new Input(name, sortedById(pairs), false, true));
        completions.addAll(labelledCompletions);
        completions.sort(Comparator.comparing(XsTestReader.Completion::promptId)
                .thenComparing(XsTestReader.Completion::model)
                .thenComparing(XsTestReader.Completion::file)
                .thenComparingLong(XsTestReader.Completion::line));
        return this;
    }

    /** Counts of one category while building. */
    private static final class Tally {
        int pairs;
        int longer;
        int shorter;
        int same;
        int ties;
        int balanceDropped;
        int duplicates;
        int notSampled;

        MixSummary.SourceCounts counts() {
            return new MixSummary.SourceCounts(
                    pairs, longer, shorter, same, ties, balanceDropped, duplicates, notSampled);
        }
    }

    /** Builds the mix. */
    public Result build() {
        long seed = options.seed();
        CriterionSynthesis synthesis = new CriterionSynthesis(seed);
        Map<String, Tally> tallies = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        List<PreferencePair> out = new ArrayList<>();
        List<PreferencePair> pool = new ArrayList<>();
        for (Input in : inputs) {
            Tally t = tallies.computeIfAbsent(in.name(), k -> new Tally());
            List<PreferencePair> decisive = new ArrayList<>();
            for (PreferencePair p : in.pairs()) {
                if (p.tie()) {
                    t.ties++;
                } else if (!seen.add(exactKey(p))) {
                    t.duplicates++;
                } else {
                    decisive.add(p);
                }
            }
            List<PreferencePair> kept = in.balanceLength() ? LengthBalance.balance(decisive, seed) : decisive;
            t.balanceDropped += decisive.size() - kept.size();
            kept.forEach(p -> add(p, t, out));
            pool.addAll(in.pairs());
        }
        for (CriterionSynthesis.Kind k : CriterionSynthesis.Kind.values()) {
            tallies.put(k.category(), new Tally());
        }
        List<List<PreferencePair>> lengthSets = new ArrayList<>();
        List<List<PreferencePair>> formatSets = new ArrayList<>();
        Set<String> seenBases = new HashSet<>();
        for (PreferencePair base : pool) {
            if (seenBases.add(unorderedKey(base))) {
                List<PreferencePair> l = synthesis.lengthPairs(base);
                if (!l.isEmpty()) {
                    lengthSets.add(l);
                }
                List<PreferencePair> f = synthesis.formatPairs(base);
                if (!f.isEmpty()) {
                    formatSets.add(f);
                }
            }
        }
        // lists are usually longer than prose: keep as many list-longer as list-shorter base pairs, so
        // that the list criterion cannot be learnt as "prefer the longer one"
        formatSets = balanceByFirst(formatSets, seed, tallies);
        List<PreferencePair> refusal = synthesis.refusalPairs(completions);
        List<List<PreferencePair>> refusalSets = new ArrayList<>();
        for (int i = 0; i + 1 < refusal.size(); i += 2) {
            refusalSets.add(refusal.subList(i, i + 2));
        }
        sample(lengthSets, options.lengthRate(), "length|", seed, tallies, seen, out);
        sample(formatSets, options.formatRate(), "format|", seed, tallies, seen, out);
        sample(refusalSets, options.refusalRate(), "refusal|", seed, tallies, seen, out);

        Map<String, MixSummary.SourceCounts> summary = new LinkedHashMap<>();
        int longer = 0;
        int shorter = 0;
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            summary.put(e.getKey(), e.getValue().counts());
            longer += e.getValue().longer;
            shorter += e.getValue().shorter;
        }
        List<PreferencePair> shuffled = LengthBalance.byHash(out, seed, "order|");
        return new Result(List.copyOf(shuffled), new MixSummary(out.size(), longer, shorter, summary));
    }

    private static void add(PreferencePair p, Tally t, List<PreferencePair> out) {
        out.add(p);
        t.pairs++;
        switch (LengthBalance.direction(p)) {
            case CHOSEN_LONGER -> t.longer++;
            case CHOSEN_SHORTER -> t.shorter++;
            default -> t.same++;
        }
    }

    /** Draws each set (the pairs one base pair gives) with probability {@code rate}; drops exact duplicates. */
    private static void sample(
            List<List<PreferencePair>> sets,
            double rate,
            String salt,
            long seed,
            Map<String, Tally> tallies,
            Set<String> seen,
            List<PreferencePair> out) {
        for (List<PreferencePair> set : sets) {
            boolean take = rate >= 1 || Groups.unitHash(seed, salt + set.get(0).id()) < rate;
            for (PreferencePair p : set) {
                Tally t = tallies.get(Sources.category(p));
                if (!take) {
                    t.notSampled++;
                } else if (!seen.add(exactKey(p))) {
                    t.duplicates++;
                } else {
                    add(p, t, out);
                }
            }
        }
    }

    /**
     * Keeps as many sets whose first pair has the chosen longer as sets whose first pair has it
     * shorter (sets of equal length are kept), dropping the excess of the majority by a seeded hash.
     */
    private static List<List<PreferencePair>> balanceByFirst(
            List<List<PreferencePair>> sets, long seed, Map<String, Tally> tallies) {
        Map<PreferencePair, List<PreferencePair>> byFirst = new java.util.IdentityHashMap<>();
        List<PreferencePair> firsts = new ArrayList<>();
        for (List<PreferencePair> set : sets) {
            byFirst.put(set.get(0), set);
            firsts.add(set.get(0));
        }
        Set<PreferencePair> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        kept.addAll(LengthBalance.balance(firsts, seed));
        List<List<PreferencePair>> out = new ArrayList<>();
        for (PreferencePair f : firsts) {
            if (kept.contains(f)) {
                out.add(byFirst.get(f));
            } else {
                byFirst.get(f).forEach(p -> tallies.get(Sources.category(p)).balanceDropped++);
            }
        }
        return out;
    }

    /** Sorted by id, so that which of two duplicates is kept does not depend on the input order. */
    private static List<PreferencePair> sortedById(Collection<PreferencePair> pairs) {
        List<PreferencePair> sorted = new ArrayList<>(pairs);
        sorted.sort(Comparator.comparing(PreferencePair::id));
        return List.copyOf(sorted);
    }

    /** Prompt and the two texts, unordered: the same two responses give the same synthetic pairs. */
    private static String unorderedKey(PreferencePair p) {
        String a = text(p.chosen());
        String b = text(p.rejected());
        String lo = a.compareTo(b) <= 0 ? a : b;
        String hi = a.compareTo(b) <= 0 ? b : a;
        return Groups.sha256Hex(p.task().id() + "\u0000" + p.prompt() + "\u0000" + lo + "\u0000" + hi);
    }

    private static String exactKey(PreferencePair p) {
        return Groups.sha256Hex(p.criteria() + "\u0000" + p.task().id() + "\u0000" + p.prompt() + "\u0000"
                + text(p.chosen()) + "\u0000" + text(p.rejected()));
    }

    private static String text(org.omnireward.core.Response r) {
        return r.text().orElseGet(() -> "media:" + r.media().map(m -> m.name()).orElse(""));
    }
}
