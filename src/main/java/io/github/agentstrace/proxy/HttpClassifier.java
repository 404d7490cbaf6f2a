package io.github.agentstrace.proxy;

import io.github.agentstrace.model.Ids;
import io.github.agentstrace.store.SessionWriter;
import java.util.Map;

/** The classifier the HTTP proxy records through. */
final class HttpClassifier {
    private HttpClassifier() {
    }

    /** Classifiers writing to {@code writer}, one per MCP conversation. */
    static MessageRecorder.Factory factory(SessionWriter writer, Ids ids) {
        // Placeholder until the shared mcp classifier is merged: records nothing.
        return (nanoTime, epochSeconds) -> new MessageRecorder() {
            @Override
            public void message(Flow flow, String json, Map<String, Object> transport) {
            }

            @Override
            public void unparsed(Flow flow, String reason, byte[] sample) {
            }

            @Override
            public void close() {
            }
        };
    }
}
