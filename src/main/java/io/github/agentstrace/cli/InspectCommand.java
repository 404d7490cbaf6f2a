package io.github.agentstrace.cli;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code inspect [id]}: {@code {"session": meta, "events": [...]}} as pretty JSON. Events are streamed
 * one at a time, so a session of any size prints in constant memory.
 */
final class InspectCommand implements Command {
    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "Print a session's meta and events as pretty JSON";
    }

    @Override
    public String synopsis() {
        return "inspect [session-id]";
    }

    @Override
    public String details() {
        return "session-id may be a unique prefix; without one, the most recently started session is used.";
    }

    @Override
    public List<Opt> options() {
        return List.of();
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        TraceStore store = ctx.store();
        String id = store.resolve(args.optionalPositional(), w -> ctx.err().println("agent-strace inspect: " + w));
        PrintStream out = ctx.out();
        out.print("{\n  \"session\": ");
        out.print(indent(Json.writePretty(store.readMeta(id).toJson())));
        out.print(",\n  \"events\": [");
        boolean[] first = {true};
        store.reader(id, w -> ctx.err().println("agent-strace inspect: " + w)).forEach((TraceEvent e) -> {
            out.print(first[0] ? "\n    " : ",\n    ");
            first[0] = false;
            out.print(indent(indent(Json.writePretty(e.toJson()))));
        });
        out.print(first[0] ? "]\n}\n" : "\n  ]\n}\n");
        return ExitCode.OK.code();
    }

    private static String indent(String pretty) {
        return pretty.replace("\n", "\n  ");
    }
}
