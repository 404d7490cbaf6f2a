package io.github.agentstrace.web;

import io.github.agentstrace.term.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A bar chart as inline SVG, our own: one column per bar, its parts stacked when there are several series
 * (tokens by kind), a single series otherwise (cost per day, calls per tool). Colours come from the page's
 * stylesheet (classes, never inline styles: the page's policy allows no {@code style} attribute), so the chart
 * follows light and dark. Each bar names its values in a {@code <title>} (shown on hover, read by screen
 * readers), the chart has a title and a description, and both axes are labelled.
 *
 * <p>It stays readable whatever the number of bars: beyond {@value #MAX_BARS} bars, neighbours are added up
 * into one (the rows given are in order, days for instance), and labels are thinned to what fits.
 */
final class SvgChart {
    /** The most columns drawn; more rows are added up into this many. */
    static final int MAX_BARS = 120;
    private static final int WIDTH = 720;
    private static final int HEIGHT = 340;
    private static final int LEFT = 84;
    private static final int RIGHT = 12;
    private static final int TOP = 30;
    private static final int BOTTOM = 124;
    /** Width per label, in SVG units: fewer labels are drawn when bars are narrower. */
    private static final int LABEL_ROOM = 22;

    /** One series: its name and its class in the stylesheet ({@code s0} to {@code s3}, {@code bad}). */
    record Series(String name, String css) {
    }

    /**
     * One bar: its label, its value in each series, and what its hover text adds (or null).
     */
    record Bar(String label, double[] values, String note) {
        Bar(String label, double[] values) {
            this(label, values, null);
        }

        double total() {
            double t = 0;
            for (double v : values) {
                t += v;
            }
            return t;
        }
    }

    /**
     * What to draw.
     *
     * @param id     the chart's id in the page (its element ids start with it)
     * @param title  what it shows
     * @param xLabel what the bars are
     * @param yLabel what their height is
     * @param series the series, bottom up
     * @param max    the top of the axis, or NaN to fit the tallest bar
     * @param whole  the values are counts: the axis steps by whole numbers
     * @param format how a value reads
     */
    record Spec(String id, String title, String xLabel, String yLabel, List<Series> series, double max,
                boolean whole, DoubleFunction<String> format) {
    }

    private SvgChart() {
    }

    /** The chart as an SVG element (in a {@code figure}, with a note when bars were added up). */
    static String draw(Spec spec, List<Bar> rows) {
        List<Bar> bars = rows;
        int per = 1;
        if (rows.size() > MAX_BARS) {
            per = (rows.size() + MAX_BARS - 1) / MAX_BARS;
            bars = bucket(rows, per, spec.series().size());
        }
        int n = bars.size();
        double top = spec.max();
        double step = top / 4;
        if (Double.isNaN(top)) {
            double tallest = 0;
            for (Bar b : bars) {
                tallest = Math.max(tallest, b.total());
            }
            step = step(tallest, spec.whole());
            top = Math.max(1, Math.ceil(tallest / step - 1e-9)) * step;
        }
        int ticks = (int) Math.round(top / step);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double slot = plotW / Math.max(1, n);
        double barW = Math.max(1, Math.min(56, slot * 0.72));
        String id = spec.id();
        StringBuilder sb = new StringBuilder(4096 + n * 256);
        sb.append("<figure class=\"chart-box\"><svg class=\"chart\" id=\"").append(Html.escape(id))
                .append("\" data-bars=\"").append(n).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"").append(Html.escape(id)).append("-t ")
                .append(Html.escape(id)).append("-d\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.append("<title id=\"").append(Html.escape(id)).append("-t\">").append(Html.escape(spec.title())).append("</title>");
        sb.append("<desc id=\"").append(Html.escape(id)).append("-d\">").append(Html.escape(describe(spec, rows)))
                .append("</desc>");
        // the value axis: four steps, labelled, with light grid lines
        for (int i = 0; i <= ticks; i++) {
            double v = step * i;
            double y = TOP + plotH - plotH * i / ticks;
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(num(y)).append("\" y2=\"").append(num(y)).append("\"/>");
            sb.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(num(y + 4))
                    .append("\" text-anchor=\"end\">").append(Html.escape(spec.format().apply(v))).append("</text>");
        }
        sb.append("<text class=\"axis-title\" transform=\"translate(16 ").append(num(TOP + plotH / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(Html.escape(spec.yLabel())).append("</text>");
        sb.append("<text class=\"axis-title\" x=\"").append(num(LEFT + plotW / 2)).append("\" y=\"").append(HEIGHT - 6)
                .append("\" text-anchor=\"middle\">").append(Html.escape(spec.xLabel())).append("</text>");
        legend(sb, spec);
        int every = Math.max(1, (int) Math.ceil(LABEL_ROOM / slot));
        for (int i = 0; i < n; i++) {
            Bar b = bars.get(i);
            double x = LEFT + slot * i + (slot - barW) / 2;
            sb.append("<g class=\"col\" data-label=\"").append(Html.escape(b.label())).append("\"><title>")
                    .append(Html.escape(tip(spec, b))).append("</title>");
            // a full-height target, so that a short bar is as easy to point at as a tall one
            sb.append("<rect class=\"hit\" x=\"").append(num(LEFT + slot * i)).append("\" y=\"").append(TOP)
                    .append("\" width=\"").append(num(slot)).append("\" height=\"").append(num(plotH)).append("\"/>");
            double base = TOP + plotH;
            for (int s = 0; s < b.values().length; s++) {
                double h = top > 0 ? Math.min(plotH, plotH * b.values()[s] / top) : 0;
                if (h <= 0) {
                    continue;
                }
                base -= h;
                sb.append("<rect class=\"").append(spec.series().get(s).css()).append("\" x=\"").append(num(x))
                        .append("\" y=\"").append(num(base)).append("\" width=\"").append(num(barW)).append("\" height=\"")
                        .append(num(h)).append("\" rx=\"").append(barW > 6 ? "2" : "0").append("\"/>");
            }
            sb.append("</g>");
            if (i % every == 0) {
                // a column of several rows is named by its first under the axis (its title names them all)
                String tick = per > 1 && b.label().contains(" – ") ? b.label().substring(0, b.label().indexOf(" – ")) : b.label();
                double cx = LEFT + slot * i + slot / 2;
                sb.append("<text class=\"tick\" transform=\"translate(").append(num(cx + 3)).append(' ')
                        .append(TOP + plotH + 10).append(") rotate(-40)\" text-anchor=\"end\">")
                        .append(Html.escape(Line.clip(tick, 20))).append("</text>");
            }
        }
        sb.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                .append(num(TOP + plotH)).append("\" y2=\"").append(num(TOP + plotH)).append("\"/>");
        sb.append("</svg>");
        if (per > 1) {
            sb.append("<figcaption class=\"muted\">").append(rows.size()).append(" bars, drawn ").append(per)
                    .append(" to a column</figcaption>");
        }
        sb.append("</figure>");
        return sb.toString();
    }

    /** Adds up runs of {@code per} neighbouring bars, labelled by their first and last. */
    private static List<Bar> bucket(List<Bar> rows, int per, int series) {
        List<Bar> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += per) {
            int end = Math.min(rows.size(), i + per);
            double[] sum = new double[series];
            for (int j = i; j < end; j++) {
                for (int s = 0; s < series; s++) {
                    sum[s] += rows.get(j).values()[s];
                }
            }
            String label = end - i == 1 ? rows.get(i).label() : rows.get(i).label() + " – " + rows.get(end - 1).label();
            out.add(new Bar(label, sum, null));
        }
        return out;
    }

    private static void legend(StringBuilder sb, Spec spec) {
        if (spec.series().size() < 2) {
            return;
        }
        double x = LEFT;
        for (Series s : spec.series()) {
            sb.append("<rect class=\"").append(s.css()).append("\" x=\"").append(num(x)).append("\" y=\"7\" width=\"11\" height=\"11\" rx=\"2\"/>");
            sb.append("<text class=\"legend-text\" x=\"").append(num(x + 16)).append("\" y=\"17\">")
                    .append(Html.escape(s.name())).append("</text>");
            x += 28 + 7.6 * s.name().length();
        }
    }

    private static String tip(Spec spec, Bar b) {
        StringBuilder t = new StringBuilder(b.label()).append(": ");
        if (b.values().length == 1) {
            t.append(spec.format().apply(b.values()[0]));
            return b.note() == null ? t.toString() : t.append(" (").append(b.note()).append(')').toString();
        }
        t.append(spec.format().apply(b.total())).append(" (");
        for (int s = 0; s < b.values().length; s++) {
            t.append(s > 0 ? ", " : "").append(spec.series().get(s).name()).append(' ')
                    .append(spec.format().apply(b.values()[s]));
        }
        return t.append(')').toString();
    }

    /** The chart in words, for those who do not see it. */
    private static String describe(Spec spec, List<Bar> rows) {
        if (rows.isEmpty()) {
            return "No data.";
        }
        Bar most = rows.get(0);
        for (Bar b : rows) {
            if (b.total() > most.total()) {
                most = b;
            }
        }
        return rows.size() + " bars of " + spec.yLabel() + " by " + spec.xLabel() + ", from " + rows.get(0).label()
                + " to " + rows.get(rows.size() - 1).label() + "; the highest is " + most.label() + " with "
                + spec.format().apply(most.total()) + ".";
    }

    /**
     * The value axis's step: 1, 2 or 5 times a power of ten, so that at most five steps reach the tallest bar
     * (whole numbers for counts).
     */
    static double step(double tallest, boolean whole) {
        if (!(tallest > 0)) {
            return whole ? 1 : 0.25;
        }
        double least = tallest / 5;
        double p = Math.pow(10, Math.floor(Math.log10(least)));
        double step = 10 * p;
        for (double m : new double[] {1, 2, 5}) {
            if (m * p >= least * 0.999999) {
                step = m * p;
                break;
            }
        }
        return whole ? Math.max(1, Math.round(step)) : step;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
