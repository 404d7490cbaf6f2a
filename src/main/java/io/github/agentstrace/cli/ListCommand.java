package io.github.agentstrace.cli;

import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.store.RecorderState;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Plural;
import io.github.agentstrace.term.TerminalWidth;
import io.github.agentstrace.term.Units;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code list}: the captured sessions the selection chooses ({@link Selection}: this trace directory or with
 * {@code --all} every registered one, filtered), most recently started first, each followed by its subagent
 * sessions ({@code ↳}, in the order they started; with {@code --flat} each on its own row). The table fits the
 * terminal: the Started and ID columns give up width (the year and seconds, then the end of long ids), the
 * numbers never do; an Agent column, when any listed session was recorded by the hooks of an agent other than
 * Claude Code (Codex, Gemini CLI, Copilot CLI, Cursor), names each session's agent; a Project column, when
 * sessions of several directories are listed, shows the end of its paths in what is left.
 */
final class ListCommand implements Command {
    private static final String[] NUMBER_HEADERS = {"Duration", "Tools", "LLM", "Err"};
    /** Room the number columns get when the terminal has it (the table's look since the first version). */
    private static final int[] ROOMY_NUMBER_WIDTHS = {10, 6, 5, 4};
    private static final int ID_ROOMY = 18;
    private static final int ID_MIN = 8;
    private static final String SUBAGENT = "↳ ";

    /**
     * One way to lay the table out: the Started column's format (UTC) and padding, and whether the number
     * columns keep their roomy widths or shrink to their header or widest value.
     */
    private record Layout(String started, int startedPadding, boolean roomyNumbers) {
        /** The width of a row with an ID column of {@code idWidth}: "  ID Started" then " number" each. */
        int width(int idWidth, int[] roomy, int[] tight) {
            int w = 2 + idWidth + 1 + started.length() + startedPadding;
            for (int n : roomyNumbers ? roomy : tight) {
                w += 1 + n;
            }
            return w;
        }
    }

    /** Widest first: padding goes before information, and the seconds and the year go last. */
    private static final List<Layout> LAYOUTS = List.of(
            new Layout("yyyy-MM-dd HH:mm:ss", 3, true),
            new Layout("yyyy-MM-dd HH:mm:ss", 0, true),
            new Layout("yyyy-MM-dd HH:mm:ss", 0, false),
            new Layout("MM-dd HH:mm:ss", 0, false),
            new Layout("MM-dd HH:mm", 0, false));
    private static final int RULE = 70;
    /** The least width of the Project column (when sessions of several trace directories are listed). */
    private static final int PROJECT_MIN = 12;
    /** The widest Agent column; longer names (a subagent's type) are cut. */
    private static final int AGENT_MAX = 16;
    /** The agents whose sessions make the Agent column appear: every hooked agent but Claude Code. */
    private static final Set<String> OTHER_AGENTS = Set.of("codex", "gemini", "copilot", "cursor");

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String summary() {
        return "List captured sessions, newest first";
    }

    @Override
    public String synopsis() {
        return "list [--limit N] [--json] [--all] [--since WHEN] [--until WHEN] [--agent NAME] [--project DIR] [--flat]";
    }

    @Override
    public String details() {
        return """
                Subagent sessions are listed under the session that started them, marked with ↳; --limit counts
                top-level sessions (each comes with its subagents). With --flat every session is a row of its own
                (subagents still marked) and the filters judge each one. A Project column appears when sessions
                of several trace directories are listed. Lines fit $COLUMNS or the terminal.

                """ + SelectionOptions.HELP;
    }

    @Override
    public List<Opt> options() {
        List<Opt> opts = new ArrayList<>(List.of(
                Opt.value("--limit", "N", "show the N newest sessions (with their subagents)", "-n"),
                Opt.flag("--json", "print the sessions' meta as a JSON array, in the same order")));
        opts.addAll(SelectionOptions.options());
        return opts;
    }

    /** A session, how deep it is below the top-level session it is listed under, and where it was found. */
    private record Row(SessionMeta meta, int depth, Selection.Dir dir) {
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        args.positionals(0);
        int limit = args.intValue("--limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        Consumer<String> warn = w -> ctx.err().println("agent-strace list: " + w);
        Selection selection = SelectionOptions.of(args, ctx, warn);
        List<Selection.Dir> dirs = selection.dirs();
        List<Selection.Item> items = selection.items(dirs, d -> new SessionTree(d.store(), warn));
        List<Row> rows = new ArrayList<>();
        for (Selection.Item item : items.subList(0, Math.min(limit, items.size()))) {
            for (SessionTree.Node n : item.node().flatten()) {
                // Flat, a subagent is a row of its own: marked, not indented.
                int depth = selection.filter().flat() ? (n.meta().parentSessionId().isEmpty() ? 0 : 1) : n.depth();
                rows.add(new Row(n.meta(), depth, item.dir()));
            }
        }
        boolean across = selection.filter().acrossDirectories();
        if (args.flag("--json")) {
            List<Map<String, Object>> all = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> m = r.meta().toJson();
                Provenance pv = Provenance.read(r.dir().store().sessionDir(r.meta().sessionId()));
                if (pv != null) { // beside meta's own keys, which stay exactly the original's
                    m.put("privacy", pv.privacy());
                    if (pv.headline() != null) {
                        m.put("git", pv.headline());
                    }
                }
                if (across) {
                    m.put("trace_dir", r.dir().path().toString()); // which directory, when several are read
                }
                all.add(m);
            }
            ctx.out().println(Json.writePretty(all));
            return ExitCode.OK.code();
        }
        if (rows.isEmpty()) {
            if (across) {
                ctx.out().println("No traces found in " + Plural.count(dirs.size(), "trace directory", "trace directories")
                        + (isFiltered(selection.filter()) ? " that match the filters" : ""));
            } else {
                ctx.out().println("No traces found in " + ctx.traceDir()
                        + (isFiltered(selection.filter()) ? " that match the filters" : ""));
            }
            return ExitCode.OK.code();
        }
        Set<Path> listed = new HashSet<>();
        rows.forEach(r -> listed.add(r.dir().path()));
        print(rows, ctx, listed.size() > 1, agentWidth(rows));
        return ExitCode.OK.code();
    }

    /** The Agent column's width, or 0 when every session is Claude Code's or not a hooked agent's. */
    private static int agentWidth(List<Row> rows) {
        boolean other = false;
        int width = "Agent".length();
        for (Row r : rows) {
            String agent = r.meta().agentName();
            int slash = agent.indexOf('/');
            other |= OTHER_AGENTS.contains(slash > 0 ? agent.substring(0, slash) : agent);
            width = Math.max(width, Math.min(AGENT_MAX, TerminalWidth.columns(agent)));
        }
        return other ? width : 0;
    }

    private static boolean isFiltered(Selection.Filter f) {
        return !Double.isNaN(f.since()) || !Double.isNaN(f.until()) || f.agent() != null || f.project() != null;
    }

    /**
     * The table; with {@code agentWidth} above 0, an Agent column that wide; with {@code projects}, a last column
     * names the project of each row's trace directory.
     */
    private static void print(List<Row> rows, Context ctx, boolean projects, int agentWidth) {
        Ansi a = ctx.ansi();
        int width = TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal());
        Path home = ctx.home();
        double now = ctx.nowSeconds();
        List<String[]> numbers = new ArrayList<>();
        for (Row r : rows) {
            SessionMeta m = r.meta();
            String duration = m.finished() || m.totalDurationMs() > 0
                    ? Units.fixed(m.durationMs(now) / 1000.0, 1) + "s"
                    // A recorder killed with -9 never ends its session: it is not running any more.
                    : r.dir().store().recorder(m.sessionId()) == RecorderState.GONE ? "interrupted" : "running";
            numbers.add(new String[] {duration, Long.toString(m.toolCalls()), Long.toString(m.llmRequests()),
                    Long.toString(m.errors())});
        }
        // The project column takes what the others leave, at least PROJECT_MIN: the layout is chosen without it.
        int agentRoom = agentWidth > 0 ? 2 + agentWidth : 0;
        Columns columns = Columns.fitting(rows, numbers,
                width <= 0 ? width : (projects ? width - 2 - PROJECT_MIN : width) - agentRoom);
        int tableWidth = 2 + columns.id() + 1 + columns.started() + agentRoom;
        for (int n : columns.numbers()) {
            tableWidth += 1 + n;
        }
        int projectWidth = width > 0 ? Math.max(PROJECT_MIN, width - tableWidth - 2) : Integer.MAX_VALUE;
        DateTimeFormatter started = DateTimeFormatter.ofPattern(columns.layout().started()).withZone(ZoneOffset.UTC);

        StringBuilder out = new StringBuilder("\n");
        String rule = a.gray("─".repeat(width > 0 ? Math.min(RULE, width) : RULE));
        line(out, a.bold("Captured Sessions"), width);
        line(out, rule, width);
        StringBuilder header = new StringBuilder(pad("ID", columns.id())).append(' ')
                .append(pad("Started", columns.started()));
        for (int i = 0; i < NUMBER_HEADERS.length; i++) {
            header.append(' ').append(padLeft(NUMBER_HEADERS[i], columns.numbers()[i]));
        }
        if (agentWidth > 0) {
            header.append("  ").append(projects ? pad("Agent", agentWidth) : "Agent");
        }
        if (projects) {
            header.append("  Project");
        }
        line(out, "  " + a.dim(header.toString()), width);
        line(out, rule, width);
        int subagents = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String id = idCell(r);
            if (TerminalWidth.columns(id) > columns.id()) {
                id = TerminalWidth.cut(id, columns.id() - 1) + "…";
            }
            String styledId = id;
            if (r.depth() > 0) {
                subagents++;
                int marker = Math.min(id.length(), 2 * r.depth()); // the indent and the arrow
                styledId = a.gray(id.substring(0, marker)) + id.substring(marker);
            }
            StringBuilder row = new StringBuilder("  ").append(styledId)
                    .append(" ".repeat(columns.id() - TerminalWidth.columns(id) + 1))
                    .append(pad(started.format(Instant.ofEpochMilli((long) (r.meta().startedAt() * 1000))),
                            columns.started()));
            String[] cells = numbers.get(i);
            for (int c = 0; c < cells.length - 1; c++) {
                row.append(' ').append(padLeft(cells[c], columns.numbers()[c]));
            }
            String err = padLeft(cells[3], columns.numbers()[3]);
            row.append(' ').append(r.meta().errors() > 0 ? a.red(err) : a.dim(err));
            if (agentWidth > 0) {
                String agent = r.meta().agentName();
                if (TerminalWidth.columns(agent) > agentWidth) {
                    agent = TerminalWidth.cut(agent, agentWidth - 1) + "…";
                }
                row.append("  ").append(projects ? pad(agent, agentWidth) : agent);
            }
            if (projects) {
                String project = r.dir().projectLabel(home);
                if (TerminalWidth.columns(project) > projectWidth) {
                    // The end of a path tells projects apart: cut its start.
                    project = "…" + tail(project, projectWidth - 1);
                }
                row.append("  ").append(a.dim(project));
            }
            line(out, row.toString(), width);
        }
        line(out, rule, width);
        line(out, "  " + Plural.count(rows.size(), "session")
                + (subagents > 0 ? " (" + Plural.count(subagents, "subagent") + ")" : ""), width);
        ctx.out().print(out.append('\n'));
    }

    /** The chosen layout and the widths of the ID and number columns. */
    private record Columns(Layout layout, int id, int[] numbers) {
        int started() {
            return layout.started().length() + layout.startedPadding();
        }

        /**
         * The first layout that fits {@code width} with whole ids (any, when there is no limit); when none
         * does, the narrowest one, with the ID column cut to what is left.
         */
        static Columns fitting(List<Row> rows, List<String[]> numbers, int width) {
            int[] tight = new int[NUMBER_HEADERS.length];
            for (int i = 0; i < tight.length; i++) {
                tight[i] = NUMBER_HEADERS[i].length();
            }
            for (String[] cells : numbers) {
                for (int i = 0; i < cells.length; i++) {
                    tight[i] = Math.max(tight[i], cells[i].length());
                }
            }
            int[] roomy = new int[tight.length];
            for (int i = 0; i < roomy.length; i++) {
                roomy[i] = Math.max(tight[i], ROOMY_NUMBER_WIDTHS[i]);
            }
            int idNatural = 0;
            for (Row r : rows) {
                idNatural = Math.max(idNatural, TerminalWidth.columns(idCell(r)));
            }
            Layout layout = LAYOUTS.get(0);
            int id = Math.max(ID_ROOMY, idNatural);
            if (width > 0 && layout.width(id, roomy, tight) > width) {
                id = idNatural;
                for (Layout l : LAYOUTS.subList(1, LAYOUTS.size())) {
                    layout = l;
                    if (l.width(id, roomy, tight) <= width) {
                        break;
                    }
                }
                id = Math.max(ID_MIN, Math.min(id, width - layout.width(0, roomy, tight)));
            }
            return new Columns(layout, id, layout.roomyNumbers() ? roomy : tight);
        }
    }

    /** The ID column's text: the id, after the subagent marker indented by depth. */
    private static String idCell(Row r) {
        return r.depth() == 0 ? r.meta().sessionId() : "  ".repeat(r.depth() - 1) + SUBAGENT + r.meta().sessionId();
    }

    /** The longest end of {@code s} that fits in {@code columns} visible columns. */
    private static String tail(String s, int columns) {
        int from = s.length();
        while (from > 0 && TerminalWidth.columns(s.substring(from - 1)) <= columns) {
            from--;
        }
        return s.substring(from);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - TerminalWidth.columns(s)));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /** Appends a line; below the narrowest layout (about 50 columns) it is cut rather than wrapped. */
    private static void line(StringBuilder out, String styled, int width) {
        out.append(TerminalWidth.fit(styled, width)).append('\n');
    }
}
