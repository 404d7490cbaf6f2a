package io.github.agentstrace.hook;

import com.sun.net.httpserver.HttpExchange;
import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the Gemini API, enough for the real Gemini CLI to run one scripted prompt offline
 * ({@code GOOGLE_GEMINI_BASE_URL}). Gemini CLI 0.61.0 posts {@code /v1beta/models/<model>:streamGenerateContent?alt=sse}
 * and reads server-sent events, each {@code data:} a GenerateContentResponse. While fewer than three
 * {@code functionResponse} parts are in the request it asks for the next tool ({@link #CALLS}: a command, a
 * file read, a failing command), then it answers "done". Every answer reports 100 prompt tokens (40 cached),
 * 10 candidates tokens and 3 thoughts tokens. Other calls ({@code :generateContent}, {@code :countTokens})
 * get a small valid answer.
 */
final class GeminiStandIn implements AutoCloseable {
    /** The tool calls of the script, in order: the tool and its arguments. */
    static final List<Map<String, Object>> CALLS = List.of(
            Map.of("name", "run_shell_command", "args", Map.of("command", "echo hello-gemini")),
            Map.of("name", "read_file", "args", Map.of("file_path", "notes.md")),
            Map.of("name", "run_shell_command", "args", Map.of("command", "ls missing-dir")));

    private final StandInServer server;
    private final AtomicInteger streams = new AtomicInteger();

    GeminiStandIn() throws IOException {
        server = new StandInServer("gemini-stand-in", this::answer);
    }

    /** The base URL for {@code GOOGLE_GEMINI_BASE_URL} (the SDK adds {@code /v1beta/...}). */
    String baseUrl() {
        return server.url("");
    }

    /** How many streamGenerateContent requests were answered. */
    int streams() {
        return streams.get();
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            if (path.endsWith(":countTokens")) {
                StandInServer.send(ex, "application/json", Json.write(Map.of("totalTokens", 10)));
                return;
            }
            if (!path.endsWith(":streamGenerateContent")) {
                StandInServer.send(ex, "application/json", Json.write(response(List.of(Map.of("text", "{}")), 5, 0, 1, 0)));
                return;
            }
            int answered = 0;
            for (Object content : Json.asArray(Json.asObject(Json.parse(body)).get("contents"))) {
                for (Object part : Json.asArray(Json.asObject(content).get("parts"))) {
                    if (Json.asObject(part).containsKey("functionResponse")) {
                        answered++;
                    }
                }
            }
            streams.incrementAndGet();
            Object part = answered < CALLS.size() ? Map.of("functionCall", CALLS.get(answered)) : Map.of("text", "done");
            StandInServer.send(ex, "text/event-stream", "data: " + Json.write(response(List.of(part), 100, 40, 10, 3)) + "\n\n");
        }
    }

    private static Map<String, Object> response(List<Object> parts, int prompt, int cached, int candidates, int thoughts) {
        Map<String, Object> candidate = new LinkedHashMap<>();
        candidate.put("content", Map.of("role", "model", "parts", parts));
        candidate.put("finishReason", "STOP");
        candidate.put("index", 0);
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("promptTokenCount", prompt);
        usage.put("candidatesTokenCount", candidates);
        usage.put("totalTokenCount", prompt + candidates + thoughts);
        usage.put("cachedContentTokenCount", cached);
        usage.put("thoughtsTokenCount", thoughts);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("candidates", List.of(candidate));
        r.put("usageMetadata", usage);
        r.put("modelVersion", "gemini-2.5-flash");
        return r;
    }

    @Override
    public void close() {
        server.close();
    }
}
