package org.omnireward.data.stats;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.omnireward.data.UnifiedRecord;

/**
 * Agreement between human annotators, from the labels {@code annotate} writes (unified records whose
 * {@code provenance.annotation} names the annotator, the labelled item and the preference in the item's
 * own terms, {@code response1}/{@code response2}/{@code tie}, whatever order the annotator saw).
 *
 * <p>An <em>item</em> is one pair under one criterion: two annotators who wrote different criteria for the
 * same pair answered different questions, so their labels are not compared (criteria are compared after
 * NFKC, lower case and collapsed whitespace). An annotator's later label of an item replaces an earlier
 * one. Reported over the items that two or more annotators labelled:
 *
 * <ul>
 *   <li>observed agreement: the share of agreeing ordered pairs of labels per item, averaged over items;</li>
 *   <li><b>Cohen's κ</b> for every two annotators over the items both labelled;</li>
 *   <li><b>Fleiss' κ</b> over all raters; for items with unequal numbers of raters each item's agreement
 *       is taken over its own raters and the category shares over all labels (with equal numbers this is
 *       Fleiss' 1971 statistic);</li>
 *   <li><b>Krippendorff's α</b> (nominal), which allows missing labels (the Omni-RewardBench paper reports
 *       α = 0.701 for its annotators).</li>
 * </ul>
 *
 * A κ or α whose chance agreement is 1 (every label the same) is undefined and reported as null.
 *
 * @param labels labels read (each annotator's latest per item)
 * @param perAnnotator labels per annotator
 * @param items distinct items labelled
 * @param multiRated items labelled by two or more annotators (what the statistics use)
 * @param observed observed agreement over those items, or null when there are none
 * @param fleissKappa Fleiss' κ, or null
 * @param krippendorffAlpha Krippendorff's α (nominal), or null
 * @param cohen Cohen's κ per two annotators who share an item
 * @param withDataLabel per annotator, agreement with the label the data already had, over the items they
 *     labelled under the data's own criterion (where the data had a label)
 * @param repeats labels that replaced an earlier label of the same annotator and item
 */
public record Agreement(
        long labels,
        Map<String, Long> perAnnotator,
        long items,
        long multiRated,
        Double observed,
        Double fleissKappa,
        Double krippendorffAlpha,
        List<PairKappa> cohen,
        Map<String, Share> withDataLabel,
        long repeats) {

    /** The object in a record's provenance that marks a human label. */
    public static final String PROVENANCE_KEY = "annotation";

    /**
     * Cohen's κ of two annotators.
     *
     * @param shared items both labelled
     * @param kappa κ over them, or null when undefined
     * @param observed the share of those items on which they agree
     */
    public record PairKappa(String a, String b, long shared, Double kappa, double observed) {}

    /** {@code agree} out of {@code n}. */
    public record Share(long agree, long n) {
        /** agree / n, or NaN when n is 0. */
        public double value() {
            return n == 0 ? Double.NaN : agree / (double) n;
        }
    }

    /** Whether any human label was read. */
    public boolean isEmpty() {
        return labels == 0;
    }

    /** No labels. */
    public static Agreement none() {
        return new Agreement(0, Map.of(), 0, 0, null, null, null, List.of(), Map.of(), 0);
    }

    // ------------------------------------------------------------------ statistics

    /**
     * Cohen's κ = (p_o − p_e) / (1 − p_e) of two raters' labels of the same items (same order).
     *
     * @return κ, or null when p_e = 1 (both raters always gave one and the same category) or no items
     */
    public static Double cohenKappa(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("two raters must label the same items: " + a.size() + " vs " + b.size());
        }
        int n = a.size();
        if (n == 0) {
            return null;
        }
        Map<String, long[]> marg = new TreeMap<>();
        long agree = 0;
        for (int i = 0; i < n; i++) {
            if (a.get(i).equals(b.get(i))) {
                agree++;
            }
            marg.computeIfAbsent(a.get(i), k -> new long[2])[0]++;
            marg.computeIfAbsent(b.get(i), k -> new long[2])[1]++;
        }
        double po = agree / (double) n;
        double pe = 0;
        for (long[] m : marg.values()) {
            pe += (m[0] / (double) n) * (m[1] / (double) n);
        }
        return pe >= 1 - 1e-12 ? null : (po - pe) / (1 - pe);
    }

    /**
     * Fleiss' κ over items given as category counts (one map per item: category → raters who chose it).
     * Items with fewer than two ratings are left out; see the class comment for unequal rater numbers.
     *
     * @return κ, or null when no item has two ratings or chance agreement is 1
     */
    public static Double fleissKappa(Collection<Map<String, Integer>> items) {
        double sumPi = 0;
        long units = 0;
        long total = 0;
        Map<String, Long> perCategory = new TreeMap<>();
        for (Map<String, Integer> item : items) {
            int ni = item.values().stream().mapToInt(Integer::intValue).sum();
            if (ni < 2) {
                continue;
            }
            long sq = 0;
            for (Map.Entry<String, Integer> e : item.entrySet()) {
                sq += (long) e.getValue() * e.getValue();
                perCategory.merge(e.getKey(), (long) e.getValue(), Long::sum);
            }
            sumPi += (sq - ni) / ((double) ni * (ni - 1));
            units++;
            total += ni;
        }
        if (units == 0) {
            return null;
        }
        double pBar = sumPi / units;
        double pe = 0;
        for (long c : perCategory.values()) {
            double pj = c / (double) total;
            pe += pj * pj;
        }
        return pe >= 1 - 1e-12 ? null : (pBar - pe) / (1 - pe);
    }

    /**
     * Krippendorff's α for nominal data: 1 − D_o / D_e from the coincidence matrix of the items with two or
     * more ratings (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
     *
     * @return α, or null when no item has two ratings or all ratings are one category
     */
    public static Double krippendorffAlpha(Collection<Map<String, Integer>> items) {
        Map<String, Double> nc = new TreeMap<>();
        double disagree = 0;
        for (Map<String, Integer> item : items) {
            int m = item.values().stream().mapToInt(Integer::intValue).sum();
            if (m < 2) {
                continue;
            }
            for (Map.Entry<String, Integer> c : item.entrySet()) {
                for (Map.Entry<String, Integer> k : item.entrySet()) {
                    double o = c.getKey().equals(k.getKey())
                            ? c.getValue() * (c.getValue() - 1.0) / (m - 1)
                            : c.getValue() * (double) k.getValue() / (m - 1);
                    nc.merge(c.getKey(), o, Double::sum);
                    if (!c.getKey().equals(k.getKey())) {
                        disagree += o;
                    }
                }
            }
        }
        double n = nc.values().stream().mapToDouble(Double::doubleValue).sum();
        if (n < 2) {
            return null;
        }
        double expected = 0;
        for (Map.Entry<String, Double> c : nc.entrySet()) {
            for (Map.Entry<String, Double> k : nc.entrySet()) {
                if (!c.getKey().equals(k.getKey())) {
                    expected += c.getValue() * k.getValue();
                }
            }
        }
        if (expected == 0) {
            return null;
        }
        return 1 - (n - 1) * disagree / expected;
    }

    // ------------------------------------------------------------------ collecting

    /** Gathers the labels of the records streamed through {@link #add}; {@link #agreement()} computes. */
    public static final class Collector {
        /** item key → annotator → label; insertion-ordered so reports list items in file order. */
        private final Map<String, Map<String, String>> byItem = new LinkedHashMap<>();

        private final Map<String, Map<String, Boolean>> dataAgree = new LinkedHashMap<>();
        private long repeats;

        /** Takes the record's label when it is a human label, ignores it otherwise. */
        public void add(UnifiedRecord r) {
            JsonNode a = r.provenance() == null ? null : r.provenance().get(PROVENANCE_KEY);
            if (a == null || !a.isObject()) {
                return;
            }
            String annotator = text(a, "annotator");
            String preference = text(a, "preference");
            JsonNode item = a.get("item");
            if (annotator == null || preference == null || item == null || !item.isObject()) {
                return;
            }
            String itemId = text(item, "id");
            String task = text(item, "task");
            if (itemId == null) {
                return;
            }
            String key = (task == null ? "" : task) + "/" + itemId + "\u0000"
                    + normalise(r.pair().criteria());
            if (byItem.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(annotator, preference) != null) {
                repeats++;
            }
            String given = text(item, "label");
            if (given != null && "given".equals(text(a, "criterion_origin"))) {
                dataAgree.computeIfAbsent(annotator, k -> new LinkedHashMap<>()).put(key, given.equals(preference));
            }
        }

        /** The statistics of everything added. */
        public Agreement agreement() {
            if (byItem.isEmpty()) {
                return none();
            }
            Map<String, Long> per = new TreeMap<>();
            List<Map<String, Integer>> counts = new ArrayList<>();
            long labels = 0;
            long multi = 0;
            double observedSum = 0;
            for (Map<String, String> raters : byItem.values()) {
                Map<String, Integer> c = new TreeMap<>();
                raters.forEach((ann, label) -> {
                    per.merge(ann, 1L, Long::sum);
                    c.merge(label, 1, Integer::sum);
                });
                labels += raters.size();
                int m = raters.size();
                if (m >= 2) {
                    multi++;
                    long agreeingPairs = 0;
                    for (int v : c.values()) {
                        agreeingPairs += (long) v * (v - 1);
                    }
                    observedSum += agreeingPairs / ((double) m * (m - 1));
                    counts.add(c);
                }
            }
            List<PairKappa> pairs = cohen(new ArrayList<>(new TreeSet<>(per.keySet())));
            Map<String, Share> withData = new TreeMap<>();
            dataAgree.forEach((ann, m) -> withData.put(
                    ann, new Share(m.values().stream().filter(b -> b).count(), m.size())));
            return new Agreement(
                    labels,
                    per,
                    byItem.size(),
                    multi,
                    multi == 0 ? null : observedSum / multi,
                    fleissKappa(counts),
                    krippendorffAlpha(counts),
                    pairs,
                    withData,
                    repeats);
        }

        /** Cohen's κ of every two annotators (in name order) who labelled an item in common. */
        private List<PairKappa> cohen(List<String> names) {
            List<PairKappa> pairs = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    PairKappa k = cohen(names.get(i), names.get(j));
                    if (k != null) {
                        pairs.add(k);
                    }
                }
            }
            return pairs;
        }

        /** Cohen's κ of two annotators over the items both labelled; null when they share none. */
        private PairKappa cohen(String a, String b) {
            List<String> la = new ArrayList<>();
            List<String> lb = new ArrayList<>();
            for (Map<String, String> raters : byItem.values()) {
                String x = raters.get(a);
                String y = raters.get(b);
                if (x != null && y != null) {
                    la.add(x);
                    lb.add(y);
                }
            }
            if (la.isEmpty()) {
                return null;
            }
            long same = 0;
            for (int k = 0; k < la.size(); k++) {
                if (la.get(k).equals(lb.get(k))) {
                    same++;
                }
            }
            return new PairKappa(a, b, la.size(), cohenKappa(la, lb), same / (double) la.size());
        }

        private static String text(JsonNode o, String field) {
            JsonNode v = o.get(field);
            return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
        }
    }

    /** NFKC, lower case, whitespace collapsed and trimmed. */
    static String normalise(String criterion) {
        return Normalizer.normalize(criterion, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ")
                .strip();
    }
}
