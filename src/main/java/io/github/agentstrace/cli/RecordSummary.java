package io.github.agentstrace.cli;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.term.Plural;

/**
 * The line {@code record} and {@code record-http} end with on stderr: the same words and fields for
 * both, so a user (or a script) reads one shape whichever proxy recorded.
 */
final class RecordSummary {
    private RecordSummary() {
    }

    /** {@code agent-strace: session <id> complete: 3 tool calls, 1 LLM request, 0 errors (replay with: ...)}. */
    static String line(SessionMeta meta) {
        return "agent-strace: session " + meta.sessionId() + " complete: "
                + Plural.count(meta.toolCalls(), "tool call") + ", " + Plural.count(meta.llmRequests(), "LLM request")
                + ", " + Plural.count(meta.errors(), "error") + " (replay with: agent-strace replay " + meta.sessionId()
                + ")";
    }
}
