package org.omnireward.data.stats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.util.Html;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.Sources;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.export.DataExport;

/**
 * {@code data stats}: what a unified JSONL file or a mix folder holds, streamed with memory flat in the
 * number of records: records per file, task and source category, ties, criterion lengths, and the
 * length bias of text pairs (how often the chosen response is the longer one, and the distribution of
 * log2(chosen length / rejected length)); as a Markdown table and a self-contained HTML page with
 * SVG plots (text escaped with {@link Html}).
 */
public final class DataStats {

    /** Criterion length bins (characters): upper bounds; the last bin is open. */
    static final int[] CRITERION_BINS = {25, 50, 100, 200, 400, 800, 1600};
    /** log2 length-ratio bins: lower edges from -3 to +3 by 0.5; outer bins are open. */
    static final int RATIO_BINS = 12;

    /** Counts of one group of records (a file, a task, a source). */
    public static final class Counts {
        long records;
        long ties;
        long textPairs;
        long chosenLonger;
        long chosenShorter;
        double logRatioSum;
        long criterionChars;
        final long[] criterionBins = new long[CRITERION_BINS.length + 1];
        final long[] ratioBins = new long[RATIO_BINS];

        void add(PreferencePair p) {
            records++;
            if (p.tie()) {
                ties++;
            }
            int cl = p.criteria().length();
            criterionChars += cl;
            int b = 0;
            while (b < CRITERION_BINS.length && cl > CRITERION_BINS[b]) {
                b++;
            }
            criterionBins[b]++;
            if (p.chosen().isText() && !p.tie()) {
                int c = p.chosen()
                        .requireText()
                        .strip()
                        .codePointCount(0, p.chosen().requireText().strip().length());
                int r = p.rejected()
                        .requireText()
                        .strip()
                        .codePointCount(0, p.rejected().requireText().strip().length());
                textPairs++;
                if (c > r) {
                    chosenLonger++;
                } else if (c < r) {
                    chosenShorter++;
                }
                double lr = Math.log((c + 1.0) / (r + 1.0)) / Math.log(2);
                logRatioSum += lr;
                int bin = (int) Math.floor((lr + 3) / 0.5);
                ratioBins[Math.max(0, Math.min(RATIO_BINS - 1, bin))]++;
            }
        }

        public long records() {
            return records;
        }

        public long ties() {
            return ties;
        }

        /** Share of ties among the records. */
        public double tieShare() {
            return records == 0 ? 0 : ties / (double) records;
        }

        /** Share of decisive text pairs whose chosen response is strictly longer. */
        public double chosenLongerShare() {
            return textPairs == 0 ? Double.NaN : chosenLonger / (double) textPairs;
        }

        /** Mean of log2((chosen chars + 1) / (rejected chars + 1)) over decisive text pairs. */
        public double meanLogRatio() {
            return textPairs == 0 ? Double.NaN : logRatioSum / textPairs;
        }

        public double meanCriterionLength() {
            return records == 0 ? Double.NaN : criterionChars / (double) records;
        }

        public long textPairs() {
            return textPairs;
        }
    }

    /**
     * The statistics of a data set.
     *
     * @param files counts per file read
     * @param tasks counts per task id
     * @param sources counts per source category ({@link Sources#category})
     * @param all counts over everything
     * @param skipped records the reader could not use, per reason
     * @param agreement agreement between the annotators of human labels ({@code annotate} output; empty
     *     when the records hold none)
     */
    public record Stats(
            Map<String, Counts> files,
            Map<String, Counts> tasks,
            Map<String, Counts> sources,
            Counts all,
            Map<SkipReason, Long> skipped,
            Agreement agreement) {}

    private DataStats() {}

    /** Reads {@code in} (a unified JSONL file, or every {@code *.jsonl} of a folder). */
    public static Stats compute(Path in, ProgressDisplay progress) {
        Accumulator acc = new Accumulator();
        for (Path f : DataExport.inputs(in)) {
            String file = f.getFileName().toString();
            new UnifiedJsonlReader(f, true).read(new RecordSink() {
                @Override
                public void record(UnifiedRecord r) {
                    acc.add(file, r);
                    if (progress != null && (acc.all.records & 1023) == 0) {
                        progress.update(acc.all.records, -1, "records", "");
                    }
                }

                @Override
                public void skipped(SkippedRecord record) {
                    acc.skipped(record.reason());
                }
            });
        }
        if (progress != null) {
            progress.finish(acc.all.records, -1, "records", "");
        }
        return acc.stats();
    }

    /**
     * Collects the statistics of records as they stream by, for callers that read the records
     * themselves (the explorer feeds it benchmark samples as pairs); memory flat in the record count
     * except for the annotation labels behind {@link Agreement}, which are kept per item.
     */
    public static final class Accumulator {
        private final Map<String, Counts> files = new LinkedHashMap<>();
        private final Map<String, Counts> tasks = new TreeMap<>();
        private final Map<String, Counts> sources = new TreeMap<>();
        private final Counts all = new Counts();
        private final EnumMap<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        private final Agreement.Collector labels = new Agreement.Collector();

        /** Counts one record read from {@code file}. */
        public void add(String file, UnifiedRecord r) {
            PreferencePair p = r.pair();
            files.computeIfAbsent(file, k -> new Counts()).add(p);
            all.add(p);
            tasks.computeIfAbsent(p.task().id(), k -> new Counts()).add(p);
            sources.computeIfAbsent(Sources.category(p), k -> new Counts()).add(p);
            labels.add(r);
        }

        /** Counts one record the reader could not use. */
        public void skipped(SkipReason reason) {
            skipped.merge(reason, 1L, Long::sum);
        }

        /** The statistics so far. */
        public Stats stats() {
            return new Stats(
                    files,
                    tasks,
                    sources,
                    all,
                    Collections.unmodifiableMap(new EnumMap<>(skipped)),
                    labels.agreement());
        }
    }

    // ---- Markdown ----

    /** The statistics as Markdown tables. */
    public static String markdown(Stats s) {
        StringBuilder sb = new StringBuilder();
        sb.append("| ")
                .append("group")
                .append(" | records | ties | tie share | criterion chars (mean) | text pairs"
                        + " | chosen longer | mean log2 length ratio |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        row(sb, "**all**", s.all());
        section(sb, "file", s.files());
        section(sb, "task", s.tasks());
        section(sb, "source", s.sources());
        if (!s.skipped().isEmpty()) {
            sb.append("\nSkipped records:");
            s.skipped()
                    .forEach(
                            (k, v) -> sb.append(' ').append(k.key()).append('=').append(v));
            sb.append('\n');
        }
        if (!s.agreement().isEmpty()) {
            sb.append('\n').append(agreementMarkdown(s.agreement()));
        }
        return sb.toString();
    }

    /** The annotator agreement as Markdown: totals, Fleiss' κ, Krippendorff's α, Cohen's κ per pair. */
    public static String agreementMarkdown(Agreement a) {
        StringBuilder sb = new StringBuilder("Human labels (annotate): ");
        sb.append(String.format(
                Locale.ROOT,
                "%,d labels of %,d items by %d annotators (",
                a.labels(),
                a.items(),
                a.perAnnotator().size()));
        List<String> per = new ArrayList<>();
        a.perAnnotator().forEach((k, v) -> per.add(k.replace("|", "\\|") + " " + v));
        sb.append(String.join(", ", per))
                .append("); ")
                .append(String.format(Locale.ROOT, "%,d", a.multiRated()))
                .append(" items labelled by two or more");
        if (a.repeats() > 0) {
            sb.append("; ").append(a.repeats()).append(" relabels (the latest counts)");
        }
        sb.append(".\n\n| agreement | value |\n|---|---:|\n");
        sb.append("| observed (pairs of labels agreeing) | ")
                .append(pct(nan(a.observed())))
                .append(" |\n");
        sb.append("| Fleiss' κ | ").append(num(nan(a.fleissKappa()), 3)).append(" |\n");
        sb.append("| Krippendorff's α (nominal) | ")
                .append(num(nan(a.krippendorffAlpha()), 3))
                .append(" |\n");
        if (!a.cohen().isEmpty()) {
            sb.append("\n| annotators | shared items | observed | Cohen's κ |\n|---|---:|---:|---:|\n");
            for (Agreement.PairKappa k : a.cohen()) {
                sb.append("| ")
                        .append(k.a().replace("|", "\\|"))
                        .append(" – ")
                        .append(k.b().replace("|", "\\|"))
                        .append(" | ")
                        .append(k.shared())
                        .append(" | ")
                        .append(pct(k.observed()))
                        .append(" | ")
                        .append(num(nan(k.kappa()), 3))
                        .append(" |\n");
            }
        }
        if (!a.withDataLabel().isEmpty()) {
            sb.append("\n| annotator | agrees with the data's label (own criterion kept) |\n|---|---:|\n");
            a.withDataLabel()
                    .forEach((k, v) -> sb.append("| ")
                            .append(k.replace("|", "\\|"))
                            .append(" | ")
                            .append(pct(v.value()))
                            .append(" (")
                            .append(v.agree())
                            .append(" of ")
                            .append(v.n())
                            .append(") |\n"));
        }
        return sb.toString();
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static void section(StringBuilder sb, String kind, Map<String, Counts> m) {
        m.forEach((k, c) -> row(sb, kind + " `" + k.replace("|", "\\|").replace("`", "'") + "`", c));
    }

    private static void row(StringBuilder sb, String name, Counts c) {
        sb.append("| ")
                .append(name)
                .append(" | ")
                .append(String.format(Locale.ROOT, "%,d", c.records))
                .append(" | ")
                .append(String.format(Locale.ROOT, "%,d", c.ties))
                .append(" | ")
                .append(pct(c.tieShare()))
                .append(" | ")
                .append(num(c.meanCriterionLength(), 0))
                .append(" | ")
                .append(String.format(Locale.ROOT, "%,d", c.textPairs))
                .append(" | ")
                .append(pct(c.chosenLongerShare()))
                .append(" | ")
                .append(num(c.meanLogRatio(), 2))
                .append(" |\n");
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String num(double v, int digits) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    // ---- HTML ----

    /** A self-contained HTML page: the tables and SVG bar charts, no scripts or external files. */
    public static String html(Stats s, String title) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(title))
                .append("</title>\n<style>")
                .append(CSS)
                .append("</style></head><body>\n");
        h.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        h.append(figures(s));
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The style sheet of {@link #figures}, for pages that embed them. */
    public static final String CSS = "body{font-family:system-ui,sans-serif;margin:24px;"
            + "max-width:1100px}table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;"
            + "padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}"
            + "svg text{font-size:11px;fill:#222}.bar{fill:#4a78b5}.bar2{fill:#d08a3c}";

    /**
     * The tables and SVG plots of the page without the document around them (the explorer embeds them).
     * Needs {@link #CSS}; holds no script, no style attribute and no external reference.
     */
    public static String figures(Stats s) {
        StringBuilder h = new StringBuilder();
        h.append(
                "<table><tr><th>group</th><th>records</th><th>ties</th><th>tie share</th><th>criterion chars (mean)</th>"
                        + "<th>text pairs</th><th>chosen longer</th><th>mean log2 length ratio</th></tr>\n");
        htmlRow(h, "all", s.all());
        s.files().forEach((k, c) -> htmlRow(h, "file " + k, c));
        s.tasks().forEach((k, c) -> htmlRow(h, "task " + k, c));
        s.sources().forEach((k, c) -> htmlRow(h, "source " + k, c));
        h.append("</table>\n");
        if (!s.skipped().isEmpty()) {
            h.append("<p>Skipped records:");
            s.skipped()
                    .forEach((k, v) -> h.append(' ')
                            .append(Html.escape(k.key()))
                            .append('=')
                            .append(v));
            h.append("</p>\n");
        }
        if (!s.agreement().isEmpty()) {
            agreementHtml(h, s.agreement());
        }
        h.append("<h2>Records per task</h2>\n");
        bars(h, labels(s.tasks()), values(s.tasks(), c -> c.records), false);
        h.append("<h2>Records per source</h2>\n");
        bars(h, labels(s.sources()), values(s.sources(), c -> c.records), false);
        h.append("<h2>Chosen response longer (share of decisive text pairs), per source</h2>\n"
                + "<p>50% means no length bias; a reward model can learn to prefer length when it is far above.</p>\n");
        bars(
                h,
                labels(s.sources()),
                values(s.sources(), c -> Double.isNaN(c.chosenLongerShare()) ? 0 : c.chosenLongerShare()),
                true);
        h.append("<h2>log2(chosen length / rejected length), decisive text pairs</h2>\n");
        List<String> rl = new ArrayList<>();
        for (int i = 0; i < RATIO_BINS; i++) {
            double lo = -3 + 0.5 * i;
            rl.add(
                    i == 0
                            ? "< -2.5"
                            : i == RATIO_BINS - 1 ? "≥ 2.5" : String.format(Locale.ROOT, "%.1f…%.1f", lo, lo + 0.5));
        }
        bars(h, rl, toDoubles(s.all().ratioBins), false);
        h.append("<h2>Criterion length (characters)</h2>\n");
        List<String> cl = new ArrayList<>();
        for (int i = 0; i <= CRITERION_BINS.length; i++) {
            cl.add(i == CRITERION_BINS.length ? "> " + CRITERION_BINS[i - 1] : "≤ " + CRITERION_BINS[i]);
        }
        bars(h, cl, toDoubles(s.all().criterionBins), false);
        return h.toString();
    }

    private static void agreementHtml(StringBuilder h, Agreement a) {
        h.append("<h2>Agreement between annotators</h2>\n<p>")
                .append(String.format(
                        Locale.ROOT,
                        "%,d human labels of %,d items; %,d items labelled by two or more annotators",
                        a.labels(),
                        a.items(),
                        a.multiRated()))
                .append(a.repeats() > 0 ? "; " + a.repeats() + " relabels (the latest counts)" : "")
                .append(". An item is a pair under one criterion.</p>\n<table><tr><th>annotator</th><th>labels</th>"
                        + "<th>agrees with the data's label</th></tr>\n");
        a.perAnnotator().forEach((k, v) -> {
            Agreement.Share d = a.withDataLabel().get(k);
            h.append("<tr><td>")
                    .append(Html.escape(k))
                    .append("</td><td>")
                    .append(v)
                    .append("</td><td>")
                    .append(d == null ? "–" : pct(d.value()) + " (" + d.agree() + " of " + d.n() + ")")
                    .append("</td></tr>\n");
        });
        h.append("</table>\n<table><tr><th>agreement</th><th>value</th></tr>\n<tr><td>observed</td><td>")
                .append(pct(nan(a.observed())))
                .append("</td></tr>\n<tr><td>Fleiss' κ</td><td>")
                .append(num(nan(a.fleissKappa()), 3))
                .append("</td></tr>\n<tr><td>Krippendorff's α (nominal)</td><td>")
                .append(num(nan(a.krippendorffAlpha()), 3))
                .append("</td></tr>\n</table>\n");
        if (!a.cohen().isEmpty()) {
            h.append("<table><tr><th>annotators</th><th>shared items</th><th>observed</th><th>Cohen's κ</th></tr>\n");
            for (Agreement.PairKappa k : a.cohen()) {
                h.append("<tr><td>")
                        .append(Html.escape(k.a() + " – " + k.b()))
                        .append("</td><td>")
                        .append(k.shared())
                        .append("</td><td>")
                        .append(pct(k.observed()))
                        .append("</td><td>")
                        .append(num(nan(k.kappa()), 3))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
    }

    private static void htmlRow(StringBuilder h, String name, Counts c) {
        h.append("<tr><td>")
                .append(Html.escape(name))
                .append("</td><td>")
                .append(String.format(Locale.ROOT, "%,d", c.records))
                .append("</td><td>")
                .append(String.format(Locale.ROOT, "%,d", c.ties))
                .append("</td><td>")
                .append(pct(c.tieShare()))
                .append("</td><td>")
                .append(num(c.meanCriterionLength(), 0))
                .append("</td><td>")
                .append(String.format(Locale.ROOT, "%,d", c.textPairs))
                .append("</td><td>")
                .append(pct(c.chosenLongerShare()))
                .append("</td><td>")
                .append(num(c.meanLogRatio(), 2))
                .append("</td></tr>\n");
    }

    private static List<String> labels(Map<String, Counts> m) {
        return new ArrayList<>(m.keySet());
    }

    private static List<Double> values(Map<String, Counts> m, java.util.function.ToDoubleFunction<Counts> f) {
        return m.values().stream().map(c -> f.applyAsDouble(c)).toList();
    }

    private static List<Double> toDoubles(long[] a) {
        List<Double> out = new ArrayList<>();
        for (long v : a) {
            out.add((double) v);
        }
        return out;
    }

    /** A horizontal bar chart; {@code share} values are fractions shown as percentages on a 0–100% axis. */
    static void bars(StringBuilder h, List<String> labels, List<Double> values, boolean share) {
        int rowH = 20;
        int labelW = 200;
        int barW = 600;
        int height = rowH * Math.max(1, labels.size()) + 10;
        double max = share
                ? 1
                : values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (max <= 0) {
            max = 1;
        }
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(labelW + barW + 90)
                .append("\" height=\"")
                .append(height)
                .append("\">\n");
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i);
            int y = 5 + i * rowH;
            int w = (int) Math.round(barW * v / max);
            String text = share ? pct(v) : String.format(Locale.ROOT, "%,.0f", v);
            h.append("<text x=\"")
                    .append(labelW - 6)
                    .append("\" y=\"")
                    .append(y + 14)
                    .append("\" text-anchor=\"end\">")
                    .append(Html.escape(labels.get(i)))
                    .append("</text>")
                    .append("<rect class=\"bar\" x=\"")
                    .append(labelW)
                    .append("\" y=\"")
                    .append(y + 2)
                    .append("\" width=\"")
                    .append(w)
                    .append("\" height=\"")
                    .append(rowH - 4)
                    .append("\"/>")
                    .append("<text x=\"")
                    .append(labelW + w + 4)
                    .append("\" y=\"")
                    .append(y + 14)
                    .append("\">")
                    .append(Html.escape(text))
                    .append("</text>\n");
        }
        if (share) {
            int x = labelW + barW / 2;
            h.append("<line x1=\"")
                    .append(x)
                    .append("\" x2=\"")
                    .append(x)
                    .append("\" y1=\"0\" y2=\"")
                    .append(height)
                    .append("\" stroke=\"#c33\" stroke-dasharray=\"4 3\"/>\n");
        }
        h.append("</svg>\n");
    }
}
