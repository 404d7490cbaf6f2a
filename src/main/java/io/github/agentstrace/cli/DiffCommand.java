package io.github.agentstrace.cli;

import io.github.agentstrace.analysis.SessionDiff;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.term.TerminalWidth;
import io.github.agentstrace.store.TraceStore;
import java.util.List;
import java.util.function.Consumer;

/** {@code diff A B}: two sessions aligned call by call, with where they part and which did better. */
final class DiffCommand implements Command {
    @Override
    public String name() {
        return "diff";
    }

    @Override
    public String summary() {
        return "Compare two sessions: where they diverge and which did better";
    }

    @Override
    public String synopsis() {
        return "diff <session-a> <session-b> [--json] [--prices FILE]";
    }

    @Override
    public String details() {
        return """
                Ids may be unique prefixes. Calls are aligned by a longest common subsequence of their
                signatures (tool and normalised subject: the command, the paths, the pattern, the URL); phases
                by their labels. Shows the first divergence, what only one session did (tools, files,
                commands), duration, calls, errors, retries, tokens, cost and files touched side by side,
                and a one-line verdict.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.flag("--json", "print the comparison as JSON"),
                Opt.value("--prices", "FILE", "your prices, merged over the built-in table (see cost --help)"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        args.positionals(2);
        List<String> pos = args.sessionIds();
        if (pos.size() != 2) {
            throw new UsageException("diff needs two sessions, e.g. agent-strace diff 3b9e a0e7");
        }
        Consumer<String> warn = w -> ctx.err().println("agent-strace diff: " + w);
        TraceStore store = ctx.store();
        String a = store.resolve(pos.get(0), warn);
        String b = store.resolve(pos.get(1), warn);
        SessionDiff diff = SessionDiff.of(ctx.reading(ctx.prices(args.value("--prices")), warn), a, b);
        if (args.flag("--json")) {
            ctx.out().println(Json.writePretty(diff.toJson()));
        } else {
            ctx.out().print(diff.text(ctx.ansi(), TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal())));
        }
        return ExitCode.OK.code();
    }
}
