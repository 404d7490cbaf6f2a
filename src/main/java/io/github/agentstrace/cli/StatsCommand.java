package io.github.agentstrace.cli;

import io.github.agentstrace.replay.Stats;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.TerminalWidth;
import java.util.List;
import java.util.function.Consumer;

/** {@code stats [id]}: summary, per-tool counts and durations, and the failures with their messages. */
final class StatsCommand implements Command {
    @Override
    public String name() {
        return "stats";
    }

    @Override
    public String summary() {
        return "Summarise a session: per-tool calls, errors and durations, and the failures";
    }

    @Override
    public String synopsis() {
        return "stats [session-id] [--sort calls|time|errors|name] [--json] [--include-subagents] [--prices FILE]";
    }

    @Override
    public String details() {
        return """
                session-id may be a unique prefix; without one, the most recently started session is used.
                Durations are those of calls that got an answer (failures included); p50/p95 are nearest-rank.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.value("--sort", "KEY", "tool order: calls (default), time, errors or name"),
                Opt.flag("--json", "print the numbers as JSON"),
                Opt.flag("--include-subagents", "aggregate the session and all its subagent sessions"),
                Opt.value("--prices", "FILE", "your prices, merged over the built-in table (see cost --help)"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        String idArg = args.optionalPositional();
        Stats.Sort sort = Stats.Sort.parse(args.value("--sort", "calls"));
        if (sort == null) {
            throw new UsageException("invalid --sort '" + args.value("--sort") + "' (use calls, time, errors or name)");
        }
        TraceStore store = ctx.store();
        Consumer<String> warn = w -> ctx.err().println("agent-strace stats: " + w);
        String id = store.resolve(idArg, warn);
        new Stats(ctx.reading(ctx.prices(args.value("--prices")), warn)).print(id, args.flag("--include-subagents"), sort, args.flag("--json"), ctx.out(),
                ctx.ansi(), TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal()), ctx.nowSeconds());
        return ExitCode.OK.code();
    }
}
