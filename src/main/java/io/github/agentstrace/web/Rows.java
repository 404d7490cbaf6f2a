package io.github.agentstrace.web;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.MetadataOnly;
import io.github.agentstrace.model.Usage;
import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.session.Results;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.session.ToolKind;
import io.github.agentstrace.session.Turn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects a session tree's steps as the page's rows: one row per call (its call and answer together), per
 * LLM turn, per prompt, per answer to the user, per error that answers nothing and per other event. A row is
 * a compact array (see {@link PageData#COLUMNS}) so that the page holds each event once, and its long texts
 * are cut with the one truncation rule so that the page stays smaller than the session's NDJSON.
 *
 * <p>Sessions are numbered as the reading begins them (the session, then its subagents depth first), which
 * is the order of {@link io.github.agentstrace.session.SessionView#flatten()}.
 */
final class Rows implements SessionListener {
    /** Classes of replay's {@code --filter}, as bits (see docs/web.md). */
    static final int ERROR = 1;
    static final int SHELL = 2;
    static final int FILE = 4;
    static final int MCP = 8;
    static final int LLM = 16;
    static final int PROMPT = 32;

    /** How much of one text (an output, an argument, a prompt) the page keeps. */
    static final int KEEP = 4000;

    /** A row and where it sits: its session (lane), event number and start time. */
    record Row(int lane, long number, double start, List<Object> cells) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<SessionMeta> lanes = new ArrayList<>();
    private int lane = -1;

    @Override
    public void begin(SessionMeta meta, int depth) {
        lanes.add(meta);
        lane = lanes.size() - 1;
    }

    @Override
    public void step(Step step) {
        if (step.waiting()) {
            return; // an answer read before its call: the step that completes it comes later
        }
        TraceEvent e = step.event();
        if (step.call() != null) {
            call(step);
        } else if (step.turn() != null) {
            turn(step);
        } else if (step.standaloneError()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("error", cut(step.failure().message()));
            add(step.number(), e.timestamp(), "e", step.durationMs(), "failed", step.tool(),
                    Texts.oneLine(String.valueOf(nonNull(step.failure().message(), "error"))), classes(e, step.tool(), true),
                    detail);
        } else if (e.kind() == EventType.TOOL_CALL || e.kind() == EventType.LLM_REQUEST) {
            // still open: its answer (or the end of the session) completes it in a later step
        } else if (e.kind() == EventType.USER_PROMPT) {
            String text = textOf(e.data(), "prompt", "text", "content");
            add(step.number(), e.timestamp(), "p", null, null, null, Texts.cut(Texts.oneLine(text), 300),
                    PROMPT, Map.of("text", cut(text)));
        } else if (e.kind() == EventType.ASSISTANT_RESPONSE) {
            String text = textOf(e.data(), "text", "content", "message");
            add(step.number(), e.timestamp(), "a", null, null, null, Texts.cut(Texts.oneLine(text), 300),
                    PROMPT, Map.of("text", cut(text)));
        } else {
            boolean failed = step.failure().failed();
            add(step.number(), e.timestamp(), "x", step.durationMs(), failed ? "failed" : null, e.type(),
                    Texts.cut(Texts.oneLine(summaryOf(e)), 300), classes(e, step.tool(), failed),
                    Map.of("data", trimmed(e.data())));
        }
    }

    private void call(Step step) {
        Call c = step.call();
        TraceEvent callEvent = step.event().kind() == EventType.TOOL_CALL ? step.event()
                : step.partner() != null && step.partner().kind() == EventType.TOOL_CALL ? step.partner() : null;
        TraceEvent answer = callEvent == step.event() ? step.partner() : step.event();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("kind", c.subject().kind().name().toLowerCase(Locale.ROOT));
        if (callEvent != null) {
            Object args = callEvent.data().get("arguments");
            if (args == null) {
                args = callEvent.data().get("tool_input");
            }
            detail.put("args", args == null ? null : trimmed(args));
        }
        if (answer != null) {
            detail.put("result", orNotKept(cut(Results.text(answer.data())), answer.data()));
        }
        if (c.failure().failed()) {
            detail.put("label", c.failure().label());
            detail.put("error", cut(c.failure().message()));
        }
        if (c.retry()) {
            detail.put("retry_of", c.retryOf());
        }
        if (c.answerNumber() > 0) {
            detail.put("answer", c.answerNumber());
        }
        if (c.subject().mcpServer() != null) {
            detail.put("mcp", c.subject().mcpServer() + "/" + c.subject().mcpTool());
        }
        // As replay filters: the call event never counts as failed, its answer does when it reports a failure.
        int cls = classes(callEvent, c.tool(), false) | (answer == null ? 0 : classes(answer, c.tool(), c.failure().failed()));
        long number = c.number() > 0 ? c.number() : c.answerNumber();
        add(number, c.start(), "c", c.durationMs(), c.outcome().word(), c.tool(),
                Texts.cut(c.subject().describe(), 300), cls, detail);
    }

    private void turn(Step step) {
        Turn t = step.turn();
        TraceEvent request = step.event().kind() == EventType.LLM_REQUEST ? step.event()
                : step.partner() != null && step.partner().kind() == EventType.LLM_REQUEST ? step.partner() : null;
        TraceEvent response = request == step.event() ? step.partner() : step.event();
        Map<String, Object> detail = new LinkedHashMap<>();
        Usage u = t.usage();
        if (u != null) {
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("input", u.inputTokens());
            usage.put("output", u.outputTokens());
            usage.put("cache_read", u.cacheReadTokens());
            usage.put("cache_write", u.cacheWriteTokens());
            usage.put("total", u.total());
            detail.put("usage", usage);
        }
        detail.put("cost_usd", t.costUsd());
        if (request != null && request.data().get("message_count") instanceof Number n) {
            detail.put("messages", n);
        }
        if (response != null) {
            detail.put("preview", cut(textOf(response.data(), "content_preview", "content", "text")));
        }
        if (t.failure().failed()) {
            detail.put("error", cut(t.failure().message()));
        }
        String line = t.usage() != null ? t.usage().total() + " tokens" : "";
        int cls = LLM | (t.failure().failed() ? ERROR : 0);
        add(t.number(), t.start(), "l", t.durationMs(), t.outcome().word(), t.model(), line, cls, detail);
    }

    private void add(long number, double start, String kind, Double durationMs, String outcome, String tool,
                     String text, int classes, Map<String, Object> detail) {
        List<Object> cells = new ArrayList<>(11);
        cells.add(kind);
        cells.add(lane);
        cells.add(number);
        cells.add(0L); // start offset, filled in once the origin is known
        cells.add(durationMs == null ? null : Math.round(durationMs * 10) / 10.0);
        cells.add(outcome);
        cells.add(tool);
        cells.add(text);
        cells.add(0); // phase, filled in from the views
        cells.add(classes);
        cells.add(detail);
        rows.add(new Row(lane, number, start, cells));
    }

    /** The filter classes of one event, as replay's {@code EventFilter} defines them. */
    static int classes(TraceEvent e, String tool, boolean failed) {
        if (e == null) {
            return failed ? ERROR : 0;
        }
        EventType k = e.kind();
        boolean toolEvent = k == EventType.TOOL_CALL || k == EventType.TOOL_RESULT;
        int c = failed ? ERROR : 0;
        if ((toolEvent || k == EventType.ERROR) && ToolKind.of(tool) == ToolKind.SHELL) {
            c |= SHELL;
        }
        if (k == EventType.FILE_READ || k == EventType.FILE_WRITE || ((toolEvent || k == EventType.ERROR)
                && tool != null && (ToolKind.of(tool).touchesFiles() || tool.toLowerCase(Locale.ROOT).contains("file")))) {
            c |= FILE;
        }
        if (McpToolName.is(tool) || e.data().containsKey("mcp_method") || e.data().containsKey("request_id")) {
            c |= MCP;
        }
        if (k == EventType.LLM_REQUEST || k == EventType.LLM_RESPONSE) {
            c |= LLM;
        }
        if (k == EventType.USER_PROMPT || k == EventType.ASSISTANT_RESPONSE) {
            c |= PROMPT;
        }
        return c;
    }

    List<Row> rows() {
        return rows;
    }

    List<SessionMeta> lanes() {
        return lanes;
    }

    /** One line for an event that is neither a call, a turn nor a prompt. */
    private static String summaryOf(TraceEvent e) {
        Map<String, Object> d = e.data();
        for (String key : new String[] {"path", "file_path", "choice", "reason", "message", "mcp_method", "mode"}) {
            if (d.get(key) instanceof String s && !s.isBlank()) {
                if (key.equals("choice") && d.get("reason") instanceof String r && !r.isBlank()) {
                    return s + ": " + r;
                }
                return s;
            }
        }
        if (d.get("command") != null) {
            return Json.text(d.get("command"));
        }
        if (d.get("exit_code") != null) {
            return "exit " + Json.text(d.get("exit_code"));
        }
        return "";
    }

    private static String textOf(Map<String, Object> d, String... keys) {
        for (String k : keys) {
            Object v = d.get(k);
            if (v instanceof String s) {
                return s;
            }
            if (v != null) {
                return Results.of(v);
            }
        }
        return orNotKept("", d);
    }

    /** {@code text}, or, when it is empty because the session's privacy tier did not keep it, the page says so. */
    private static String orNotKept(String text, Map<String, Object> d) {
        return (text == null || text.isEmpty()) && !Json.asArray(d.get(MetadataOnly.NOT_KEPT)).isEmpty()
                ? MetadataOnly.notKeptText() : text;
    }

    private static Object nonNull(Object o, Object otherwise) {
        return o == null ? otherwise : o;
    }

    private static String cut(String s) {
        return Texts.cut(s, KEEP);
    }

    /** A JSON value with every string cut to {@link #KEEP} (its shape kept). */
    static Object trimmed(Object value) {
        return Texts.cutStrings(value, KEEP);
    }
}
