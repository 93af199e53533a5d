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
                int c = p.chosen().requireText().strip().codePointCount(0, p.chosen().requireText().strip().length());
                int r = p.rejected().requireText().strip().codePointCount(0, p.rejected().requireText().strip().length());
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
     */
    public record Stats(Map<String, Counts> files, Map<String, Counts> tasks, Map<String, Counts> sources, Counts all,
            Map<SkipReason, Long> skipped) {
    }

    private DataStats() {
    }

    /** Reads {@code in} (a unified JSONL file, or every {@code *.jsonl} of a folder). */
    public static Stats compute(Path in, ProgressDisplay progress) {
        Map<String, Counts> files = new LinkedHashMap<>();
        Map<String, Counts> tasks = new TreeMap<>();
        Map<String, Counts> sources = new TreeMap<>();
        Counts all = new Counts();
        EnumMap<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        for (Path f : DataExport.inputs(in)) {
            Counts fc = files.computeIfAbsent(f.getFileName().toString(), k -> new Counts());
            new UnifiedJsonlReader(f, true).read(new RecordSink() {
                @Override
                public void record(UnifiedRecord r) {
                    PreferencePair p = r.pair();
                    fc.add(p);
                    all.add(p);
                    tasks.computeIfAbsent(p.task().id(), k -> new Counts()).add(p);
                    sources.computeIfAbsent(Sources.category(p), k -> new Counts()).add(p);
                    if (progress != null && (all.records & 1023) == 0) {
                        progress.update(all.records, -1, "records", "");
                    }
                }

                @Override
                public void skipped(SkippedRecord record) {
                    skipped.merge(record.reason(), 1L, Long::sum);
                }
            });
        }
        if (progress != null) {
            progress.finish(all.records, -1, "records", "");
        }
        return new Stats(files, tasks, sources, all, Collections.unmodifiableMap(skipped));
    }

    // ---- Markdown ----

    /** The statistics as Markdown tables. */
    public static String markdown(Stats s) {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append("group").append(" | records | ties | tie share | criterion chars (mean) | text pairs"
                + " | chosen longer | mean log2 length ratio |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        row(sb, "**all**", s.all());
        section(sb, "file", s.files());
        section(sb, "task", s.tasks());
        section(sb, "source", s.sources());
        if (!s.skipped().isEmpty()) {
            sb.append("\nSkipped records:");
            s.skipped().forEach((k, v) -> sb.append(' ').append(k.key()).append('=').append(v));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void section(StringBuilder sb, String kind, Map<String, Counts> m) {
        m.forEach((k, c) -> row(sb, kind + " `" + k.replace("|", "\\|").replace("`", "'") + "`", c));
    }

    private static void row(StringBuilder sb, String name, Counts c) {
        sb.append("| ").append(name).append(" | ").append(String.format(Locale.ROOT, "%,d", c.records))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", c.ties))
                .append(" | ").append(pct(c.tieShare()))
                .append(" | ").append(num(c.meanCriterionLength(), 0))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", c.textPairs))
                .append(" | ").append(pct(c.chosenLongerShare()))
                .append(" | ").append(num(c.meanLogRatio(), 2)).append(" |\n");
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
                .append(Html.escape(title)).append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:24px;"
                        + "max-width:1100px}table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;"
                        + "padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}"
                        + "svg text{font-size:11px;fill:#222}.bar{fill:#4a78b5}.bar2{fill:#d08a3c}</style></head><body>\n");
        h.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        h.append("<table><tr><th>group</th><th>records</th><th>ties</th><th>tie share</th><th>criterion chars (mean)</th>"
                + "<th>text pairs</th><th>chosen longer</th><th>mean log2 length ratio</th></tr>\n");
        htmlRow(h, "all", s.all());
        s.files().forEach((k, c) -> htmlRow(h, "file " + k, c));
        s.tasks().forEach((k, c) -> htmlRow(h, "task " + k, c));
        s.sources().forEach((k, c) -> htmlRow(h, "source " + k, c));
        h.append("</table>\n");
        if (!s.skipped().isEmpty()) {
            h.append("<p>Skipped records:");
            s.skipped().forEach((k, v) -> h.append(' ').append(Html.escape(k.key())).append('=').append(v));
            h.append("</p>\n");
        }
        h.append("<h2>Records per task</h2>\n");
        bars(h, labels(s.tasks()), values(s.tasks(), c -> c.records), false);
        h.append("<h2>Records per source</h2>\n");
        bars(h, labels(s.sources()), values(s.sources(), c -> c.records), false);
        h.append("<h2>Chosen response longer (share of decisive text pairs), per source</h2>\n"
                + "<p>50% means no length bias; a reward model can learn to prefer length when it is far above.</p>\n");
        bars(h, labels(s.sources()), values(s.sources(), c -> Double.isNaN(c.chosenLongerShare()) ? 0
                : c.chosenLongerShare()), true);
        h.append("<h2>log2(chosen length / rejected length), decisive text pairs</h2>\n");
        List<String> rl = new ArrayList<>();
        for (int i = 0; i < RATIO_BINS; i++) {
            double lo = -3 + 0.5 * i;
            rl.add(i == 0 ? "< -2.5" : i == RATIO_BINS - 1 ? "≥ 2.5" : String.format(Locale.ROOT, "%.1f…%.1f", lo,
                    lo + 0.5));
        }
        bars(h, rl, toDoubles(s.all().ratioBins), false);
        h.append("<h2>Criterion length (characters)</h2>\n");
        List<String> cl = new ArrayList<>();
        for (int i = 0; i <= CRITERION_BINS.length; i++) {
            cl.add(i == CRITERION_BINS.length ? "> " + CRITERION_BINS[i - 1] : "≤ " + CRITERION_BINS[i]);
        }
        bars(h, cl, toDoubles(s.all().criterionBins), false);
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void htmlRow(StringBuilder h, String name, Counts c) {
        h.append("<tr><td>").append(Html.escape(name)).append("</td><td>")
                .append(String.format(Locale.ROOT, "%,d", c.records)).append("</td><td>")
                .append(String.format(Locale.ROOT, "%,d", c.ties)).append("</td><td>").append(pct(c.tieShare()))
                .append("</td><td>").append(num(c.meanCriterionLength(), 0)).append("</td><td>")
                .append(String.format(Locale.ROOT, "%,d", c.textPairs)).append("</td><td>")
                .append(pct(c.chosenLongerShare())).append("</td><td>").append(num(c.meanLogRatio(), 2))
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
        double max = share ? 1 : values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (max <= 0) {
            max = 1;
        }
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(labelW + barW + 90)
                .append("\" height=\"").append(height).append("\">\n");
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i);
            int y = 5 + i * rowH;
            int w = (int) Math.round(barW * v / max);
            String text = share ? pct(v) : String.format(Locale.ROOT, "%,.0f", v);
            h.append("<text x=\"").append(labelW - 6).append("\" y=\"").append(y + 14)
                    .append("\" text-anchor=\"end\">").append(Html.escape(labels.get(i))).append("</text>")
                    .append("<rect class=\"bar\" x=\"").append(labelW).append("\" y=\"").append(y + 2)
                    .append("\" width=\"").append(w).append("\" height=\"").append(rowH - 4).append("\"/>")
                    .append("<text x=\"").append(labelW + w + 4).append("\" y=\"").append(y + 14).append("\">")
                    .append(Html.escape(text)).append("</text>\n");
        }
        if (share) {
            int x = labelW + barW / 2;
            h.append("<line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"0\" y2=\"").append(height)
                    .append("\" stroke=\"#c33\" stroke-dasharray=\"4 3\"/>\n");
        }
        h.append("</svg>\n");
    }
}
