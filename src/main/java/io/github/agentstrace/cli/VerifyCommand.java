package io.github.agentstrace.cli;

import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.store.EventChain;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code verify}: checks sessions against their tamper-evident chain ({@link EventChain}): intact, unchained
 * (recorded without a chain: not a failure), or broken at the first line that was altered, inserted, deleted
 * or reordered, or by a truncation. Subagent sessions are checked with their parent. Exit 1 when any is broken.
 */
final class VerifyCommand implements Command {
    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "Check that sessions were not edited after they were recorded (exit 1 when one was)";
    }

    @Override
    public String synopsis() {
        return "verify [session-id...] [--all | --since WHEN]";
    }

    @Override
    public String details() {
        return """
                Every event line is linked to the one before it in <session>/chain (SHA-256 over the previous link
                and the line). verify recomputes the links: a line altered, inserted, deleted or moved, or events
                cut off at the end, break the chain at the first line concerned. A torn last line left by a crash
                is reported as such. Sessions recorded without a chain (before chains, or by the original) are
                "unchained". Without a session id, the most recently started session.
                Exit status: 0 nothing broken, 1 a broken session.""";
    }

    @Override
    public List<Opt> options() {
        return SessionSelection.options();
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException, IOException {
        Consumer<String> warn = w -> ctx.err().println("agent-strace verify: " + w);
        TraceStore store = ctx.store();
        SessionTree tree = new SessionTree(store, warn);
        List<String> ids = new ArrayList<>();
        for (String top : SessionSelection.resolve(args, ctx, tree, warn)) {
            for (SessionTree.Node n : tree.walk(top).flatten()) {
                ids.add(n.meta().sessionId());
            }
        }
        int broken = 0;
        for (String id : ids) {
            EventChain.Verdict v = EventChain.verify(store.eventsFile(id));
            StringBuilder line = new StringBuilder(id).append("  ").append(v.state());
            if (v.broken()) {
                broken++;
                line.append(" at line ").append(v.badLine()).append(" (event #").append(v.badLine()).append("): ")
                        .append(v.message());
            } else if (v.state().equals("intact")) {
                line.append(", ").append(v.lines()).append(v.lines() == 1 ? " line" : " lines");
                if (!v.message().isEmpty()) {
                    line.append("; ").append(v.message());
                }
            }
            ctx.out().println(line);
        }
        if (ids.size() > 1) {
            ctx.out().println(ids.size() + " sessions, " + broken + " broken");
        }
        return broken > 0 ? ExitCode.FOUND.code() : ExitCode.OK.code();
    }
}
