package io.github.agentstrace.hook;

import com.sun.net.httpserver.HttpExchange;
import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local OpenAI-compatible chat completions endpoint (streamed), enough for the real Copilot CLI to run one
 * scripted prompt offline with {@code COPILOT_PROVIDER_BASE_URL}. While fewer than three {@code tool} messages
 * are in the request it asks for the next tool call ({@code call_e2e_<n>}: {@code bash} with a command,
 * {@code view} of notes.md, {@code bash} with a failing command), then it answers "done". Every answer's
 * last chunk reports 100 prompt tokens (40 cached) and 10 completion tokens (3 of them reasoning). A GET
 * (a model list) gets one model.
 */
final class ChatCompletionsStandIn implements AutoCloseable {
    /** The commands of the script's two {@code bash} calls. */
    static final List<String> COMMANDS = List.of("echo hello-copilot", "ls missing-dir");

    private final StandInServer server;
    private final String notes;
    private final AtomicInteger completions = new AtomicInteger();

    /** @param notes the absolute path of the file the script reads ({@code view} wants one) */
    ChatCompletionsStandIn(String notes) throws IOException {
        this.notes = notes;
        server = new StandInServer("chat-completions-stand-in", this::answer);
    }

    /** The base URL for {@code COPILOT_PROVIDER_BASE_URL} ({@code …/v1}). */
    String baseUrl() {
        return server.url("/v1");
    }

    /** How many chat completions were answered. */
    int completions() {
        return completions.get();
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().endsWith("/chat/completions")) {
                StandInServer.send(ex, "application/json", Json.write(Map.of("object", "list",
                        "data", List.of(Map.of("id", "gpt-4.1", "object", "model")))));
                return;
            }
            Map<String, Object> req = Json.asObject(Json.parse(body));
            int answered = 0;
            for (Object m : Json.asArray(req.get("messages"))) {
                if ("tool".equals(Json.asObject(m).get("role"))) {
                    answered++;
                }
            }
            int n = completions.incrementAndGet();
            Map<String, Object> delta = new LinkedHashMap<>();
            delta.put("role", "assistant");
            String finish;
            if (answered < 3) {
                Map<String, Object> args = answered == 1 ? Map.of("path", notes)
                        : Map.of("command", COMMANDS.get(answered / 2), "description", "step " + (answered + 1));
                delta.put("tool_calls", List.of(Map.of("index", 0, "id", "call_e2e_" + (answered + 1), "type", "function",
                        "function", Map.of("name", answered == 1 ? "view" : "bash", "arguments", Json.write(args)))));
                finish = "tool_calls";
            } else {
                delta.put("content", "done");
                finish = "stop";
            }
            String model = req.get("model") instanceof String s ? s : "gpt-4.1";
            StringBuilder sse = new StringBuilder();
            chunk(sse, n, model, List.of(choice(delta, null)), null);
            chunk(sse, n, model, List.of(choice(Map.of(), finish)), null);
            chunk(sse, n, model, List.of(), Map.of("prompt_tokens", 100, "completion_tokens", 10, "total_tokens", 110,
                    "prompt_tokens_details", Map.of("cached_tokens", 40),
                    "completion_tokens_details", Map.of("reasoning_tokens", 3)));
            sse.append("data: [DONE]\n\n");
            StandInServer.send(ex, "text/event-stream", sse.toString());
        }
    }

    private static Map<String, Object> choice(Map<String, Object> delta, String finish) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("index", 0);
        c.put("delta", delta);
        c.put("finish_reason", finish);
        return c;
    }

    private static void chunk(StringBuilder sse, int n, String model, List<Object> choices, Map<String, Object> usage) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", "chatcmpl-" + n);
        c.put("object", "chat.completion.chunk");
        c.put("created", 1_800_000_000);
        c.put("model", model);
        c.put("choices", choices);
        if (usage != null) {
            c.put("usage", usage);
        }
        sse.append("data: ").append(Json.write(c)).append("\n\n");
    }

    @Override
    public void close() {
        server.close();
    }
}
