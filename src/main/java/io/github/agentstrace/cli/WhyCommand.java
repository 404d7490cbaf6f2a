package io.github.agentstrace.cli;

import io.github.agentstrace.analysis.CausalChain;
import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.term.TerminalWidth;
import io.github.agentstrace.session.Reading;
import java.util.List;
import java.util.function.Consumer;

/** {@code why [id] <event>}: the chain of causes that led to one event. */
final class WhyCommand implements Command {
    @Override
    public String name() {
        return "why";
    }

    @Override
    public String summary() {
        return "Show the chain of causes that led to one event";
    }

    @Override
    public String synopsis() {
        return "why [session-id] <event> [--json]";
    }

    @Override
    public String details() {
        return """
                <event> is the event's number (replay --numbers shows them; #12 works too) or its event_id.
                Without session-id, the most recently started session. The chain runs from its root to the
                event: the call a result answers, the failure a call retries, the read before a write to the
                same file, an earlier result that mentioned what the call uses, the prompt that asked for it,
                the call that started a subagent.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(Opt.flag("--json", "print the chain as JSON"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        List<String> pos = args.positionals(2);
        if (pos.isEmpty()) {
            throw new UsageException("which event? give its number or event_id (replay --numbers shows numbers)");
        }
        String event = pos.get(pos.size() - 1);
        String idArg = pos.size() == 2 ? args.sessionIds().get(0) : null;
        String bare = event.startsWith("#") ? event.substring(1) : event;
        if (bare.isEmpty() || !bare.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            throw new UsageException("'" + event + "' is not an event number or event id (e.g. 12, #12 or 7d7d6a4bf42b)");
        }
        Consumer<String> warn = w -> ctx.err().println("agent-strace why: " + w);
        String id = ctx.store().resolve(idArg, warn);
        PriceTable prices = ctx.prices(null);
        Reading reading = ctx.reading(prices, warn);
        CausalChain chain = CausalChain.of(ctx.store(), reading.tree(), prices, id, event, warn);
        if (args.flag("--json")) {
            ctx.out().println(Json.writePretty(chain.toJson()));
        } else {
            ctx.out().print(chain.text(ctx.ansi(), TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal())));
        }
        return ExitCode.OK.code();
    }
}
