package io.github.agentstrace.cli;

import io.github.agentstrace.analysis.Explanation;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.term.TerminalWidth;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import java.util.List;
import java.util.function.Consumer;

/** {@code explain [id]}: the story of a session by phase, with what was wasted and what was slow. */
final class ExplainCommand implements Command {
    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String summary() {
        return "Tell what happened in a session, prompt by prompt";
    }

    @Override
    public String synopsis() {
        return "explain [session-id] [--json] [--prices FILE]";
    }

    @Override
    public String details() {
        return """
                session-id may be a unique prefix; without one, the most recently started session is used.
                Each user prompt opens a phase: its tools, files read/written/edited, commands (retries marked),
                failures, subagents, LLM turns and cost. A phase FAILED when its last call failed. Wasted time
                and cost: failed phases, and failed calls that were done again.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.flag("--json", "print the explanation as JSON"),
                Opt.value("--prices", "FILE", "your prices, merged over the built-in table (see cost --help)"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        Consumer<String> warn = w -> ctx.err().println("agent-strace explain: " + w);
        String id = ctx.store().resolve(args.optionalPositional(), warn);
        SessionView view = ctx.reading(ctx.prices(args.value("--prices")), warn).read(id, true, true,
                SessionListener.NONE);
        Explanation e = Explanation.of(view);
        if (args.flag("--json")) {
            ctx.out().println(Json.writePretty(e.toJson()));
        } else {
            ctx.out().print(e.text(ctx.ansi(), TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal())));
        }
        return ExitCode.OK.code();
    }
}
