package io.github.agentstrace.cli;

import io.github.agentstrace.analysis.CostReport;
import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.term.TerminalWidth;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.SizeEstimate;
import java.util.List;
import java.util.function.Consumer;

/** {@code cost [id]}: tokens and dollars per model, per prompt and per subagent. */
final class CostCommand implements Command {
    @Override
    public String name() {
        return "cost";
    }

    @Override
    public String summary() {
        return "Tokens and dollars per model, prompt and subagent";
    }

    @Override
    public String synopsis() {
        return "cost [session-id] [--json] [--prices FILE] [--model M]";
    }

    @Override
    public String details() {
        return """
                Real usage comes from LLM turns recorded with their tokens (import, hooks, MCP sampling).
                A session without any is estimated from its size and labelled ESTIMATE.
                --prices FILE (or AGENT_STRACE_PRICES) merges your own prices over the built-in table:
                  {"models": {"my-model": {"input": 1.0, "output": 2.0, "cache_read": 0.1}}}  (USD per 1M tokens)""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.flag("--json", "print the report as JSON"),
                Opt.value("--prices", "FILE", "your prices, merged over the built-in table"),
                Opt.value("--model", "M", "model used to price an estimate (default " + CostReport.DEFAULT_ESTIMATE_MODEL + ")"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        PriceTable prices = ctx.prices(args.value("--prices"));
        Consumer<String> warn = w -> ctx.err().println("agent-strace cost: " + w);
        String id = ctx.store().resolve(args.optionalPositional(), warn);
        SizeEstimate size = new SizeEstimate();
        SessionView view = ctx.reading(prices, warn).read(id, true, true, size);
        CostReport report = CostReport.of(view, prices, size, args.value("--model", CostReport.DEFAULT_ESTIMATE_MODEL));
        if (args.flag("--json")) {
            ctx.out().println(Json.writePretty(report.toJson()));
        } else {
            ctx.out().print(report.text(ctx.ansi(), TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal())));
        }
        return ExitCode.OK.code();
    }
}
