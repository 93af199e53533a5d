package org.omnireward.scalar.bt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.omnireward.core.util.Html;

/**
 * Draws a training log as a self-contained SVG (no scripts, fonts or external references): two
 * panels, the Bradley–Terry loss and the pairwise accuracy per epoch, each with a training and a
 * validation curve. Missing values (no validation) are left out of the curve.
 */
public final class TrainingPlot {

    private static final int PANEL_W = 440;
    private static final int PANEL_H = 300;
    private static final int LEFT = 60;
    private static final int TOP = 50;
    private static final int GAP = 80;
    private static final int BOTTOM = 60;
    private static final String TRAIN_COLOR = "#1f77b4";
    private static final String VALID_COLOR = "#d62728";

    private TrainingPlot() {}

    /** The SVG document for {@code epochs} under {@code title}. */
    public static String svg(List<EpochLog> epochs, String title) {
        int width = LEFT + PANEL_W + GAP + PANEL_W + 30;
        int height = TOP + PANEL_H + BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">\n",
                width,
                height,
                width,
                height));
        s.append(String.format(
                Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height));
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>\n",
                LEFT,
                Html.escape(title == null ? "training" : title)));
        panel(s, epochs, LEFT, "loss", "Bradley–Terry loss", EpochLog::trainLoss, EpochLog::validLoss, false);
        panel(
                s,
                epochs,
                LEFT + PANEL_W + GAP,
                "accuracy",
                "pairwise accuracy",
                EpochLog::trainAccuracy,
                EpochLog::validAccuracy,
                true);
        int ly = height - 18;
        s.append(String.format(
                Locale.ROOT,
                "<g class=\"legend\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                        + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">train</text>",
                LEFT,
                ly - 4,
                LEFT + 24,
                ly - 4,
                TRAIN_COLOR,
                LEFT + 30,
                ly));
        s.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" "
                        + "stroke-dasharray=\"6 3\"/><text x=\"%d\" y=\"%d\">validation</text></g>\n",
                LEFT + 90,
                ly - 4,
                LEFT + 114,
                ly - 4,
                VALID_COLOR,
                LEFT + 120,
                ly));
        s.append("</svg>\n");
        return s.toString();
    }

    private static void panel(
            StringBuilder s,
            List<EpochLog> epochs,
            int x0,
            String id,
            String label,
            ToDoubleFunction<EpochLog> train,
            ToDoubleFunction<EpochLog> valid,
            boolean accuracy) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (EpochLog e : epochs) {
            for (double v : new double[] {train.applyAsDouble(e), valid.applyAsDouble(e)}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        if (accuracy) {
            hi = Math.max(hi, 1.0);
            lo = Math.min(lo, 0.5);
        } else {
            lo = Math.min(lo, 0);
        }
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        double step = niceStep((hi - lo) / 5);
        lo = Math.floor(lo / step) * step;
        hi = Math.ceil(hi / step) * step;
        int maxEpoch =
                Math.max(1, epochs.isEmpty() ? 1 : epochs.get(epochs.size() - 1).epoch());
        double ylo = lo;
        double yhi = hi;
        Axis ax = new Axis(x0, maxEpoch, ylo, yhi);
        s.append(String.format(Locale.ROOT, "<g id=\"%s\">\n", id));
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>\n",
                x0,
                TOP - 12,
                Html.escape(label)));
        s.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n",
                x0,
                TOP,
                PANEL_W,
                PANEL_H));
        for (double v = lo; v <= hi + step / 2; v += step) {
            double y = ax.y(v);
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                    x0,
                    y,
                    x0 + PANEL_W,
                    y,
                    x0 - 6,
                    y + 4,
                    format(v, step)));
        }
        int xStep = Math.max(1, (int) Math.ceil(maxEpoch / 10.0));
        for (int e = 1; e <= maxEpoch; e += xStep) {
            double x = ax.x(e);
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#444\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
                    x,
                    TOP + PANEL_H,
                    x,
                    TOP + PANEL_H + 5,
                    x,
                    TOP + PANEL_H + 18,
                    e));
        }
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">epoch</text>\n",
                x0 + PANEL_W / 2,
                TOP + PANEL_H + 34));
        curve(s, epochs, train, ax, TRAIN_COLOR, "", "train-" + id);
        curve(s, epochs, valid, ax, VALID_COLOR, " stroke-dasharray=\"6 3\"", "valid-" + id);
        s.append("</g>\n");
    }

    private static void curve(
            StringBuilder s,
            List<EpochLog> epochs,
            ToDoubleFunction<EpochLog> value,
            Axis ax,
            String color,
            String dash,
            String cls) {
        List<String> points = new ArrayList<>();
        StringBuilder dots = new StringBuilder();
        for (EpochLog e : epochs) {
            double v = value.applyAsDouble(e);
            if (!Double.isFinite(v)) {
                continue;
            }
            String p = String.format(Locale.ROOT, "%.1f,%.1f", ax.x(e.epoch()), ax.y(v));
            points.add(p);
            dots.append(String.format(
                    Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
                    ax.x(e.epoch()),
                    ax.y(v),
                    color));
        }
        if (points.isEmpty()) {
            return;
        }
        s.append(String.format(
                Locale.ROOT,
                "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>",
                cls,
                color,
                dash,
                String.join(" ", points)));
        s.append(dots).append('\n');
    }

    private record Axis(int x0, int maxEpoch, double lo, double hi) {
        double x(double epoch) {
            return maxEpoch == 1 ? x0 + PANEL_W / 2.0 : x0 + 10 + (epoch - 1) * (PANEL_W - 20) / (maxEpoch - 1);
        }

        double y(double v) {
            return TOP + PANEL_H - (v - lo) * PANEL_H / (hi - lo);
        }
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    private static String format(double v, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step)));
        return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step / 1e6 ? 0.0 : v);
    }
}
