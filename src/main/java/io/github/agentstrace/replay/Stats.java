package io.github.agentstrace.replay;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import io.github.agentstrace.term.Paragraph;
import io.github.agentstrace.term.Plural;
import io.github.agentstrace.term.Table;
import io.github.agentstrace.term.Units;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stats}: the session summary, then per tool calls, errors and total/avg/p50/p95/max durations
 * (nearest-rank percentiles over the calls that got an answer, failures included), then the failures
 * with their messages. Every number comes from the session model, so it agrees with {@code cost},
 * {@code explain} and the OTLP export.
 */
public final class Stats {
    /** {@code --sort}: table order. Ties go by name. */
    public enum Sort {
        /** Most calls first (the default). */
        CALLS,
        /** Most total time first. */
        TIME,
        /** Most errors first. */
        ERRORS,
        /** Alphabetical. */
        NAME;

        /** The value of {@code --sort}; null for an unknown word. */
        public static Sort parse(String word) {
            for (Sort s : values()) {
                if (s.name().equalsIgnoreCase(word)) {
                    return s;
                }
            }
            return null;
        }

        Comparator<Summary.ToolStats> comparator() {
            Comparator<Summary.ToolStats> byName = Comparator.comparing(Summary.ToolStats::name);
            return switch (this) {
                case CALLS -> Comparator.comparingLong((Summary.ToolStats t) -> -t.calls()).thenComparing(byName);
                case TIME -> Comparator.comparingDouble((Summary.ToolStats t) -> t.timed() == 0 ? 0 : -t.totalMs())
                        .thenComparing(byName);
                case ERRORS -> Comparator.comparingLong((Summary.ToolStats t) -> -t.errors()).thenComparing(byName);
                case NAME -> byName;
            };
        }
    }

    private final Reading reading;

    public Stats(Reading reading) {
        this.reading = reading;
    }

    /**
     * Reads and prints the statistics of a session (with its subagent sessions when asked).
     *
     * @param width columns of the output; 0: no limit
     */
    public void print(String sessionId, boolean includeSubagents, Sort sort, boolean json, PrintStream out, Ansi ansi,
                      int width, double nowSeconds) {
        Read r = read(sessionId, includeSubagents, sort);
        if (json) {
            out.println(Json.writePretty(toJson(r.view(), r.summary(), r.tools(), reading.prices().asOf())));
        } else {
            out.print(text(r.view(), r.summary(), r.tools(), reading.prices().asOf(), ansi, width, nowSeconds));
        }
    }

    /**
     * The statistics in both forms from one reading of the session: the value {@code stats --json} prints and the
     * text {@code stats} prints (for callers that show both, such as the MCP {@code stats} tool).
     */
    public Report report(String sessionId, boolean includeSubagents, Sort sort, Ansi ansi, int width,
                         double nowSeconds) {
        Read r = read(sessionId, includeSubagents, sort);
        String asOf = reading.prices().asOf();
        return new Report(toJson(r.view(), r.summary(), r.tools(), asOf),
                text(r.view(), r.summary(), r.tools(), asOf, ansi, width, nowSeconds));
    }

    /** What {@link #report} returns: the JSON value (maps, lists, numbers, strings) and the rendered text. */
    public record Report(Map<String, Object> json, String text) {
    }

    private record Read(SessionView view, Summary summary, List<Summary.ToolStats> tools) {
    }

    private Read read(String sessionId, boolean includeSubagents, Sort sort) {
        SessionView view = reading.read(sessionId, includeSubagents, false, SessionListener.NONE);
        Summary s = includeSubagents ? view.tree() : view.summary();
        List<Summary.ToolStats> tools = new ArrayList<>(s.tools());
        tools.sort(sort.comparator());
        return new Read(view, s, tools);
    }

    static String text(SessionView view, Summary s, List<Summary.ToolStats> tools, String pricesAsOf, Ansi ansi,
                       int width, double nowSeconds) {
        StringBuilder sb = new StringBuilder(SessionSummary.render(view.meta(), view.status(), s, view.provenance(), ansi, width,
                nowSeconds));
        sb.append('\n');
        List<String> ids = s.sessions();
        if (ids.size() > 1) {
            sb.append(new Line().plain("  Aggregated over " + ids.size() + " sessions: " + String.join(", ", ids))
                    .render(ansi, width)).append("\n\n");
        }
        row(sb, ansi, width, "Events:", Units.count(s.events()) + " (" + Plural.count(s.prompts(), "prompt") + ", "
                + Plural.count(s.toolCalls(), "tool call") + ", " + Plural.count(s.turns(), "LLM turn") + ")", "");
        row(sb, ansi, width, "Errors:", Long.toString(s.errors()), s.errors() > 0 ? Ansi.RED : "");
        if (s.interrupted() > 0) {
            row(sb, ansi, width, "Interrupted:", Plural.count(s.interrupted(), "call"), Ansi.YELLOW);
        }
        if (s.pending() > 0) {
            row(sb, ansi, width, "Pending:", Plural.count(s.pending(), "call") + " without an answer", Ansi.YELLOW);
        }
        if (s.retries() > 0) {
            row(sb, ansi, width, "Retries:", Plural.count(s.retries(), "call") + " repeated a failed one", "");
        }
        if (s.unmatched() > 0) {
            row(sb, ansi, width, "Unmatched:", Plural.count(s.unmatched(), "result") + " whose call was not recorded", "");
        }
        if (s.tokens() > 0) {
            row(sb, ansi, width, "Tokens:", Units.count(s.tokens()) + " (input " + Units.count(s.usage().inputTokens())
                    + ", output " + Units.count(s.usage().outputTokens()) + ", cache read "
                    + Units.count(s.usage().cacheReadTokens()) + ", cache write "
                    + Units.count(s.usage().cacheWriteTokens()) + ")", "");
        }
        if (s.turnsWithUsage() > 0) {
            String unpriced = s.unpricedModels().isEmpty() ? "" : "; not priced: " + String.join(", ", s.unpricedModels());
            row(sb, ansi, width, "Cost:", Units.usd(s.costUsd()) + " (" + Plural.count(s.turnsWithUsage(), "LLM turn")
                    + " with usage, prices as of " + pricesAsOf + unpriced + ")", "");
        }
        if (!Double.isNaN(s.timing().start()) && s.timing().spanMs() > 0) {
            row(sb, ansi, width, "Active:", Units.duration(s.timing().activeMs()) + " of "
                    + Units.duration(s.timing().spanMs()) + (s.timing().idleMs() > 0
                    ? " (idle " + Units.duration(s.timing().idleMs()) + ")" : ""), "");
        }
        if (!tools.isEmpty()) {
            Table t = new Table().left("Tool", 12).right("calls").right("errors").right("total", 2).right("avg", 5)
                    .right("p50", 4).right("p95", 1).right("max", 3);
            for (Summary.ToolStats ts : tools) {
                List<Table.Cell> cells = new ArrayList<>();
                cells.add(new Table.Cell(McpToolName.display(ts.name()), ""));
                cells.add(new Table.Cell(Long.toString(ts.calls()), ""));
                cells.add(new Table.Cell(Long.toString(ts.errors()), ts.errors() > 0 ? Ansi.RED : ""));
                for (double ms : new double[] {ts.totalMs(), ts.avgMs(), ts.p50Ms(), ts.p95Ms(), ts.maxMs()}) {
                    cells.add(new Table.Cell(Units.duration(ms), ""));
                }
                t.row(cells, "");
            }
            sb.append('\n').append(t.render(ansi, width, "  "));
        }
        if (!s.failures().isEmpty()) {
            long all = s.failures().size() + s.failuresOmitted();
            sb.append('\n').append("  ").append(ansi.bold("Errors (" + all + "):")).append('\n');
            double first = s.timing().start();
            for (Summary.FailureEntry e : s.failures()) {
                Line line = new Line().plain("    ").add(Ansi.GRAY, TimeFormat.offset(e.timestamp() - first)).plain(" ");
                if (ids.size() > 1 && e.sessionId() != null) {
                    line.add(Ansi.DIM, e.sessionId()).plain(" ");
                }
                if (e.tool() != null) {
                    line.add(Ansi.WHITE, McpToolName.display(e.tool())).plain(" ");
                }
                line.add(Ansi.RED, Line.clip(Markdown.oneLine(e.message()), 200));
                sb.append(line.render(ansi, width)).append('\n');
            }
            if (s.failuresOmitted() > 0) {
                sb.append("    ... and ").append(s.failuresOmitted()).append(" more\n");
            }
        }
        sb.append('\n');
        return sb.toString();
    }

    /** A labelled row; a value too long for the width wraps under itself rather than being cut. */
    private static void row(StringBuilder sb, Ansi ansi, int width, String label, String value, String style) {
        String pad = "              ";
        List<String> lines = Paragraph.lines(value, width > 0 ? Math.max(20, width - pad.length() - 2) : 0);
        for (int i = 0; i < lines.size(); i++) {
            String key = i == 0 ? label + pad.substring(Math.min(pad.length() - 1, label.length())) : pad;
            sb.append(new Line().plain("  " + key).add(style, lines.get(i)).render(ansi, width)).append('\n');
        }
    }

    static Map<String, Object> toJson(SessionView view, Summary s, List<Summary.ToolStats> tools, String pricesAsOf) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("session", view.meta().toJson());
        root.put("status", view.status().word());
        root.put("sessions", s.sessions());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("events", s.events());
        totals.put("tool_calls", s.toolCalls());
        totals.put("tool_results", s.answers());
        totals.put("unmatched_results", s.unmatched());
        totals.put("llm_turns", s.turns());
        totals.put("user_prompts", s.prompts());
        totals.put("errors", s.errors());
        totals.put("error_events", s.errorEvents());
        totals.put("interrupted_calls", s.interrupted());
        totals.put("pending_calls", s.pending());
        totals.put("retries", s.retries());
        totals.put("tokens", s.tokens());
        totals.put("usage", s.usage().toJson());
        totals.put("cost_usd", PriceTable.roundUsd(s.costUsd()));
        totals.put("llm_turns_with_usage", s.turnsWithUsage());
        totals.put("unpriced_models", s.unpricedModels());
        totals.put("prices_as_of", pricesAsOf);
        totals.put("span_ms", Double.isNaN(s.timing().start()) ? null : round(s.timing().spanMs()));
        totals.put("active_ms", Double.isNaN(s.timing().start()) ? null : round(s.timing().activeMs()));
        root.put("totals", totals);
        List<Object> toolList = new ArrayList<>();
        for (Summary.ToolStats t : tools) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("calls", t.calls());
            m.put("errors", t.errors());
            m.put("timed", t.timed());
            m.put("total_ms", round(t.totalMs()));
            m.put("avg_ms", round(t.avgMs()));
            m.put("p50_ms", round(t.p50Ms()));
            m.put("p95_ms", round(t.p95Ms()));
            m.put("max_ms", round(t.maxMs()));
            toolList.add(m);
        }
        root.put("tools", toolList);
        List<Object> errors = new ArrayList<>();
        for (Summary.FailureEntry e : s.failures()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timestamp", e.timestamp());
            m.put("session_id", e.sessionId());
            m.put("event", e.number());
            m.put("tool_name", e.tool());
            m.put("message", e.message());
            errors.add(m);
        }
        root.put("errors", errors);
        root.put("errors_omitted", s.failuresOmitted());
        return root;
    }

    private static Double round(double ms) {
        return Double.isNaN(ms) ? null : Math.round(ms * 1000.0) / 1000.0;
    }
}
