package io.github.agentstrace.cli;

import io.github.agentstrace.cost.CostReport;
import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Path;
import java.util.List;

/** {@code cost [id]}: tokens and dollars per model, per prompt and per subagent. */
final class CostCommand implements Command {
    static final String DEFAULT_ESTIMATE_MODEL = "claude-sonnet-4-5";

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
                Opt.value("--model", "M", "model used to price an estimate (default " + DEFAULT_ESTIMATE_MODEL + ")"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        String pricesFile = args.value("--prices", ctx.env().getOrDefault("AGENT_STRACE_PRICES", ""));
        PriceTable prices;
        try {
            prices = PriceTable.load(pricesFile.isEmpty() ? null : ctx.cwd().resolve(Path.of(pricesFile)));
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage());
        }
        TraceStore store = ctx.store();
        String id = store.resolve(args.optionalPositional(), w -> ctx.err().println("agent-strace cost: " + w));
        CostReport report = CostReport.of(store, id, prices, args.value("--model", DEFAULT_ESTIMATE_MODEL),
                w -> ctx.err().println("agent-strace cost: " + w));
        if (args.flag("--json")) {
            ctx.out().println(Json.writePretty(report.toJson()));
        } else {
            report.print(ctx.out(), ctx.ansi());
        }
        return ExitCode.OK.code();
    }
}
