package io.github.agentstrace.proxy;

import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.model.Clock;
import java.util.Map;

/**
 * What the HTTP proxy hands its messages to: the shape of the shared MCP classifier, so one classifier
 * records stdio and HTTP alike. Called from one recording thread only.
 */
interface MessageRecorder extends AutoCloseable {
    /** One complete JSON text (object or batch array) with transport facts (may be empty). */
    void message(Direction dir, String json, Map<String, Object> transport);

    /** Bytes that could not be taken as JSON-RPC, with the reason and a sample of them. */
    void unparsed(Direction dir, String reason, byte[] sample);

    /** What the peers said about themselves (initialize), for the session's mcp.json; empty if nothing. */
    default Map<String, Object> sessionInfo() {
        return Map.of();
    }

    @Override
    void close();

    /** Opens a recorder whose clock is the one given (the time each message was captured). */
    interface Factory {
        MessageRecorder open(Clock clock);
    }
}
