package io.github.agentstrace.cli;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code inspect [id]}: {@code {"session": meta, "events": [...]}} as pretty JSON, byte for byte what the
 * original prints ({@code json.dumps(indent=2)}, non-ASCII escaped). Events are streamed one at a time, so
 * a session of any size prints in constant memory.
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
        out.print(indent(Json.write(store.readMeta(id).toJson(), Json.Style.PRETTY_ASCII)));
        out.print(",\n  \"events\": [");
        long written = 0;
        try (Stream<TraceEvent> events = store.reader(id, w -> ctx.err().println("agent-strace inspect: " + w)).events()) {
            Iterator<TraceEvent> it = events.iterator();
            while (it.hasNext()) {
                out.print(written == 0 ? "\n    " : ",\n    ");
                out.print(indent(indent(Json.write(it.next().toJson(), Json.Style.PRETTY_ASCII))));
                // A closed pipe (`inspect | head`) makes PrintStream drop output silently: stop reading a
                // big session then. checkError flushes, so only every few thousand events.
                if (++written % 4096 == 0 && out.checkError()) {
                    return ExitCode.OK.code();
                }
            }
        }
        out.print(written == 0 ? "]\n}\n" : "\n  ]\n}\n");
        return ExitCode.OK.code();
    }

    private static String indent(String pretty) {
        return pretty.replace("\n", "\n  ");
    }
}
