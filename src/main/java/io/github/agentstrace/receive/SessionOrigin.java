package io.github.agentstrace.receive;

import io.github.agentstrace.model.Ids;
import io.github.agentstrace.store.SessionIds;

/**
 * The session a piece of telemetry belongs to: its id in the sender's terms ({@code session.id}, a GenAI
 * conversation id, else the trace id) and ours. Ours is {@code otlp-<external>} when that is a valid session
 * id, else {@code otlp-} and a hash of it, so a received session never collides with the same agent's hook
 * session (which takes the first 16 characters of Claude Code's id) and both can be compared.
 *
 * @param external the sender's id
 * @param agent    the agent's name for meta.json ({@code service.name}: {@code claude-code} for Claude Code)
 * @param version  the agent's version ({@code service.version}), or null
 */
record SessionOrigin(String external, String agent, String version) {
    static final String PREFIX = "otlp-";

    /** Our session id. */
    String sessionId() {
        String plain = PREFIX + external;
        if (plain.length() <= SessionIds.MAX_LENGTH && SessionIds.isValid(plain)) {
            return plain;
        }
        return PREFIX + String.format("%016x", Ids.hash64(external));
    }

    boolean claudeCode() {
        return "claude-code".equals(agent);
    }
}
