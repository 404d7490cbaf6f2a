package io.github.agentstrace.web;

import io.github.agentstrace.analysis.CostReport;
import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.analysis.UsageReport;
import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.term.Units;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The dashboard's report ({@code /report?by=day|week|month|model|project|agent}, and {@code /api/report}): the
 * table {@code report} prints ({@link UsageReport}, its rows and total as {@code report --json} gives them),
 * with two charts of the same sessions: cost per day, and tokens by model (input, output, cache read, cache
 * write stacked).
 */
final class ReportPage {
    /** The choices of rows offered as tabs ({@code session} and {@code branch} are served too). */
    private static final List<UsageReport.By> TABS = List.of(UsageReport.By.DAY, UsageReport.By.WEEK,
            UsageReport.By.MONTH, UsageReport.By.MODEL, UsageReport.By.PROJECT, UsageReport.By.AGENT);
    /** Models drawn; the rest are one bar, "other". */
    static final int MODELS_SHOWN = 20;
    /** The longest run of days drawn with a bar each (empty days included); longer spans show only active days. */
    private static final int MAX_DAYS = 3660;

    /**
     * The report asked for and the two the charts draw, of the same sessions.
     *
     * @param table  the rows asked for ({@code report --json})
     * @param days   per day ({@code report --by day --json})
     * @param models per model ({@code report --by model --json})
     */
    record Result(UsageReport.By by, Map<String, Object> table, Map<String, Object> days, Map<String, Object> models) {
    }

    private ReportPage() {
    }

    /** Reads each selected session once, in its directory's reading, as {@code report} does (with its subagents). */
    static Result of(Function<Selection.Dir, Reading> readings, PriceTable prices, List<Selection.Item> items,
                     UsageReport.By by, Path home) {
        List<UsageReport.Entry> entries = new ArrayList<>();
        for (Selection.Item item : items) {
            entries.add(UsageReport.Entry.of(item, readings.apply(item.dir()), false, CostReport.DEFAULT_ESTIMATE_MODEL,
                    home));
        }
        String asOf = prices.asOf();
        return new Result(by, report(entries, by, asOf), report(entries, UsageReport.By.DAY, asOf),
                report(entries, UsageReport.By.MODEL, asOf));
    }

    private static Map<String, Object> report(List<UsageReport.Entry> entries, UsageReport.By by, String asOf) {
        return UsageReport.of(entries, by, false, asOf, CostReport.DEFAULT_ESTIMATE_MODEL).toJson();
    }

    /** The page's content: the tabs, the charts, the table with its total row and notes. */
    static String body(Result r) {
        StringBuilder sb = new StringBuilder(16384);
        Map<String, Object> total = Json.asObject(r.table().get("total"));
        long sessions = number(total, "sessions");
        sb.append("<div class=\"wrap page\"><header class=\"top\"><h1>Report</h1><div class=\"sub\">")
                .append(Units.count(sessions)).append(sessions == 1 ? " session with its" : " sessions with their")
                .append(" subagents · USD, prices as of ").append(Html.escape(String.valueOf(r.table().get("prices_as_of"))))
                .append(" · days, weeks and months of the session's start, UTC</div></header>");
        sb.append("<nav class=\"panel filters choices\" aria-label=\"Rows\"><span class=\"muted\">Rows per</span>");
        for (UsageReport.By b : TABS) {
            sb.append("<a class=\"chip\" href=\"/report?by=").append(b.word()).append('"')
                    .append(b == r.by() ? " aria-current=\"page\"" : "").append('>').append(b.word()).append("</a>");
        }
        sb.append("</nav>");
        if (sessions == 0) {
            sb.append("<section class=\"panel\">").append(Frame.empty()).append("</section></div>");
            return sb.toString();
        }
        sb.append("<div class=\"charts\"><section class=\"panel\"><div class=\"panel-head\"><h2>Cost per day</h2></div>")
                .append(SvgChart.draw(new SvgChart.Spec("cost-per-day", "Cost per day (USD, UTC days)", "day (UTC)",
                        "cost (USD)", List.of(new SvgChart.Series("cost", "s0")), Double.NaN, false, Units::usd), days(r.days())))
                .append("</section><section class=\"panel\"><div class=\"panel-head\"><h2>Tokens by model</h2></div>")
                .append(SvgChart.draw(new SvgChart.Spec("tokens-by-model", "Tokens by model", "model", "tokens",
                        List.of(new SvgChart.Series("input", "s0"), new SvgChart.Series("output", "s1"),
                                new SvgChart.Series("cache read", "s2"), new SvgChart.Series("cache write", "s3")),
                        Double.NaN, true, ReportPage::tokens), models(r.models())))
                .append("</section></div>");
        table(sb, r, total);
        sb.append("</div>");
        return sb.toString();
    }

    private static void table(StringBuilder sb, Result r, Map<String, Object> total) {
        boolean whole = r.by() != UsageReport.By.MODEL;
        boolean estimates = total.get("estimate") != null;
        String[] label = {"Date", "Week", "Month", "Session", "Model", "Project", "Branch", "Agent"};
        sb.append("<section class=\"panel\"><div class=\"table-wrap\"><table class=\"grid report\"><thead><tr><th>")
                .append(label[r.by().ordinal()]).append("</th><th class=\"num\">Sessions</th>");
        if (whole) {
            sb.append("<th class=\"num hide-m\">Prompts</th><th class=\"num hide-s\">Calls</th><th class=\"num hide-s\">Errors</th>");
        }
        sb.append("<th class=\"num hide-m\">Turns</th><th class=\"num hide-m\">Input</th><th class=\"num hide-m\">Output</th>"
                + "<th class=\"num hide-m\">Cache write</th><th class=\"num hide-m\">Cache read</th><th class=\"num\">Tokens</th>"
                + "<th class=\"num\">Cost</th>");
        if (estimates) {
            sb.append("<th class=\"num\">Estimate</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (Object o : Json.asArray(r.table().get("rows"))) {
            row(sb, "td", Json.asObject(o), whole, estimates);
        }
        sb.append("</tbody><tfoot>");
        row(sb, "th", total, whole, estimates);
        sb.append("</tfoot></table></div>");
        List<String> notes = new ArrayList<>();
        if (!Boolean.TRUE.equals(total.get("fully_priced"))) {
            List<Object> unpriced = Json.asArray(total.get("unpriced_models"));
            notes.add("* leaves out turns of models the price table does not know"
                    + (unpriced.isEmpty() ? " (usage recorded as a bare total)" : ": " + join(unpriced)));
        }
        if (estimates) {
            Map<String, Object> est = Json.asObject(total.get("estimate"));
            long n = number(est, "sessions");
            notes.add("~ " + n + (n == 1 ? " session" : " sessions") + " recorded no token usage: Estimate is a guess"
                    + " from the size of what they recorded, priced as " + r.table().get("estimate_model")
                    + ", never added to Tokens or Cost");
        }
        if (!notes.isEmpty()) {
            sb.append("<div class=\"notes\">");
            notes.forEach(n -> sb.append("<p>").append(Html.escape(n)).append("</p>"));
            sb.append("</div>");
        }
        sb.append("</section>");
    }

    private static void row(StringBuilder sb, String cell, Map<String, Object> j, boolean whole, boolean estimates) {
        sb.append("<tr>").append('<').append(cell).append(" class=\"key").append(cell.equals("th") ? "" : " mono")
                .append("\">").append(Html.escape(String.valueOf(j.get("key")))).append("</").append(cell).append('>');
        sb.append(num(j.get("sessions"), ""));
        if (whole) {
            sb.append(num(j.get("prompts"), " hide-m")).append(num(j.get("tool_calls"), " hide-s"));
            long errors = number(j, "errors");
            sb.append("<td class=\"num hide-s").append(errors > 0 ? " err" : "").append("\">").append(Units.count(errors))
                    .append("</td>");
        }
        sb.append(num(j.get("llm_turns"), " hide-m")).append(num(j.get("input_tokens"), " hide-m"))
                .append(num(j.get("output_tokens"), " hide-m")).append(num(j.get("cache_write_tokens"), " hide-m"))
                .append(num(j.get("cache_read_tokens"), " hide-m")).append(num(j.get("tokens"), ""));
        boolean priced = Boolean.TRUE.equals(j.get("fully_priced"));
        sb.append("<td class=\"num cost\"").append(priced ? "" : " title=\"leaves out turns of unpriced models\"")
                .append('>').append(Units.usd(decimal(j.get("cost_usd")))).append(priced ? "" : "*").append("</td>");
        if (estimates) {
            Object e = j.get("estimate");
            sb.append("<td class=\"num muted\">");
            if (e != null) {
                Map<String, Object> est = Json.asObject(e);
                sb.append('~').append(Units.usd(decimal(est.get("cost_usd"))));
            }
            sb.append("</td>");
        }
        sb.append("</tr>");
    }

    /** One bar per day from the first to the last, days without sessions included (as zero). */
    static List<SvgChart.Bar> days(Map<String, Object> report) {
        Map<String, Double> cost = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (Object o : Json.asArray(report.get("rows"))) {
            Map<String, Object> row = Json.asObject(o);
            String key = String.valueOf(row.get("key"));
            keys.add(key);
            cost.put(key, decimal(row.get("cost_usd")));
        }
        List<SvgChart.Bar> bars = new ArrayList<>();
        if (keys.isEmpty()) {
            return bars;
        }
        LocalDate first = LocalDate.parse(keys.get(0));
        LocalDate last = LocalDate.parse(keys.get(keys.size() - 1));
        if (first.plusDays(MAX_DAYS).isBefore(last)) {
            keys.forEach(k -> bars.add(new SvgChart.Bar(k, new double[] {cost.get(k)})));
            return bars;
        }
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            String k = d.toString();
            bars.add(new SvgChart.Bar(k, new double[] {cost.getOrDefault(k, 0.0)}));
        }
        return bars;
    }

    /** One stacked bar per model with tokens, the most expensive first; beyond {@value #MODELS_SHOWN}, one bar "other". */
    static List<SvgChart.Bar> models(Map<String, Object> report) {
        List<SvgChart.Bar> bars = new ArrayList<>();
        double[] other = new double[4];
        int rest = 0;
        for (Object o : Json.asArray(report.get("rows"))) {
            Map<String, Object> row = Json.asObject(o);
            double[] v = {number(row, "input_tokens"), number(row, "output_tokens"), number(row, "cache_read_tokens"),
                number(row, "cache_write_tokens")};
            if (number(row, "tokens") == 0) {
                continue; // the estimate's model, or a model whose turns recorded no usage: nothing to draw
            }
            if (bars.size() < MODELS_SHOWN) {
                bars.add(new SvgChart.Bar(String.valueOf(row.get("key")), v));
            } else {
                rest++;
                for (int i = 0; i < 4; i++) {
                    other[i] += v[i];
                }
            }
        }
        if (rest > 0) {
            bars.add(new SvgChart.Bar("other (" + rest + " models)", other));
        }
        return bars;
    }

    private static String num(Object v, String css) {
        return "<td class=\"num" + css + "\">" + (v == null ? "" : Units.count(((Number) v).longValue())) + "</td>";
    }

    private static long number(Map<String, Object> j, String key) {
        Object v = j.get(key);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static double decimal(Object v) {
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    private static String tokens(double v) {
        return Units.count(Math.round(v));
    }

    private static String join(List<Object> values) {
        List<String> s = new ArrayList<>();
        values.forEach(v -> s.add(String.valueOf(v)));
        return String.join(", ", s);
    }
}
