package io.github.agentstrace.analysis;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.session.Outcome;
import io.github.agentstrace.session.Phase;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import io.github.agentstrace.term.Paragraph;
import io.github.agentstrace.term.Plural;
import io.github.agentstrace.term.Table;
import io.github.agentstrace.term.Units;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code diff A B}: two sessions side by side. Their calls are aligned by a longest common subsequence of
 * call signatures (tool and normalised subject, as {@link Call#signature()}), their phases by their labels;
 * the diff shows where they first diverge, what only one of them did (tools, files, commands), a table of
 * the numbers that matter and a one-line verdict.
 */
public final class SessionDiff {
    /** Differences beyond which calls are not aligned one by one (phases and numbers still are). */
    static final int MAX_EDITS = 4000;
    /** Longest signature kept per call, in characters. */
    private static final int SIGNATURE = 160;
    private static final int LISTED = 8;
    /** The largest phase table aligned exactly (a million cells: 4 MB). */
    private static final long PHASE_CELLS = 1_000_000;
    /** Lines of the phase list at most (runs of alike phases are told in one line). */
    private static final int PHASE_LINES = 60;

    /** Distinct commands kept per side for "only in A / B" (a session may run hundreds of thousands). */
    private static final int MAX_COMMANDS = 10_000;

    /**
     * One session's side: its view, and its own calls in call order as compactly as a million of them allow:
     * each call's signature as a symbol shared by both sides, its event number and its outcome. What the output
     * says of one call (tool, subject) comes from the first call with the same signature.
     */
    private record Side(SessionView view, int[] symbols, long[] numbers, byte[] outcomes, List<Call> examples,
                        Set<String> commands) {
        Summary tree() {
            return view.tree();
        }

        int size() {
            return symbols.length;
        }

        Call example(int i) {
            return examples.get(symbols[i]);
        }

        Outcome outcome(int i) {
            return OUTCOMES[outcomes[i]];
        }
    }

    private static final Outcome[] OUTCOMES = Outcome.values();

    /** Signatures to symbols, shared by both sides, with the first call of each. */
    private static final class Symbols {
        final Map<String, Integer> ids = new java.util.HashMap<>();
        final List<Call> examples = new ArrayList<>();

        int of(Call c) {
            String sig = c.signature();
            String key = sig.length() > SIGNATURE ? sig.substring(0, SIGNATURE) : sig;
            Integer id = ids.get(key);
            if (id == null) {
                id = examples.size();
                ids.put(key, id);
                examples.add(c);
            }
            return id;
        }
    }

    private final Side a;
    private final Side b;
    private final List<Alignment.Op> calls;
    private final List<Alignment.Op> phases;

    private SessionDiff(Side a, Side b) {
        this.a = a;
        this.b = b;
        this.calls = Alignment.of(a.symbols, b.symbols, MAX_EDITS);
        List<String> la = new ArrayList<>();
        List<String> lb = new ArrayList<>();
        a.view.phases().forEach(p -> la.add(norm(p.label())));
        b.view.phases().forEach(p -> lb.add(norm(p.label())));
        int[][] ps = Alignment.symbols(la, lb);
        this.phases = phases(ps[0], ps[1]);
    }

    /**
     * Phases aligned by the exact table for the usual few dozen; past {@link #PHASE_CELLS} cells (thousands of
     * prompts) by the same bounded alignment as calls, else one by one in order (alike
     * when their labels are).
     */
    private static List<Alignment.Op> phases(int[] a, int[] b) {
        if ((long) a.length * b.length <= PHASE_CELLS) {
            return Alignment.small(a, b);
        }
        List<Alignment.Op> ops = Alignment.of(a, b, MAX_EDITS);
        if (ops != null) {
            return ops;
        }
        ops = new ArrayList<>();
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            if (i < a.length && i < b.length && a[i] == b[i]) {
                ops.add(new Alignment.Op(i, i));
                continue;
            }
            if (i < a.length) {
                ops.add(new Alignment.Op(i, -1));
            }
            if (i < b.length) {
                ops.add(new Alignment.Op(-1, i));
            }
        }
        return ops;
    }

    /** Reads both sessions (with their subagents and phases) and compares them. */
    public static SessionDiff of(Reading reading, String idA, String idB) {
        Symbols symbols = new Symbols();
        return new SessionDiff(side(reading, idA, symbols), side(reading, idB, symbols));
    }

    private static Side side(Reading reading, String id, Symbols symbols) {
        Collector collect = new Collector(symbols);
        // Phases are aligned by their labels only: no tally per phase (thousands of them in a long session).
        SessionView view = reading.read(id, true, Reading.Phases.BOUNDS, collect);
        return collect.side(view);
    }

    /** The session's own calls as they are answered, put in call order at the end. */
    private static final class Collector implements SessionListener {
        /** Index bits of a sort key (event number above them): 8 million calls per session at most. */
        private static final int INDEX_BITS = 23;
        private static final int MAX_CALLS = 1 << INDEX_BITS;

        private final Symbols symbols;
        private final Set<String> commands = new LinkedHashSet<>();
        private long[] keys = new long[64];
        private int[] sym = new int[64];
        private byte[] outcome = new byte[64];
        private int n;
        private int depth;

        Collector(Symbols symbols) {
            this.symbols = symbols;
        }

        @Override
        public void begin(io.github.agentstrace.model.SessionMeta meta, int d) {
            depth = d;
        }

        @Override
        public void step(Step s) {
            Call c = s.call();
            if (depth != 0 || c == null || c.number() <= 0 || n >= MAX_CALLS) {
                return;
            }
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
                sym = Arrays.copyOf(sym, n * 2);
                outcome = Arrays.copyOf(outcome, n * 2);
            }
            keys[n] = c.number() << INDEX_BITS | n;
            sym[n] = symbols.of(c);
            outcome[n] = (byte) c.outcome().ordinal();
            n++;
            if (c.subject().command() != null && commands.size() < MAX_COMMANDS) {
                commands.add(c.subject().describe());
            }
        }

        Side side(SessionView view) {
            long[] sorted = Arrays.copyOf(keys, n);
            Arrays.sort(sorted);
            int[] symbolsInOrder = new int[n];
            long[] numbers = new long[n];
            byte[] outcomes = new byte[n];
            for (int k = 0; k < n; k++) {
                int i = (int) (sorted[k] & (MAX_CALLS - 1));
                symbolsInOrder[k] = sym[i];
                numbers[k] = sorted[k] >>> INDEX_BITS;
                outcomes[k] = outcome[i];
            }
            return new Side(view, symbolsInOrder, numbers, outcomes, symbols.examples, commands);
        }
    }

    private static String norm(String label) {
        return Texts.oneLine(label.toLowerCase(Locale.ROOT));
    }

    // ---- what differs ----

    /** The first place the call sequences part: indexes into each side's calls (-1 past its end), or null. */
    int[] firstDivergence() {
        int na = a.size();
        int nb = b.size();
        if (calls == null) {
            int i = 0;
            while (i < na && i < nb && a.symbols[i] == b.symbols[i]) {
                i++;
            }
            return i == na && i == nb ? null : new int[] {i < na ? i : -1, i < nb ? i : -1};
        }
        int ia = 0;
        int ib = 0;
        for (Alignment.Op op : calls) {
            if (!op.same()) {
                // Each side at the point they part: its own next call, if it has one.
                return new int[] {op.a() >= 0 ? op.a() : ia < na ? ia : -1, op.b() >= 0 ? op.b() : ib < nb ? ib : -1};
            }
            ia = op.a() + 1;
            ib = op.b() + 1;
        }
        return null;
    }

    private static Set<String> tools(Side s) {
        Set<String> t = new LinkedHashSet<>();
        for (Summary.ToolStats ts : s.tree().tools()) {
            t.add(McpToolName.display(ts.name()));
        }
        return t;
    }

    private static Set<String> files(Side s) {
        Set<String> f = new LinkedHashSet<>();
        Summary.Files files = s.tree().files();
        for (List<String> l : List.of(files.read(), files.written(), files.edited())) {
            for (String p : l) {
                f.add(s.view.shortPath(p));
            }
        }
        return f;
    }

    private static Set<String> commands(Side s) {
        return s.commands();
    }

    private static List<String> minus(Set<String> x, Set<String> y) {
        List<String> out = new ArrayList<>();
        for (String s : x) {
            if (!y.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The one-line verdict: where they part and which did better, by errors, then cost, then time. */
    String verdict() {
        Summary x = a.tree();
        Summary y = b.tree();
        StringBuilder sb = new StringBuilder();
        int[] d = firstDivergence();
        if (d == null) {
            sb.append("Same ").append(Plural.count(a.size(), "call")).append(" in the same order");
        } else if (calls == null) {
            sb.append("Too different to align call by call");
        } else {
            int common = Alignment.common(calls);
            sb.append(common).append(" of ").append(Math.max(a.size(), b.size()))
                    .append(" calls in common");
        }
        List<String> diffs = new ArrayList<>();
        if (x.errors() != y.errors()) {
            diffs.add((x.errors() < y.errors() ? "A" : "B") + " had fewer errors (" + Math.min(x.errors(), y.errors())
                    + " vs " + Math.max(x.errors(), y.errors()) + ")");
        }
        if (x.costUsd() > 0 && y.costUsd() > 0 && Math.abs(x.costUsd() - y.costUsd()) > 0.005 * Math.max(x.costUsd(), y.costUsd())) {
            boolean aCheaper = x.costUsd() < y.costUsd();
            double ratio = Math.max(x.costUsd(), y.costUsd()) / Math.min(x.costUsd(), y.costUsd());
            diffs.add((aCheaper ? "A" : "B") + " cost " + Math.round((1 - 1 / ratio) * 100) + "% less");
        }
        double ta = a.view.summary().timing().activeMs();
        double tb = b.view.summary().timing().activeMs();
        if (ta > 0 && tb > 0 && Math.abs(ta - tb) > 0.1 * Math.max(ta, tb)) {
            diffs.add((ta < tb ? "A" : "B") + " was " + Units.fixed2(Math.round(Math.max(ta, tb) / Math.min(ta, tb) * 100))
                    + "× faster");
        }
        if (x.toolCalls() != y.toolCalls()) {
            diffs.add((x.toolCalls() < y.toolCalls() ? "A" : "B") + " made fewer calls (" + Math.min(x.toolCalls(),
                    y.toolCalls()) + " vs " + Math.max(x.toolCalls(), y.toolCalls()) + ")");
        }
        if (diffs.isEmpty()) {
            sb.append("; no difference in errors, cost, time or calls");
        } else {
            sb.append("; ").append(String.join(", ", diffs));
        }
        return sb.append('.').toString();
    }

    // ---- JSON ----

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", sideJson(a));
        m.put("b", sideJson(b));
        Map<String, Object> al = new LinkedHashMap<>();
        al.put("aligned", calls != null);
        al.put("common_calls", calls == null ? null : Alignment.common(calls));
        al.put("only_a", calls == null ? null : countOnly(true));
        al.put("only_b", calls == null ? null : countOnly(false));
        m.put("calls", al);
        int[] d = firstDivergence();
        if (d == null) {
            m.put("first_divergence", null);
        } else {
            Map<String, Object> dv = new LinkedHashMap<>();
            dv.put("a", callJson(a, d[0]));
            dv.put("b", callJson(b, d[1]));
            m.put("first_divergence", dv);
        }
        List<Object> ph = new ArrayList<>();
        for (Alignment.Op op : phases) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("a", op.a() < 0 ? null : op.a() + 1);
            p.put("b", op.b() < 0 ? null : op.b() + 1);
            Phase shown = op.a() >= 0 ? a.view.phases().get(op.a()) : b.view.phases().get(op.b());
            p.put("label", shown.label());
            ph.add(p);
        }
        m.put("phases", ph);
        m.put("only_in_a", onlyJson(a, b));
        m.put("only_in_b", onlyJson(b, a));
        m.put("verdict", verdict());
        return m;
    }

    private long countOnly(boolean sideA) {
        long c = 0;
        for (Alignment.Op o : calls) {
            if (!o.same() && (sideA ? o.a() >= 0 : o.b() >= 0)) {
                c++;
            }
        }
        return c;
    }

    private static Map<String, Object> sideJson(Side s) {
        Summary t = s.tree();
        Summary own = s.view.summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", s.view.id());
        m.put("agent", s.view.meta().agentName());
        m.put("source", s.view.source().word());
        m.put("duration_ms", round(own.timing().spanMs()));
        m.put("active_ms", round(own.timing().activeMs()));
        m.put("prompts", own.prompts());
        m.put("tool_calls", t.toolCalls());
        m.put("errors", t.errors());
        m.put("retries", t.retries());
        m.put("llm_turns", t.turns());
        m.put("tokens", t.tokens());
        m.put("cost_usd", PriceTable.roundUsd(t.costUsd()));
        m.put("files_touched", t.files().touched());
        return m;
    }

    private static Map<String, Object> callJson(Side s, int i) {
        if (i < 0 || i >= s.size()) {
            return null;
        }
        Call c = s.example(i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", i + 1);
        m.put("event", s.numbers()[i]);
        m.put("tool", c.tool());
        m.put("subject", c.subject().describe());
        m.put("outcome", s.outcome(i).word());
        return m;
    }

    private static Map<String, Object> onlyJson(Side x, Side y) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tools", minus(tools(x), tools(y)));
        m.put("files", minus(files(x), files(y)));
        m.put("commands", minus(commands(x), commands(y)));
        return m;
    }

    // ---- text ----

    /** The diff as text, fitted to {@code width} columns (0: no limit). */
    public String text(Ansi an, int width) {
        StringBuilder sb = new StringBuilder("\n");
        sb.append(new Line().add(Ansi.BOLD, "A ").plain(a.view.id() + "  " + a.view.meta().agentName())
                .render(an, width)).append('\n');
        sb.append(new Line().add(Ansi.BOLD, "B ").plain(b.view.id() + "  " + b.view.meta().agentName())
                .render(an, width)).append("\n\n");
        Table t = new Table().left("", 12).right("A").right("B").right("B - A", 1);
        Summary x = a.tree();
        Summary y = b.tree();
        Summary ox = a.view.summary();
        Summary oy = b.view.summary();
        metric(t, "Duration", ox.timing().spanMs(), oy.timing().spanMs());
        metric(t, "Active", ox.timing().activeMs(), oy.timing().activeMs());
        count(t, "Prompts", ox.prompts(), oy.prompts());
        count(t, "Tool calls", x.toolCalls(), y.toolCalls());
        count(t, "Errors", x.errors(), y.errors());
        count(t, "Retries", x.retries(), y.retries());
        count(t, "LLM turns", x.turns(), y.turns());
        count(t, "Tokens", x.tokens(), y.tokens());
        t.row(List.of(cell("Cost"), cell(Units.usd(x.costUsd())), cell(Units.usd(y.costUsd())),
                cell(signedUsd(y.costUsd() - x.costUsd()))), "");
        count(t, "Files touched", x.files().touched(), y.files().touched());
        sb.append(t.render(an, width, "  "));
        sb.append('\n');
        int[] d = firstDivergence();
        if (d == null) {
            sb.append(new Line().plain("  ").add(Ansi.GREEN, "Same calls in the same order.").render(an, width))
                    .append('\n');
        } else {
            sb.append(new Line().add(Ansi.BOLD, "First divergence").plain(calls == null
                    ? " (too different to align call by call; compared in order)" : "").render(an, width)).append('\n');
            divergence(sb, an, width, "A", a, d[0]);
            divergence(sb, an, width, "B", b, d[1]);
        }
        if (phases.size() > 1 || a.view.phases().size() != b.view.phases().size()) {
            sb.append('\n').append(new Line().add(Ansi.BOLD, "Phases").render(an, width)).append('\n');
            int lines = 0;
            for (int i = 0; i < phases.size(); i++) {
                if (lines == PHASE_LINES) {
                    sb.append(new Line().plain("  ").add(Ansi.DIM, "+" + Plural.count(phases.size() - i, "more phase",
                            "more phases")).render(an, width)).append('\n');
                    break;
                }
                int run = 0; // a run of alike phases past its first is told in one line
                while (i + run < phases.size() && phases.get(i + run).same()) {
                    run++;
                }
                if (run > 2) {
                    phaseLine(sb, an, width, phases.get(i));
                    sb.append(new Line().plain("  ").add(Ansi.DIM, "… " + Plural.count(run - 1, "more phase alike",
                            "more phases alike")).render(an, width)).append('\n');
                    lines += 2;
                    i += run - 1;
                    continue;
                }
                phaseLine(sb, an, width, phases.get(i));
                lines++;
            }
        }
        only(sb, an, width, "Only in A", a, b);
        only(sb, an, width, "Only in B", b, a);
        sb.append('\n');
        for (String line : Paragraph.lines(verdict(), width > 0 ? Math.max(20, width - 2) : 0)) {
            sb.append("  ").append(an.bold(line)).append('\n');
        }
        sb.append('\n');
        return sb.toString();
    }

    private static void divergence(StringBuilder sb, Ansi an, int width, String name, Side s, int i) {
        String what;
        String style = "";
        if (i < 0 || i >= s.size()) {
            what = "(no more calls)";
            style = Ansi.DIM;
        } else {
            Call c = s.example(i);
            String outcome = s.outcome(i).word();
            what = "call " + (i + 1) + ", #" + s.numbers()[i] + " " + McpToolName.display(c.tool()) + " "
                    + c.subject().describe() + (outcome.equals("ok") ? "" : "  (" + outcome + ")");
        }
        sb.append(new Line().plain("  " + name + "  ").add(style, what).render(an, width)).append('\n');
    }

    private void phaseLine(StringBuilder sb, Ansi an, int width, Alignment.Op op) {
        String left = op.a() >= 0 ? "A#" + (op.a() + 1) : "  - ";
        String right = op.b() >= 0 ? "B#" + (op.b() + 1) : "  - ";
        Phase shown = op.a() >= 0 ? a.view.phases().get(op.a()) : b.view.phases().get(op.b());
        sb.append(new Line().plain("  ").add(op.same() ? "" : Ansi.YELLOW, pad(left, 5) + " " + pad(right, 5))
                .plain(" " + Line.clip(shown.label(), 70)).render(an, width)).append('\n');
    }

    private static void only(StringBuilder sb, Ansi an, int width, String title, Side x, Side y) {
        List<String> tools = minus(tools(x), tools(y));
        List<String> files = minus(files(x), files(y));
        List<String> commands = minus(commands(x), commands(y));
        if (tools.isEmpty() && files.isEmpty() && commands.isEmpty()) {
            return;
        }
        sb.append('\n').append(new Line().add(Ansi.BOLD, title).render(an, width)).append('\n');
        listed(sb, an, width, "tools", tools);
        listed(sb, an, width, "files", files);
        listed(sb, an, width, "commands", commands);
    }

    private static void listed(StringBuilder sb, Ansi an, int width, String key, List<String> items) {
        for (int i = 0; i < Math.min(LISTED, items.size()); i++) {
            sb.append(new Line().plain("  ").add(Ansi.DIM, pad(i == 0 ? key : "", 9)).plain(" " + items.get(i))
                    .render(an, width)).append('\n');
        }
        if (items.size() > LISTED) {
            sb.append(new Line().plain("  " + pad("", 9) + " ").add(Ansi.DIM, "+" + (items.size() - LISTED) + " more")
                    .render(an, width)).append('\n');
        }
    }

    private static void metric(Table t, String name, double ms1, double ms2) {
        t.row(List.of(cell(name), cell(Units.duration(ms1)), cell(Units.duration(ms2)),
                cell((ms2 >= ms1 ? "+" : "-") + Units.duration(Math.abs(ms2 - ms1)))), "");
    }

    private static void count(Table t, String name, long x, long y) {
        long d = y - x;
        t.row(List.of(cell(name), cell(Units.count(x)), cell(Units.count(y)), cell(d == 0 ? "0" : (d > 0 ? "+" : "")
                + Units.count(d))), "");
    }

    private static Table.Cell cell(String s) {
        return new Table.Cell(s, "");
    }

    private static String signedUsd(double d) {
        return (d >= 0 ? "+" : "-") + Units.usd(Math.abs(d));
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    private static Double round(double ms) {
        return Double.isNaN(ms) ? null : Math.round(ms * 1000.0) / 1000.0;
    }
}
