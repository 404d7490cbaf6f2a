package io.github.agentstrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.term.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's bar chart: readable with one bar and with four hundred, accessible, escaped. */
class SvgChartTest {
    private static final SvgChart.Spec COUNT = new SvgChart.Spec("c", "Calls per tool", "tool", "calls",
            List.of(new SvgChart.Series("calls", "s0")), Double.NaN, true, v -> Units.count(Math.round(v)));

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void oneBar_isOneColumn_withItsValueOnHover_andLabelledAxes() {
        String svg = SvgChart.draw(COUNT, List.of(new SvgChart.Bar("Bash", new double[] {3})));
        assertEquals(1, count(svg, "<g class=\"col\""));
        assertTrue(svg.contains("<g class=\"col\" data-label=\"Bash\"><title>Bash: 3</title>"), svg);
        assertTrue(svg.contains("role=\"img\" aria-labelledby=\"c-t c-d\""), svg);
        assertTrue(svg.contains("<title id=\"c-t\">Calls per tool</title>"), svg);
        assertTrue(svg.contains("<desc id=\"c-d\">1 bars of calls by tool, from Bash to Bash; the highest is Bash with 3.</desc>"), svg);
        assertTrue(svg.contains(">calls</text>") && svg.contains(">tool</text>"), "both axes are named");
        assertEquals(4, count(svg, "<line class=\"grid\""), "whole steps of one up to three: 0, 1, 2, 3");
        assertFalse(svg.contains("style="), "the page's policy allows no style attribute");
        // a single bar is not stretched across the chart
        Matcher w = Pattern.compile("<rect class=\"s0\" x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"([0-9.]+)\"").matcher(svg);
        assertTrue(w.find());
        assertTrue(Double.parseDouble(w.group(1)) <= 56, w.group(1));
    }

    @Test
    void fourHundredBars_areAddedUpIntoAtMostTheMost_keepingTheTotal() {
        List<SvgChart.Bar> days = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < 400; i++) {
            days.add(new SvgChart.Bar("d" + i, new double[] {i % 7, 1}));
            sum += i % 7 + 1;
        }
        SvgChart.Spec spec = new SvgChart.Spec("d", "Tokens", "day", "tokens",
                List.of(new SvgChart.Series("input", "s0"), new SvgChart.Series("output", "s1")), Double.NaN, true,
                v -> Units.count(Math.round(v)));
        String svg = SvgChart.draw(spec, days);
        int columns = count(svg, "<g class=\"col\"");
        assertTrue(columns <= SvgChart.MAX_BARS && columns >= SvgChart.MAX_BARS / 2, columns + " columns");
        assertTrue(svg.contains("data-label=\"d0 – d3\""), "a column names its first and last day");
        assertTrue(svg.contains("400 bars, drawn 4 to a column"), "and the chart says so");
        double drawn = 0;
        Matcher m = Pattern.compile("<title>[^<:]*: ([0-9,]+) \\(").matcher(svg);
        while (m.find()) {
            drawn += Double.parseDouble(m.group(1).replace(",", ""));
        }
        assertEquals(sum, drawn, "nothing lost in the adding up");
        int labels = count(svg, "rotate\\(-40\\)");
        assertTrue(labels <= 30, "labels thinned to what fits: " + labels);
        assertTrue(svg.contains("rotate(-40)\" text-anchor=\"end\">d0</text>"), "under the axis, a column is named by its first row");
        assertEquals(2, count(svg, "class=\"legend-text\""), "a legend for stacked series");
    }

    @Test
    void labels_areEscaped() {
        String svg = SvgChart.draw(COUNT, List.of(new SvgChart.Bar("<script>\"x\"</script>", new double[] {1})));
        assertFalse(svg.contains("<script>"), svg);
        assertTrue(svg.contains("data-label=\"&lt;script&gt;&quot;x&quot;&lt;/script&gt;\""), svg);
    }

    @Test
    void theValueAxis_stepsByOneTwoOrFive() {
        assertEquals(2, SvgChart.step(9, true));
        assertEquals(1, SvgChart.step(3, true));
        assertEquals(1, SvgChart.step(0.4, true), "counts step by whole numbers");
        assertEquals(0.01, SvgChart.step(0.043, false), 1e-12);
        assertEquals(20000, SvgChart.step(80710, true));
    }
}
