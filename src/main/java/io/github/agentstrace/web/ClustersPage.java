package io.github.agentstrace.web;

import io.github.agentstrace.analysis.Clusters;
import io.github.agentstrace.analysis.ExecutionSignature;
import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.Listeners;
import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.session.Outcome;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.term.Line;
import io.github.agentstrace.term.Units;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The dashboard's clusters ({@code /clusters?by=session|phase&fuzzy=K}, and {@code /api/clusters}): the table
 * {@code clusters} prints ({@link Clusters}, read as the command reads it), with two charts of the same
 * sessions: calls per tool, and the share of each tool's calls that failed.
 */
final class ClustersPage {
    /** Clusters shown when no limit is asked for. */
    static final int DEFAULT_LIMIT = 50;
    /** Tools drawn; the rest are one bar, "other". */
    static final int TOOLS_SHOWN = 30;
    /** The longest signature shown in a cell; the cell's title holds more. */
    private static final int SIGNATURE_CHARS = 240;

    /**
     * The clusters, and every call's tool (subagents' calls too) with how many of its calls failed.
     *
     * @param tools per tool: {calls, failed}, most called first
     * @param dirs  per session id: its directory as a link's {@code ?d=} names it (absent: no {@code ?d=})
     */
    record Result(Clusters clusters, boolean byPhase, int fuzzy, Map<String, long[]> tools, Map<String, Integer> dirs) {
    }

    private ClustersPage() {
    }

    /**
     * Reads each selected session once (in its directory's reading), for both the clusters and the tool
     * counts; {@code dirOf} gives a directory as a link's {@code ?d=} names it (-1: none).
     */
    static Result of(Function<Selection.Dir, Reading> readings, List<Selection.Item> items, boolean byPhase, int fuzzy,
                     ToIntFunction<Path> dirOf) {
        Clusters.Collector collector = new Clusters.Collector();
        Map<String, long[]> tools = new LinkedHashMap<>();
        SessionListener perTool = new SessionListener() {
            @Override
            public void step(Step step) {
                Call c = step.call();
                if (c != null && c.number() > 0) { // as the collector: an answer whose call was never recorded made none
                    long[] n = tools.computeIfAbsent(McpToolName.display(c.tool()), k -> new long[2]);
                    n[0]++;
                    if (c.outcome() == Outcome.FAILED) {
                        n[1]++;
                    }
                }
            }
        };
        SessionListener both = Listeners.of(collector, perTool);
        List<Clusters.Item> clustered = new ArrayList<>();
        Map<String, Integer> dirs = new HashMap<>();
        for (Selection.Item item : items) {
            SessionView view = readings.apply(item.dir()).read(item.id(), true, true, both);
            clustered.addAll(collector.items(view, byPhase));
            int d = dirOf.applyAsInt(item.dir().path());
            if (d >= 0) {
                for (SessionView v : view.flatten()) {
                    dirs.putIfAbsent(v.id(), d); // the same id in two directories: the newest's, as the clusters name it
                }
            }
        }
        Map<String, long[]> sorted = new LinkedHashMap<>();
        tools.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new Result(Clusters.of(clustered, byPhase, fuzzy), byPhase, fuzzy, sorted, dirs);
    }

    /** The page's content: the choices, the charts, the table. */
    static String body(Result r, int limit, boolean noSessions) {
        StringBuilder sb = new StringBuilder(16384);
        String noun = r.byPhase() ? "phase" : "session";
        List<Clusters.Cluster> all = r.clusters().clusters();
        int members = 0;
        for (Clusters.Cluster c : all) {
            members += c.members().size();
        }
        sb.append("<div class=\"wrap page\"><header class=\"top\"><h1>Clusters</h1><div class=\"sub\">")
                .append(Units.count(members)).append(' ').append(noun).append(members == 1 ? "" : "s").append(" in ")
                .append(Units.count(all.size())).append(all.size() == 1 ? " cluster" : " clusters").append(" · ")
                .append(r.fuzzy() == 0 ? "identical signatures" : "signatures within " + r.fuzzy()
                        + (r.fuzzy() == 1 ? " edit" : " edits"))
                .append(" · a signature is the calls in order, runs collapsed</div></header>");
        sb.append("<form class=\"panel filters choices\" method=\"get\" action=\"/clusters\"><label>Group "
                + "<select name=\"by\" id=\"by\">")
                .append(option("session", "sessions", !r.byPhase())).append(option("phase", "prompt phases", r.byPhase()))
                .append("</select></label><label>merge within <input type=\"number\" name=\"fuzzy\" id=\"fuzzy\" min=\"0\""
                        + " max=\"1000\" value=\"").append(r.fuzzy()).append("\"> edits</label>"
                        + "<button class=\"btn primary\" type=\"submit\">Apply</button></form>");
        if (noSessions) {
            sb.append("<section class=\"panel\">").append(Frame.empty()).append("</section></div>");
            return sb.toString();
        }
        charts(sb, r);
        sb.append("<section class=\"panel\"><div class=\"panel-head\"><h2>Clusters</h2><span class=\"spacer\"></span>"
                + "<span class=\"count\">failures first</span></div>");
        if (all.isEmpty()) {
            sb.append("<div class=\"empty\">No ").append(noun).append("s to cluster.</div></section></div>");
            return sb.toString();
        }
        sb.append("<div class=\"table-wrap\"><table class=\"grid clusters\"><thead><tr><th class=\"num\">#</th>"
                + "<th>Signature</th><th class=\"num\">").append(r.byPhase() ? "Phases" : "Sessions")
                .append("</th><th class=\"num\">Failed</th><th class=\"num hide-s\">Median</th>"
                        + "<th class=\"num hide-s\">Tokens</th><th class=\"num\">Cost</th><th class=\"hide-s\">Sample</th>"
                        + "<th class=\"hide-m\">Failing prefix</th><th class=\"hide-m\">Fails most</th></tr></thead><tbody>");
        List<Clusters.Cluster> shown = limit > 0 && limit < all.size() ? all.subList(0, limit) : all;
        int number = 0;
        for (Clusters.Cluster c : shown) {
            number++;
            String sig = c.signature().text();
            sb.append("<tr class=\"cluster\"><td class=\"num muted\">").append(number).append("</td><td class=\"sig mono\"");
            if (sig.length() > SIGNATURE_CHARS) {
                sb.append(" title=\"").append(Html.escape(Line.clip(sig, 4 * SIGNATURE_CHARS))).append('"');
            }
            sb.append('>').append(Html.escape(Line.clip(sig, SIGNATURE_CHARS)));
            if (c.signatures() > 1) {
                sb.append(" <span class=\"muted\">(+").append(c.signatures() - 1).append(" similar)</span>");
            }
            sb.append("</td><td class=\"num\">").append(Units.count(c.members().size())).append("</td><td class=\"num")
                    .append(c.failed() > 0 ? " err\">" + c.failed() + " <small>" + Math.round(100 * c.failureRate())
                            + "%</small>" : " muted\">0").append("</td><td class=\"num hide-s\">")
                    .append(Units.duration(c.medianMs())).append("</td><td class=\"num hide-s\">")
                    .append(Units.count(c.tokens())).append("</td><td class=\"num\">").append(Units.usd(c.costUsd()))
                    .append("</td><td class=\"mono hide-s\">");
            String sampleSession = c.sample().contains("#") ? c.sample().substring(0, c.sample().indexOf('#')) : c.sample();
            sb.append("<a href=\"").append(Html.escape(Frame.session(sampleSession,
                    r.dirs().getOrDefault(sampleSession, -1)))).append("\">")
                    .append(Html.escape(c.sample())).append("</a></td><td class=\"mono hide-m sig\">");
            if (c.failed() > 0) {
                sb.append(c.failingPrefix().isEmpty() ? "<span class=\"muted\">(none in common)</span>"
                        : Html.escape(Line.clip(String.join(ExecutionSignature.ARROW, c.failingPrefix()), SIGNATURE_CHARS)));
            }
            sb.append("</td><td class=\"mono hide-m\">");
            List<String> fails = new ArrayList<>();
            c.failsMost().forEach((call, n) -> fails.add(call + " " + ExecutionSignature.TIMES + n));
            sb.append(Html.escape(String.join(", ", fails))).append("</td></tr>");
        }
        sb.append("</tbody></table></div>");
        if (shown.size() < all.size()) {
            sb.append("<div class=\"more\"><a class=\"btn\" id=\"more\" href=\"/clusters?by=").append(noun)
                    .append("&amp;fuzzy=").append(r.fuzzy()).append("&amp;limit=").append(0).append("\">Show all ")
                    .append(all.size()).append(" clusters</a></div>");
        }
        sb.append("</section></div>");
        return sb.toString();
    }

    private static void charts(StringBuilder sb, Result r) {
        List<SvgChart.Bar> calls = new ArrayList<>();
        List<SvgChart.Bar> rates = new ArrayList<>();
        long[] other = new long[2];
        int i = 0;
        for (Map.Entry<String, long[]> e : r.tools().entrySet()) {
            long[] n = e.getValue();
            if (i++ < TOOLS_SHOWN) {
                calls.add(new SvgChart.Bar(e.getKey(), new double[] {n[0]}));
                rates.add(new SvgChart.Bar(e.getKey(), new double[] {n[0] == 0 ? 0 : (double) n[1] / n[0]}, failed(n)));
            } else {
                other[0] += n[0];
                other[1] += n[1];
            }
        }
        if (other[0] > 0) {
            int rest = r.tools().size() - TOOLS_SHOWN;
            String label = "other (" + rest + " tools)";
            calls.add(new SvgChart.Bar(label, new double[] {other[0]}));
            rates.add(new SvgChart.Bar(label, new double[] {(double) other[1] / other[0]}, failed(other)));
        }
        sb.append("<div class=\"charts\">");
        sb.append("<section class=\"panel\"><div class=\"panel-head\"><h2>Calls per tool</h2></div>");
        if (calls.isEmpty()) {
            sb.append("<div class=\"empty\">No tool calls recorded.</div>");
        } else {
            sb.append(SvgChart.draw(new SvgChart.Spec("calls-per-tool", "Calls per tool", "tool", "calls",
                    List.of(new SvgChart.Series("calls", "s0")), Double.NaN, true, v -> Units.count(Math.round(v))), calls));
        }
        sb.append("</section><section class=\"panel\"><div class=\"panel-head\"><h2>Error rate per tool</h2></div>");
        if (rates.isEmpty()) {
            sb.append("<div class=\"empty\">No tool calls recorded.</div>");
        } else {
            sb.append(SvgChart.draw(new SvgChart.Spec("error-rate-per-tool", "Share of each tool's calls that failed",
                    "tool", "calls failed", List.of(new SvgChart.Series("failed", "bad")), 1.0, false,
                    v -> Math.round(v * 100) + "%"), rates));
        }
        sb.append("</section></div>");
    }

    private static String failed(long[] n) {
        return n[1] + " of " + Units.count(n[0]) + (n[0] == 1 ? " call" : " calls") + " failed";
    }

    private static String option(String value, String label, boolean selected) {
        return "<option value=\"" + value + "\"" + (selected ? " selected" : "") + ">" + label + "</option>";
    }
}
