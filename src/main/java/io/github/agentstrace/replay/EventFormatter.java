package io.github.agentstrace.replay;

import io.github.agentstrace.term.Line;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.MetadataOnly;
import io.github.agentstrace.session.Outcome;
import io.github.agentstrace.session.Results;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.term.Ansi;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that turns an event into timeline lines: used by {@code replay} (all modes) and by
 * {@link LivePrinter} for {@code record -v}. Each event gets a title line
 * ({@code <time> <icon> <type> <name> <extras>}) and at most one detail line, indented under the title.
 * Lines never end in spaces and are cut to the width of the terminal.
 */
final class EventFormatter {
    private static final String BOLD = Ansi.BOLD;

    private final Ansi ansi;
    private final RenderOptions options;
    private final String indent;

    EventFormatter(Ansi ansi, RenderOptions options) {
        this.ansi = ansi;
        this.options = options;
        this.indent = " ".repeat(Math.max(16, options.time().columns() + 5) + options.numberColumns());
    }

    /** Appends the event's lines, each ending in a newline, to {@code sb}. */
    void format(Step r, double base, String prefix, StringBuilder sb) {
        TraceEvent e = r.event();
        Line title = new Line().add(Ansi.GRAY, prefix);
        number(title, r.number());
        title.add(Ansi.GRAY, options.time().format(e.timestamp(), base)).plain(" ");
        Map<String, Object> d = e.data();
        String detail = null;
        String detailStyle = Ansi.GRAY;
        EventType kind = e.kind();
        if (kind == null) {
            title.add(Ansi.GRAY, "·").word(BOLD, e.type());
            detail = d.isEmpty() ? null : Json.write(d);
        } else {
            switch (kind) {
                case SESSION_START -> {
                    title.add(Ansi.GREEN, "▶").word(Ansi.GREEN + BOLD, "session_start");
                    Object cmd = d.get("command");
                    String command = cmd instanceof List<?> l ? join(l) : cmd instanceof String s ? s : null;
                    title.word(Ansi.DIM, command);
                    title.word(Ansi.DIM, keyed("agent", d.get("agent_name")));
                    title.word(Ansi.DIM, keyed("model", d.get("model")));
                    title.word(Ansi.DIM, keyed("source", d.get("source")));
                    if ("off".equals(d.get("redaction"))) {
                        title.word(Ansi.YELLOW, "redaction=off");
                    }
                }
                case SESSION_END -> {
                    title.add(Ansi.GREEN, "■").word(Ansi.GREEN + BOLD, "session_end");
                    if (d.get("exit_code") instanceof Number n) {
                        title.word(n.longValue() == 0 ? Ansi.DIM : Ansi.RED, "exit=" + Json.formatNumber(n));
                    }
                    title.word(Ansi.DIM, keyed("reason", d.get("reason")));
                    Double dur = e.durationMs() != null ? e.durationMs()
                            : d.get("duration_ms") instanceof Number n ? n.doubleValue() : null;
                    title.word(Ansi.DIM, dur == null ? null : "(" + TimeFormat.duration(dur) + ")");
                }
                case TOOL_CALL -> {
                    String name = r.tool() == null ? "?" : r.tool();
                    title.add(Ansi.CYAN, "→").word(Ansi.CYAN + BOLD, "tool_call").word(Ansi.WHITE, Tools.displayName(name));
                    if (Tools.isMcp(name)) {
                        title.word(Ansi.DIM, "[mcp]");
                    }
                    detail = Tools.callDetail(name, Json.asObject(d.get("arguments")));
                }
                case TOOL_RESULT -> {
                    boolean failed = r.failure().failed();
                    title.add(failed ? Ansi.RED : Ansi.BLUE, "←").word(failed ? Ansi.RED : Ansi.BLUE, "tool_result");
                    if (r.tool() != null) {
                        title.word(Ansi.DIM, Tools.displayName(r.tool()));
                    }
                    List<Object> types = Json.asArray(d.get("content_types"));
                    if (!types.isEmpty()) {
                        title.word(Ansi.DIM, "[" + joinComma(types) + "]");
                    }
                    duration(title, r);
                    if (failed) {
                        title.word(Ansi.RED + BOLD, r.failure().label());
                        detailStyle = Ansi.RED;
                    }
                    String text = Results.text(d);
                    if (text.isEmpty() && failed && r.failure().message() != null) {
                        text = r.failure().message();
                    }
                    detail = Markdown.strip(text);
                }
                case LLM_REQUEST -> {
                    title.add(Ansi.MAGENTA, "⬆").word(Ansi.MAGENTA + BOLD, "llm_request");
                    title.word(Ansi.DIM, Tools.str(d, "model"));
                    if (d.get("message_count") instanceof Number n) { // absent for turns read from transcripts
                        long count = n.longValue();
                        title.word(Ansi.DIM, "(" + count + (count == 1 ? " message)" : " messages)"));
                    }
                    Map<String, Object> last = Json.asObject(d.get("last_message"));
                    String preview = Tools.first(last, "content_preview", "content");
                    detail = preview != null ? quote(Markdown.oneLine(preview)) : null;
                }
                case LLM_RESPONSE -> {
                    boolean failed = r.failure().failed();
                    title.add(Ansi.MAGENTA, "⬇").word(failed ? Ansi.RED : Ansi.MAGENTA, "llm_response");
                    long tokens = tokens(d);
                    title.word(Ansi.DIM, tokens > 0 ? "(" + tokens + " tokens)" : null);
                    duration(title, r);
                    if (failed) {
                        title.word(Ansi.RED + BOLD, r.failure().label());
                        detailStyle = Ansi.RED;
                    }
                    String preview = Tools.first(d, "content_preview", "content", "text");
                    detail = preview == null ? null : Markdown.strip(preview);
                }
                case FILE_READ, FILE_WRITE -> {
                    boolean read = kind == EventType.FILE_READ;
                    title.add(Ansi.YELLOW, read ? "📖" : "📝").word(Ansi.YELLOW, e.type());
                    title.word(Ansi.DIM, Tools.first(d, "uri", "path", "file_path"));
                }
                case DECISION -> {
                    title.add(Ansi.WHITE, "◆").word(Ansi.WHITE + BOLD, "decision").word(Ansi.WHITE, Json.text(d.get("choice")));
                    String reason = Tools.str(d, "reason");
                    detail = reason == null ? null : "reason: " + Markdown.oneLine(reason);
                }
                case ERROR -> {
                    title.add(Ansi.RED, "✗").word(Ansi.RED + BOLD, "error");
                    if (r.tool() != null) {
                        title.word(Ansi.RED, Tools.displayName(r.tool()));
                    }
                    if (d.get("code") != null) {
                        title.word(Ansi.DIM, "(code: " + Json.text(d.get("code")) + ")");
                    }
                    duration(title, r);
                    String msg = r.failure().message();
                    detail = msg == null ? null : Markdown.strip(msg);
                    detailStyle = Ansi.RED;
                }
                case USER_PROMPT -> {
                    title.add(Ansi.GREEN, "👤").word(Ansi.GREEN + BOLD, "user_prompt");
                    String prompt = Tools.first(d, "prompt", "text", "content");
                    detail = prompt == null ? null : quote(Markdown.oneLine(prompt));
                }
                case ASSISTANT_RESPONSE -> {
                    title.add(Ansi.MAGENTA, "🤖").word(Ansi.MAGENTA + BOLD, "assistant_response");
                    String text = Markdown.strip(Tools.first(d, "text", "content", "message"));
                    detail = text.isEmpty() ? null : quote(text);
                }
                default -> title.word(BOLD, e.type());
            }
        }
        if ((detail == null || detail.isEmpty()) && !Json.asArray(d.get(MetadataOnly.NOT_KEPT)).isEmpty()) {
            // Content the session's privacy tier did not keep: say so rather than show nothing.
            detail = MetadataOnly.notKeptText();
            detailStyle = Ansi.DIM;
        }
        Object method = d.get("mcp_method");
        // The method is worth a word unless the title already says it (tools/call, a decision named after it).
        if (method instanceof String m && !m.equals("tools/call") && !m.equals(Json.text(d.get("choice")))) {
            title.word(Ansi.DIM, "(" + m + ")");
        }
        sb.append(title.render(ansi, options.width())).append('\n');
        if (detail != null && !detail.isEmpty()) {
            Line line = new Line().add(Ansi.GRAY, prefix).plain(indent).add(detailStyle, Line.clip(detail, options.strsize()));
            sb.append(line.render(ansi, options.width())).append('\n');
        }
        if (options.verbose()) {
            verbose(e, prefix, sb);
        }
    }

    /** A call never answered, listed when the session's events run out: pending, or interrupted when it is over. */
    void formatUnanswered(Step s, Outcome outcome, double base, String prefix, StringBuilder sb) {
        TraceEvent call = s.event();
        String type = call.type();
        String toolName = s.tool();
        boolean over = outcome == Outcome.INTERRUPTED;
        Line line = new Line().add(Ansi.GRAY, prefix);
        number(line, s.number());
        line.add(Ansi.GRAY, options.time().format(call.timestamp(), base)).plain(" ")
                .add(Ansi.YELLOW, "◌").word(Ansi.YELLOW + BOLD, over ? "interrupted" : "pending")
                .word(Ansi.DIM, type)
                .word(Ansi.WHITE, toolName == null ? null : Tools.displayName(toolName))
                .word(Ansi.DIM, type.equals("llm_request") ? "(no response)" : "(no result)");
        sb.append(line.render(ansi, options.width())).append('\n');
    }

    private void number(Line line, long n) {
        if (options.numbers()) {
            String text = "#" + n;
            line.add(Ansi.GRAY, "      ".substring(Math.min(6, text.length())) + text).plain(" ");
        }
    }

    private void verbose(TraceEvent e, String prefix, StringBuilder sb) {
        String pretty = Json.writePretty(e.toJson());
        for (String l : pretty.split("\n", -1)) {
            sb.append(ansi.gray(prefix)).append(indent).append(ansi.gray(l)).append('\n');
        }
    }

    private static void duration(Line title, Step r) {
        if (r.durationMs() != null) {
            title.word(Ansi.DIM, "(" + TimeFormat.duration(r.durationMs()) + ")");
        }
    }

    static long tokens(Map<String, Object> d) {
        if (d.get("total_tokens") instanceof Number n) {
            return n.longValue();
        }
        long in = d.get("input_tokens") instanceof Number n ? n.longValue() : 0;
        long out = d.get("output_tokens") instanceof Number n ? n.longValue() : 0;
        Map<String, Object> usage = Json.asObject(d.get("usage"));
        if (in == 0 && out == 0 && !usage.isEmpty()) {
            in = usage.get("input_tokens") instanceof Number n ? n.longValue() : 0;
            out = usage.get("output_tokens") instanceof Number n ? n.longValue() : 0;
        }
        return in + out;
    }

    private static String keyed(String key, Object value) {
        return value instanceof String s && !s.isEmpty() ? key + "=" + s : null;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String join(List<?> l) {
        StringBuilder sb = new StringBuilder();
        for (Object o : l) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(Json.text(o));
        }
        return sb.toString();
    }

    private static String joinComma(List<?> l) {
        StringBuilder sb = new StringBuilder();
        for (Object o : l) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(Json.text(o).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
