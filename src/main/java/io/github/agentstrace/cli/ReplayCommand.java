package io.github.agentstrace.cli;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.Sleeper;
import io.github.agentstrace.replay.EventFilter;
import io.github.agentstrace.replay.RenderOptions;
import io.github.agentstrace.replay.Replay;
import io.github.agentstrace.replay.TimeFormat;
import io.github.agentstrace.replay.TreeView;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.TerminalWidth;
import java.util.List;
import java.util.function.Consumer;

/** {@code replay [id]}: a session as a terminal timeline; live, following, filtered, or as a subagent tree. */
final class ReplayCommand implements Command {
    private final Sleeper sleeper;

    ReplayCommand() {
        this(Sleeper.system());
    }

    /** With an injected sleeper: tests of --live and --follow never wait for real. */
    ReplayCommand(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String summary() {
        return "Replay a session as a terminal timeline";
    }

    @Override
    public String synopsis() {
        return "replay [session-id] [--filter LIST] [--live [--speed X]] [--follow] [--tree | --expand-subagents]";
    }

    @Override
    public String details() {
        return """
                session-id may be a unique prefix; without one, the most recently started session is used.
                --filter takes event types and classes, comma-separated; a leading ! excludes:
                  %tool %file %shell %mcp %llm %error %prompt, e.g. --filter %tool,!tool_result
                Colour follows --color, NO_COLOR and FORCE_COLOR; lines are cut to $COLUMNS or the terminal
                width (never in a pipe unless COLUMNS is set); --wide shows whole lines.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.value("--filter", "LIST", "show only these event types/classes (! to exclude)"),
                Opt.value("--strsize", "N", "characters of detail text before ... (default 120; 0 = all)"),
                Opt.flag("--wide", "do not cut lines to the terminal width (and show whole details)", "-w"),
                Opt.flag("--verbose", "also print each event's full data as pretty JSON", "-v"),
                Opt.value("--ts", "MODE", "time column: rel (default), wall (UTC) or epoch"),
                Opt.flag("--live", "replay with the recorded timing", "-l"),
                Opt.value("--speed", "X", "live speed factor (default 1; implies --live)", "-s"),
                Opt.value("--max-gap", "SECONDS", "longest live wait between two events (default 2)"),
                Opt.flag("--follow", "print events as they are recorded, until session_end or Ctrl-C", "-f"),
                Opt.flag("--tree", "print the session's subagent tree"),
                Opt.flag("--expand-subagents", "inline subagent sessions under the call that spawned them"),
                Opt.flag("--numbers", "number the events (the numbers why and search refer to)", "-n"),
                Opt.flag("--no-header", "omit the session summary and the totals"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        String idArg = args.optionalPositional();
        EventFilter filter;
        try {
            filter = EventFilter.parse(args.values("--filter"));
        } catch (EventFilter.UnknownNameException e) {
            String negation = e.term().startsWith("!") ? "!" : "";
            throw new UsageException(DidYouMean.suggest(e.name(), EventFilter.names())
                    .map(s -> "invalid filter '" + e.term() + "' (did you mean " + negation + s + "?)")
                    .orElse(e.getMessage()));
        }
        TimeFormat ts = TimeFormat.parse(args.value("--ts", "rel"));
        if (ts == null) {
            throw new UsageException("invalid --ts '" + args.value("--ts") + "' (use rel, wall or epoch)");
        }
        boolean wide = args.flag("--wide");
        int strsize = args.intValue("--strsize", wide ? 0 : RenderOptions.DEFAULT_STRSIZE, 0, Integer.MAX_VALUE);
        double speed = args.doubleValue("--speed", 1.0, 0.001, 1_000_000);
        double maxGap = args.doubleValue("--max-gap", 2.0, 0, 86_400);
        boolean live = args.flag("--live") || args.value("--speed") != null;
        boolean follow = args.flag("--follow");
        boolean tree = args.flag("--tree");
        boolean expand = args.flag("--expand-subagents");
        if (tree && (follow || live || expand)) {
            throw new UsageException("--tree cannot be combined with --follow, --live or --expand-subagents");
        }
        if (follow && (live || expand)) {
            throw new UsageException("--follow cannot be combined with --live or --expand-subagents");
        }
        int width = wide ? 0 : TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal());

        TraceStore store = ctx.store();
        Consumer<String> warn = w -> ctx.err().println("agent-strace replay: " + w);
        String id = store.resolve(idArg, warn);
        PriceTable prices = ctx.prices(null);
        if (tree) {
            SessionView view = ctx.reading(prices, warn).read(id, true, false, SessionListener.NONE);
            ctx.out().print(TreeView.render(view, ctx.ansi(), width, ctx.nowSeconds()));
            return ExitCode.OK.code();
        }
        RenderOptions render = new RenderOptions(width, strsize, args.flag("--verbose"), ts, args.flag("--numbers"));
        Replay.Options options = new Replay.Options(render, filter, !args.flag("--no-header"), live, speed, maxGap,
                follow, expand);
        new Replay(store, prices, ctx.out(), ctx.ansi(), ctx.clock(), sleeper, warn).run(id, options);
        return ExitCode.OK.code();
    }
}
