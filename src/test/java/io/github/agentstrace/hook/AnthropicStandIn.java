package io.github.agentstrace.hook;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the Anthropic Messages API, enough for the real Claude Code CLI to run one scripted
 * turn offline: asked with the tools and no tool result yet, it streams a {@code tool_use} of Bash
 * {@code echo hello-resident} (id {@code toolu_e2e_<n>}); asked anything else, it answers "done". Claude
 * Code's side requests (token counting, titles) get small well-formed answers.
 */
public final class AnthropicStandIn implements AutoCloseable {
    public static final String MODEL = "claude-sonnet-4-5-20250929";
    public static final String COMMAND = "echo hello-resident";

    private final StandInServer server;
    private final AtomicInteger messages = new AtomicInteger();

    public AnthropicStandIn() throws IOException {
        server = new StandInServer("anthropic-stand-in", this::answer);
    }

    public String baseUrl() {
        return server.url("");
    }

    /** How many Messages requests were answered. */
    public int messages() {
        return messages.get();
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith("/v1/messages") || path.contains("count_tokens")) {
                StandInServer.send(ex, "application/json", "{\"input_tokens\":10}");
                return;
            }
            int n = messages.incrementAndGet();
            boolean toolTurn = body.contains("\"name\":\"Bash\"") && !body.contains("\"tool_result\"");
            if (!body.contains("\"stream\":true")) {
                StandInServer.send(ex, "application/json", "{\"id\":\"msg_" + n + "\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"" + MODEL + "\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
                        + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}");
                return;
            }
            StringBuilder sse = new StringBuilder();
            event(sse, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_" + n + "\","
                    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + MODEL + "\",\"content\":[],"
                    + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,\"output_tokens\":1}}}");
            if (toolTurn) {
                event(sse, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_e2e_" + n + "\",\"name\":\"Bash\",\"input\":{}}}");
                event(sse, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"command\\\":\\\"" + COMMAND
                        + "\\\",\\\"description\\\":\\\"Say hello\\\"}\"}}");
            } else {
                event(sse, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"text\",\"text\":\"\"}}");
                event(sse, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"done\"}}");
            }
            event(sse, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            event(sse, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
                    + (toolTurn ? "tool_use" : "end_turn") + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":7}}");
            event(sse, "message_stop", "{\"type\":\"message_stop\"}");
            StandInServer.send(ex, "text/event-stream", sse.toString());
        }
    }

    private static void event(StringBuilder sse, String type, String data) {
        sse.append("event: ").append(type).append("\ndata: ").append(data).append("\n\n");
    }

    @Override
    public void close() {
        server.close();
    }
}
