package io.github.agentstrace.replay;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code stats}: the session summary, then per tool calls, errors and total/avg/p50/p95/max durations
 * (nearest-rank percentiles over the calls that got an answer, failures included), then the failures
 * with their messages from whichever field holds them. Streams each events file once.
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

        Comparator<SessionStats.ToolStats> comparator() {
            Comparator<SessionStats.ToolStats> byName = Comparator.comparing(t -> t.name);
            return switch (this) {
                case CALLS -> Comparator.<SessionStats.ToolStats>comparingLong(t -> -t.calls).thenComparing(byName);
                case TIME -> Comparator.<SessionStats.ToolStats>comparingDouble(t -> -t.total()).thenComparing(byName);
                case ERRORS -> Comparator.<SessionStats.ToolStats>comparingLong(t -> -t.errors).thenComparing(byName);
                case NAME -> byName;
            };
        }
    }

    private final TraceStore store;
    private final Consumer<String> warnings;

    public Stats(TraceStore store, Consumer<String> warnings) {
        this.store = store;
        this.warnings = warnings;
    }

    /**
     * Computes and prints the statistics of a session (with its subagent sessions when asked).
     *
     * @param width columns for the error lines; 0: no limit
     */
    public void print(String sessionId, boolean includeSubagents, Sort sort, boolean json, PrintStream out, Ansi ansi,
                      int width, double nowSeconds) {
        SessionMeta meta = store.readMeta(sessionId);
        List<String> ids = includeSubagents ? new SessionTree(store, warnings).sessionIds(sessionId) : List.of(sessionId);
        SessionStats s = new SessionStats();
        for (String id : ids) {
            s.beginSession();
            store.reader(id, warnings).forEach((TraceEvent e) -> s.accept(e));
            s.endSession();
        }
        List<SessionStats.ToolStats> tools = new ArrayList<>(s.tools.values());
        tools.sort(sort.comparator());
        if (json) {
            out.println(Json.writePretty(toJson(meta, ids, s, tools)));
        } else {
            out.print(text(meta, ids, s, tools, ansi, width, nowSeconds));
        }
    }

    static String text(SessionMeta meta, List<String> ids, SessionStats s, List<SessionStats.ToolStats> tools, Ansi ansi,
                       int width, double nowSeconds) {
        StringBuilder sb = new StringBuilder(SessionSummary.render(meta, ansi, width, nowSeconds));
        sb.append('\n');
        if (ids.size() > 1) {
            sb.append(new Line().plain("  Aggregated over " + ids.size() + " sessions: " + String.join(", ", ids))
                    .render(ansi, width)).append("\n\n");
        }
        sb.append(String.format(Locale.ROOT, "  Events:     %d (tool calls %d, results %d, LLM requests %d, prompts %d)%n",
                s.events, s.toolCalls, s.toolResults, s.llmRequests, s.prompts));
        String failures = String.format(Locale.ROOT, "%d (error events %d, failed results %d)", s.failures(), s.errors,
                s.failedResults);
        sb.append("  Failures:   ").append(s.failures() > 0 ? ansi.red(failures) : failures).append('\n');
        if (s.tokens > 0) {
            sb.append(String.format(Locale.ROOT, "  Tokens:     %,d%n", s.tokens));
        }
        if (s.usage.turns() > 0) {
            String unpriced = s.usage.unknownModels().isEmpty() ? ""
                    : ", not priced: " + String.join(", ", s.usage.unknownModels());
            sb.append(String.format(Locale.ROOT, "  Cost:       $%.4f (%d LLM turns with usage, prices as of %s%s; details: cost)%n",
                    s.usage.dollars(), s.usage.turns(), s.usage.pricesAsOf(), unpriced));
        }
        if (s.pending > 0) {
            sb.append("  Pending:    ").append(ansi.yellow(s.pending + (s.pending == 1 ? " call" : " calls")
                    + " without an answer")).append('\n');
        }
        if (!tools.isEmpty()) {
            int nameWidth = 4;
            for (SessionStats.ToolStats t : tools) {
                nameWidth = Math.max(nameWidth, Line.width(Tools.displayName(t.name)));
            }
            nameWidth = Math.min(nameWidth, 32);
            sb.append('\n');
            sb.append("  ").append(ansi.dim(String.format(Locale.ROOT, "%-" + nameWidth + "s %6s %6s %9s %9s %9s %9s %9s",
                    "Tool", "calls", "errors", "total", "avg", "p50", "p95", "max"))).append('\n');
            for (SessionStats.ToolStats t : tools) {
                String name = Tools.displayName(t.name);
                if (Line.width(name) > nameWidth) {
                    name = Line.cut(name, nameWidth - 1) + "…";
                }
                String errors = String.format(Locale.ROOT, "%6d", t.errors);
                sb.append("  ").append(name).append(" ".repeat(Math.max(0, nameWidth - Line.width(name))))
                        .append(String.format(Locale.ROOT, " %6d ", t.calls))
                        .append(t.errors > 0 ? ansi.red(errors) : errors)
                        .append(String.format(Locale.ROOT, " %9s %9s %9s %9s %9s", ms(t.timed() == 0 ? Double.NaN : t.total()),
                                ms(t.avg()), ms(t.percentile(50)), ms(t.percentile(95)), ms(t.max())))
                        .append('\n');
            }
        }
        if (!s.errorList.isEmpty()) {
            sb.append('\n').append("  ").append(ansi.bold("Errors (" + s.failures() + "):")).append('\n');
            for (SessionStats.ErrorEntry e : s.errorList) {
                Line line = new Line().plain("    ").add(Ansi.GRAY, TimeFormat.offset(e.timestamp() - s.first)).plain(" ");
                if (ids.size() > 1 && e.sessionId() != null) {
                    line.add(Ansi.DIM, e.sessionId()).plain(" ");
                }
                if (e.toolName() != null) {
                    line.add(Ansi.WHITE, Tools.displayName(e.toolName())).plain(" ");
                }
                line.add(Ansi.RED, Line.clip(Markdown.oneLine(e.message()), 200));
                sb.append(line.render(ansi, width)).append('\n');
            }
            if (s.failures() > s.errorList.size()) {
                sb.append("    ... and ").append(s.failures() - s.errorList.size()).append(" more\n");
            }
        }
        sb.append('\n');
        return sb.toString();
    }

    static Map<String, Object> toJson(SessionMeta meta, List<String> ids, SessionStats s, List<SessionStats.ToolStats> tools) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("session", meta.toJson());
        root.put("sessions", ids);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("events", s.events);
        totals.put("tool_calls", s.toolCalls);
        totals.put("tool_results", s.toolResults);
        totals.put("llm_requests", s.llmRequests);
        totals.put("llm_responses", s.llmResponses);
        totals.put("user_prompts", s.prompts);
        totals.put("error_events", s.errors);
        totals.put("failed_results", s.failedResults);
        totals.put("failures", s.failures());
        totals.put("tokens", s.tokens);
        if (s.usage.turns() > 0) {
            totals.put("cost_usd", Math.round(s.usage.dollars() * 1e6) / 1e6);
            totals.put("unpriced_models", new ArrayList<>(s.usage.unknownModels()));
        }
        totals.put("pending_calls", s.pending);
        totals.put("span_ms", Double.isNaN(s.first) ? null : round((s.last - s.first) * 1000.0));
        root.put("totals", totals);
        List<Object> toolList = new ArrayList<>();
        for (SessionStats.ToolStats t : tools) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name);
            m.put("calls", t.calls);
            m.put("errors", t.errors);
            m.put("timed", (long) t.timed());
            m.put("total_ms", t.timed() == 0 ? null : round(t.total()));
            m.put("avg_ms", round(t.avg()));
            m.put("p50_ms", round(t.percentile(50)));
            m.put("p95_ms", round(t.percentile(95)));
            m.put("max_ms", round(t.max()));
            toolList.add(m);
        }
        root.put("tools", toolList);
        List<Object> errors = new ArrayList<>();
        for (SessionStats.ErrorEntry e : s.errorList) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timestamp", e.timestamp());
            m.put("session_id", e.sessionId());
            m.put("tool_name", e.toolName());
            m.put("message", e.message());
            errors.add(m);
        }
        root.put("errors", errors);
        root.put("errors_omitted", s.failures() - s.errorList.size());
        return root;
    }

    private static Double round(double ms) {
        return Double.isNaN(ms) ? null : Math.round(ms * 1000.0) / 1000.0;
    }

    private static String ms(double ms) {
        return Double.isNaN(ms) ? "-" : TimeFormat.duration(ms);
    }
}
