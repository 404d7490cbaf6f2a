package io.github.agentstrace.analysis;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.session.Outcome;
import io.github.agentstrace.session.Phase;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.redact.MetadataOnly;
import io.github.agentstrace.redact.Privacy;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import io.github.agentstrace.term.Paragraph;
import io.github.agentstrace.term.Plural;
import io.github.agentstrace.term.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code explain}: the story of a session by phase (each user prompt opens one): what was used, read,
 * written, edited and run, what failed and why, which subagents were started, what the model turns
 * cost; then the session's totals, including the time and money spent on failed phases and retried
 * calls, and the slowest calls. Built from the session model, rendered as text or JSON.
 */
public final class Explanation {
    /** Items listed per kind in text (JSON lists what the model kept). */
    static final int FILES_SHOWN = 5;
    static final int COMMANDS_SHOWN = 8;
    static final int FAILURES_SHOWN = 5;
    private static final int LABEL = 72;
    private static final int KEY = 10;

    private final SessionView view;

    private Explanation(SessionView view) {
        this.view = view;
    }

    /** The explanation of a session read with its subagents and phases. */
    public static Explanation of(SessionView view) {
        return new Explanation(view);
    }

    /** Time and money spent for nothing: failed phases whole, and failed calls that were done again. */
    record Waste(double ms, double costUsd) {
    }

    Waste waste() {
        double ms = 0;
        double cost = 0;
        for (Phase p : view.phases()) {
            if (p.failed()) {
                ms += p.durationMs();
                cost += p.costWithSubagents();
            } else {
                ms += p.summary().retriedMs();
            }
        }
        return new Waste(ms, cost);
    }

    // ---- JSON ----

    /**
     * The session's headline facts, the first keys of {@link #toJson()} (who, how long, how many calls,
     * errors, turns, tokens and dollars, with its subagents): what a listing of sessions shows of each. It
     * needs no phases, so a view read without them will do.
     */
    public Map<String, Object> headline() {
        Summary own = view.summary();
        Summary tree = view.tree();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", view.id());
        m.put("agent", view.meta().agentName());
        m.put("source", view.source().word());
        m.put("status", view.status().word());
        m.put("model", view.model());
        m.put("cwd", view.cwd());
        m.put("duration_ms", round(own.timing().spanMs()));
        m.put("active_ms", round(own.timing().activeMs()));
        m.put("events", own.events());
        m.put("prompts", own.prompts());
        m.put("tool_calls", tree.toolCalls());
        m.put("errors", tree.errors());
        m.put("llm_turns", tree.turns());
        m.put("tokens", tree.tokens());
        m.put("cost_usd", PriceTable.roundUsd(tree.costUsd()));
        m.put("subagent_sessions", tree.sessions().size() - 1);
        Provenance pv = view.provenance();
        if (pv != null) { // sessions recorded before provenance existed have neither key
            m.put("privacy", pv.privacy());
            if (pv.headline() != null) {
                m.put("git", pv.headline());
            }
        }
        return m;
    }

    public Map<String, Object> toJson() {
        Summary own = view.summary();
        Summary tree = view.tree();
        Map<String, Object> m = headline();
        List<Object> phases = new ArrayList<>();
        for (Phase p : view.phases()) {
            phases.add(phaseJson(p, own.timing().start()));
        }
        m.put("phases", phases);
        Map<String, Object> totals = new LinkedHashMap<>();
        Summary.Files f = tree.files();
        totals.put("files_touched", f.touched());
        totals.put("files_read", f.readCount());
        totals.put("files_written", f.writtenCount());
        totals.put("files_edited", f.editedCount());
        totals.put("retries", tree.retries());
        Waste w = waste();
        totals.put("wasted_ms", round(w.ms()));
        totals.put("wasted_cost_usd", PriceTable.roundUsd(w.costUsd()));
        List<Object> slow = new ArrayList<>();
        for (Call c : own.slowest()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("event", c.number());
            s.put("tool", c.tool());
            s.put("subject", c.subject().describe());
            s.put("duration_ms", round(c.durationOrZero()));
            s.put("outcome", c.outcome().word());
            slow.add(s);
        }
        totals.put("slowest_calls", slow);
        m.put("totals", totals);
        return m;
    }

    private Map<String, Object> phaseJson(Phase p, double origin) {
        Summary s = p.summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", p.index() + 1);
        m.put("label", p.label());
        m.put("prompt_event", p.promptNumber() == 0 ? null : p.promptNumber());
        m.put("start_offset_ms", offsetMs(p.start(), origin));
        m.put("end_offset_ms", offsetMs(p.end(), origin));
        m.put("duration_ms", round(p.durationMs()));
        m.put("failed", p.failed());
        List<Object> tools = new ArrayList<>();
        for (Summary.ToolStats t : byCalls(s.tools())) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("name", t.name());
            tm.put("calls", t.calls());
            tm.put("errors", t.errors());
            tools.add(tm);
        }
        m.put("tools", tools);
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("read", s.files().read());
        files.put("written", s.files().written());
        files.put("edited", s.files().edited());
        m.put("files", files);
        List<Object> commands = new ArrayList<>();
        for (Summary.CommandRun r : s.commands()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("event", r.number());
            c.put("command", r.command());
            c.put("program", r.program());
            c.put("outcome", r.outcome().word());
            c.put("retry", r.retry());
            commands.add(c);
        }
        m.put("commands", commands);
        m.put("commands_omitted", s.commandsOmitted());
        List<Object> failures = new ArrayList<>();
        for (Summary.FailureEntry e : s.failures()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("event", e.number());
            fm.put("tool", e.tool());
            fm.put("message", e.message());
            failures.add(fm);
        }
        m.put("failures", failures);
        List<Object> subagents = new ArrayList<>();
        for (SessionView.Child c : p.subagents()) {
            Summary t = c.view().tree();
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("session_id", c.view().id());
            sm.put("agent", c.view().meta().agentName());
            sm.put("spawned_by_event", c.spawnedBy() == 0 ? null : c.spawnedBy());
            sm.put("tool_calls", t.toolCalls());
            sm.put("errors", t.errors());
            sm.put("duration_ms", round(c.view().summary().timing().spanMs()));
            sm.put("tokens", t.tokens());
            sm.put("cost_usd", PriceTable.roundUsd(t.costUsd()));
            subagents.add(sm);
        }
        m.put("subagents", subagents);
        m.put("llm_turns", s.turns());
        m.put("tokens", p.tokensWithSubagents());
        m.put("cost_usd", PriceTable.roundUsd(p.costWithSubagents()));
        return m;
    }

    // ---- text ----

    /** The explanation as text, every line at most {@code width} columns (0: no limit). */
    public String text(Ansi a, int width) {
        Summary own = view.summary();
        Summary tree = view.tree();
        StringBuilder sb = new StringBuilder("\n");
        String head = "Session " + view.id() + ": " + (view.meta().agentName().isEmpty() ? "" : view.meta().agentName()
                + ", ") + Units.duration(own.timing().spanMs()) + ", " + view.status().word();
        sb.append(new Line().add(Ansi.BOLD, head).render(a, width)).append('\n');
        String counts = Plural.count(own.prompts(), "prompt") + ", " + Plural.count(tree.toolCalls(), "tool call") + ", "
                + Plural.count(tree.errors(), "error") + ", " + Plural.count(tree.turns(), "LLM turn") + ", "
                + (tree.turnsWithUsage() > 0 ? Plural.count(tree.tokens(), "token") + ", " + Units.usd(tree.costUsd())
                : "no token usage recorded");
        paragraph(sb, a, width, "  ", counts, "");
        if (tree.sessions().size() > 1) {
            paragraph(sb, a, width, "  ", "(with " + Plural.count(tree.sessions().size() - 1, "subagent session") + ")",
                    Ansi.DIM);
        }
        Provenance pv = view.provenance();
        if (pv != null && pv.describeGit() != null) {
            String changes = pv.describeChanges();
            paragraph(sb, a, width, "  ", "git: " + pv.describeGit() + (changes == null ? "" : "; " + changes), Ansi.DIM);
        }
        if (view.privacy() == Privacy.METADATA) {
            paragraph(sb, a, width, "  ", "prompts, tool inputs and outputs, answers: "
                    + MetadataOnly.notKeptText(), Ansi.DIM);
        }
        double origin = own.timing().start();
        int n = view.phases().size();
        for (Phase p : view.phases()) {
            sb.append('\n');
            phaseText(sb, a, width, p, n, origin);
        }
        sb.append('\n').append(new Line().add(Ansi.BOLD, "Totals").render(a, width)).append('\n');
        Summary.Files f = tree.files();
        row(sb, a, width, "Files", f.touched() == 0 ? "none touched" : f.touched() + " touched: " + f.readCount()
                + " read, " + f.writtenCount() + " written, " + f.editedCount() + " edited", "");
        row(sb, a, width, "Retries", tree.retries() == 0 ? "none" : Plural.count(tree.retries(), "call")
                + " repeated a failed one", "");
        Waste w = waste();
        row(sb, a, width, "Wasted", w.ms() == 0 && w.costUsd() == 0 ? "nothing (no failed phase, no retried call)"
                : Units.duration(w.ms()) + (w.costUsd() > 0 ? ", " + Units.usd(w.costUsd()) : "")
                + " in failed phases and retried calls", w.ms() > 0 ? Ansi.YELLOW : "");
        if (own.timing().idleMs() > 0) {
            row(sb, a, width, "Idle", Units.duration(own.timing().idleMs()) + " waiting (active "
                    + Units.duration(own.timing().activeMs()) + ")", Ansi.DIM);
        }
        List<String> slow = new ArrayList<>();
        for (Call c : own.slowest()) {
            String what = c.subject().describe();
            slow.add("#" + c.number() + " " + McpToolName.display(c.tool()) + " " + Units.duration(c.durationOrZero())
                    + (c.outcome() == Outcome.OK ? "" : " (" + c.outcome().word() + ")")
                    + (what.isEmpty() ? "" : "  " + oneLine(view.shortPath(what))));
        }
        if (!slow.isEmpty()) {
            list(sb, a, width, "Slowest", slow, slow.size(), "");
        }
        sb.append('\n');
        return sb.toString();
    }

    private void phaseText(StringBuilder sb, Ansi a, int width, Phase p, int count, double origin) {
        Summary s = p.summary();
        Line title = new Line().add(Ansi.BOLD, "Phase " + (p.index() + 1) + (count > 1 ? " of " + count : "") + ": ")
                .add(Ansi.BOLD, Line.clip(p.label(), LABEL));
        if (p.failed()) {
            title.plain("  ").add(Ansi.RED + Ansi.BOLD, "FAILED");
        }
        sb.append(title.render(a, width)).append('\n');
        String when = (Double.isNaN(p.start()) ? "" : "+" + Units.duration(offsetMsRaw(p.start(), origin)) + " → +"
                + Units.duration(offsetMsRaw(p.end(), origin)) + " (" + Units.duration(p.durationMs()) + ")");
        if (!when.isEmpty()) {
            sb.append(new Line().add(Ansi.GRAY, "  " + when + (p.promptNumber() > 0 ? ", prompt #" + p.promptNumber()
                    : "")).render(a, width)).append('\n');
        }
        List<String> tools = new ArrayList<>();
        for (Summary.ToolStats t : byCalls(s.tools())) {
            if (t.calls() > 0) {
                tools.add(McpToolName.display(t.name()) + (t.calls() > 1 ? " ×" + t.calls() : ""));
            }
        }
        if (!tools.isEmpty()) {
            paragraphRow(sb, a, width, "Tools", String.join(", ", tools));
        }
        files(sb, a, width, "Read", s.files().read(), s.files().readCount());
        files(sb, a, width, "Wrote", s.files().written(), s.files().writtenCount());
        files(sb, a, width, "Edited", s.files().edited(), s.files().editedCount());
        if (!s.commands().isEmpty()) {
            List<String> ran = new ArrayList<>();
            List<String> styles = new ArrayList<>();
            for (Summary.CommandRun r : s.commands()) {
                String mark = r.outcome() == Outcome.FAILED ? "  ✗" : r.outcome() == Outcome.OK ? ""
                        : "  (" + r.outcome().word() + ")";
                ran.add("$ " + oneLine(r.command()) + mark + (r.retry() ? "  ← retry" : ""));
                styles.add(r.outcome() == Outcome.FAILED ? Ansi.RED : r.retry() ? Ansi.YELLOW : "");
            }
            list(sb, a, width, "Ran", ran, s.commands().size() + s.commandsOmitted(), styles);
        }
        if (!s.failures().isEmpty()) {
            List<String> failed = new ArrayList<>();
            for (Summary.FailureEntry e : s.failures()) {
                failed.add("#" + e.number() + (e.tool() == null ? "" : " " + McpToolName.display(e.tool())) + ": "
                        + oneLine(e.message()));
            }
            list(sb, a, width, "Failed", failed.subList(0, Math.min(FAILURES_SHOWN, failed.size())),
                    s.failures().size() + s.failuresOmitted(), Ansi.RED);
        }
        for (SessionView.Child c : p.subagents()) {
            Summary t = c.view().tree();
            String agent = c.view().meta().agentName();
            String line = c.view().id() + (agent.isEmpty() ? "" : " " + agent) + ": " + Plural.count(t.toolCalls(), "call")
                    + ", " + (t.errors() == 0 ? "no errors" : Plural.count(t.errors(), "error")) + ", "
                    + Units.duration(c.view().summary().timing().spanMs())
                    + (t.turnsWithUsage() > 0 ? ", " + Units.usd(t.costUsd()) : "")
                    + (c.spawnedBy() > 0 ? " (started by #" + c.spawnedBy() + ")" : "");
            paragraphRow(sb, a, width, "Subagent", line);
        }
        if (s.turns() > 0 || p.tokensWithSubagents() > 0) {
            row(sb, a, width, "LLM", Plural.count(s.turns(), "turn") + (p.tokensWithSubagents() > 0
                    ? ", " + Plural.count(p.tokensWithSubagents(), "token") + ", " + Units.usd(p.costWithSubagents()) : ""),
                    "");
        }
    }

    private void files(StringBuilder sb, Ansi a, int width, String key, List<String> kept, long count) {
        if (count == 0) {
            return;
        }
        List<String> shown = new ArrayList<>();
        for (String path : kept) {
            shown.add(view.shortPath(path));
        }
        list(sb, a, width, key, shown, count, "");
    }

    private static void list(StringBuilder sb, Ansi a, int width, String key, List<String> items, long count,
                             String style) {
        List<String> styles = new ArrayList<>();
        items.forEach(i -> styles.add(style));
        list(sb, a, width, key, items, count, styles);
    }

    /** One item per line under a key, at most a few, then {@code +N more}. */
    private static void list(StringBuilder sb, Ansi a, int width, String key, List<String> items, long count,
                             List<String> styles) {
        int max = key.equals("Ran") ? COMMANDS_SHOWN : key.equals("Failed") ? FAILURES_SHOWN : FILES_SHOWN;
        int shown = Math.min(max, items.size());
        for (int i = 0; i < shown; i++) {
            String k = i == 0 ? key : "";
            row(sb, a, width, k, items.get(i), styles.get(i));
        }
        if (count > shown) {
            row(sb, a, width, "", "+" + (count - shown) + " more", Ansi.DIM);
        }
    }

    private static void row(StringBuilder sb, Ansi a, int width, String key, String value, String style) {
        sb.append(new Line().plain("  ").add(Ansi.DIM, pad(key)).plain(" ").add(style, value).render(a, width))
                .append('\n');
    }

    /** A value that may run long, wrapped under its key rather than cut. */
    private static void paragraphRow(StringBuilder sb, Ansi a, int width, String key, String value) {
        int room = width > 0 ? Math.max(20, width - KEY - 3) : 0;
        List<String> lines = Paragraph.lines(value, room);
        for (int i = 0; i < lines.size(); i++) {
            row(sb, a, width, i == 0 ? key : "", lines.get(i), "");
        }
    }

    private static void paragraph(StringBuilder sb, Ansi a, int width, String indent, String text, String style) {
        for (String line : Paragraph.lines(text, width > 0 ? Math.max(20, width - indent.length()) : 0)) {
            sb.append(indent).append(style.isEmpty() ? line : a.style(style, line)).append('\n');
        }
    }

    private static String pad(String key) {
        return key + " ".repeat(Math.max(0, KEY - key.length()));
    }

    private static List<Summary.ToolStats> byCalls(List<Summary.ToolStats> tools) {
        List<Summary.ToolStats> sorted = new ArrayList<>(tools);
        sorted.sort((x, y) -> Long.compare(y.calls(), x.calls()));
        return sorted;
    }

    private static String oneLine(String s) {
        return s == null ? "" : Line.clip(Texts.oneLine(s.length() > 2000 ? s.substring(0, 2000) : s), 300);
    }

    private static Double offsetMs(double t, double origin) {
        return Double.isNaN(t) || Double.isNaN(origin) ? null : round(offsetMsRaw(t, origin));
    }

    private static double offsetMsRaw(double t, double origin) {
        return Math.max(0, (t - origin) * 1000.0);
    }

    private static Double round(double ms) {
        return Double.isNaN(ms) ? null : Math.round(ms * 1000.0) / 1000.0;
    }
}
