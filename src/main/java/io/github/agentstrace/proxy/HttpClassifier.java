package io.github.agentstrace.proxy;

import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.mcp.McpRecorder;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.SessionWriter;
import java.util.Map;
import java.util.function.Consumer;

/** The shared MCP classifier ({@link McpRecorder}) behind the HTTP proxy's {@link MessageRecorder} seam. */
final class HttpClassifier implements MessageRecorder {
    private final McpRecorder recorder;

    private HttpClassifier(McpRecorder recorder) {
        this.recorder = recorder;
    }

    /** Classifiers writing to {@code writer}, one per MCP conversation. */
    static MessageRecorder.Factory factory(SessionWriter writer, Ids ids, Consumer<TraceEvent> live,
                                           Consumer<String> warn) {
        return (clock) -> new HttpClassifier(
                new McpRecorder(writer, clock, ids, live, warn));
    }

    @Override
    public void message(Direction dir, String json, Map<String, Object> transport) {
        recorder.message(dir, json, transport);
    }

    @Override
    public void unparsed(Direction dir, String reason, byte[] sample) {
        recorder.unparsed(dir, reason, sample);
    }

    @Override
    public Map<String, Object> sessionInfo() {
        return recorder.sessionInfo();
    }

    @Override
    public void close() {
        recorder.close();
    }
}
