package io.github.agentstrace.hook;

import com.sun.net.httpserver.HttpExchange;
import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for OpenAI's Responses API (streamed), enough for the real Codex CLI to run one scripted
 * turn offline: while fewer than {@link #COMMANDS} tool outputs are in the request, it asks for the next
 * command with the shell tool Codex offers ({@code exec_command} or {@code shell}; call ids
 * {@code call_e2e_<n>}); then it answers "done". Every response reports 100 input tokens (40 cached) and 10
 * output tokens (3 of them reasoning).
 */
final class ResponsesStandIn implements AutoCloseable {
    static final List<String> COMMANDS = List.of("echo hello-codex", "cat notes.md", "ls missing-dir");

    private final StandInServer server;
    private final AtomicInteger responses = new AtomicInteger();

    ResponsesStandIn() throws IOException {
        server = new StandInServer("responses-stand-in", this::answer);
    }

    /** The base URL Codex's model provider points at ({@code …/v1}). */
    String baseUrl() {
        return server.url("/v1");
    }

    /** How many Responses requests were answered. */
    int responses() {
        return responses.get();
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().endsWith("/responses")) {
                StandInServer.send(ex, "application/json", "{\"object\":\"list\",\"data\":[],\"models\":[]}");
                return;
            }
            Map<String, Object> req = Json.asObject(Json.parse(body));
            int outputs = 0;
            for (Object item : Json.asArray(req.get("input"))) {
                if ("function_call_output".equals(Json.asObject(item).get("type"))) {
                    outputs++;
                }
            }
            String tool = "shell";
            for (Object t : Json.asArray(req.get("tools"))) {
                if ("exec_command".equals(Json.asObject(t).get("name"))) {
                    tool = "exec_command";
                }
            }
            int n = responses.incrementAndGet();
            Map<String, Object> item = new LinkedHashMap<>();
            if (outputs < COMMANDS.size()) {
                String command = COMMANDS.get(outputs);
                item.put("type", "function_call");
                item.put("id", "fc_" + n);
                item.put("call_id", "call_e2e_" + (outputs + 1));
                item.put("name", tool);
                item.put("arguments", Json.write(tool.equals("shell")
                        ? Map.of("command", List.of("bash", "-lc", command)) : Map.of("cmd", command)));
            } else {
                item.put("type", "message");
                item.put("id", "msg_" + n);
                item.put("role", "assistant");
                item.put("content", List.of(Map.of("type", "output_text", "text", "done")));
            }
            StringBuilder sse = new StringBuilder();
            event(sse, "response.created", Map.of("type", "response.created", "response", Map.of("id", "resp_" + n)));
            event(sse, "response.output_item.done", Map.of("type", "response.output_item.done", "output_index", 0,
                    "item", item));
            event(sse, "response.completed", Map.of("type", "response.completed", "response", Map.of("id", "resp_" + n,
                    "usage", Map.of("input_tokens", 100, "input_tokens_details", Map.of("cached_tokens", 40),
                            "output_tokens", 10, "output_tokens_details", Map.of("reasoning_tokens", 3),
                            "total_tokens", 110))));
            StandInServer.send(ex, "text/event-stream", sse.toString());
        }
    }

    private static void event(StringBuilder sse, String type, Map<String, Object> data) {
        sse.append("event: ").append(type).append("\ndata: ").append(Json.write(data)).append("\n\n");
    }

    @Override
    public void close() {
        server.close();
    }
}
