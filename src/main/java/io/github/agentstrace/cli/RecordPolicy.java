package io.github.agentstrace.cli;

import io.github.agentstrace.guard.CallDecision;
import io.github.agentstrace.guard.Policy;
import io.github.agentstrace.guard.PolicyCheck;
import io.github.agentstrace.guard.PolicyFile;
import io.github.agentstrace.proxy.CallGate;
import io.github.agentstrace.session.Subject;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code record --policy FILE}: the policy as the stdio proxy's {@link CallGate}. A call is judged as
 * {@code audit} judges a recorded one of the same session: the server is the session's agent name, so a
 * tool {@code t} is {@code mcp__<name>__t} in the policy's tools lists, and paths are taken from the
 * directory {@code record} runs in.
 */
final class RecordPolicy {
    private RecordPolicy() {
    }

    /** The gate of a policy file; an invalid one is a data error naming the place. */
    static CallGate gate(Path file, String server, Context ctx) {
        Policy policy = PolicyFile.loadIn(file, ctx.cwd());
        policy.warnings().forEach(w -> ctx.err().println("agent-strace record: " + w));
        PolicyCheck check = PolicyCheck.of(policy, ctx.cwd().toString(), ctx.home().toString());
        return (tool, arguments) -> {
            CallDecision d = CallDecision.of(check.check(tool, Subject.of(tool, arguments, server), arguments),
                    policy.source());
            if (!d.denied()) {
                return null;
            }
            Map<String, Object> facts = d.denial("message");
            // The reason is the error's message and its type the recorder's: data carries the rest.
            facts.remove("message");
            facts.remove("error_type");
            return new CallGate.Denial(d.reason(), facts);
        };
    }
}
