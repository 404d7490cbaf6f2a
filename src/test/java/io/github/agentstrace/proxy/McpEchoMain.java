package io.github.agentstrace.proxy;

import io.github.agentstrace.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A minimal MCP stdio server for tests that need a process answering calls: every request line gets a
 * result with the same id and a text block; notifications get nothing. Run with {@code java -cp <test
 * classes>:<classes> io.github.agentstrace.proxy.McpEchoMain}.
 */
public final class McpEchoMain {
    private McpEchoMain() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> request = Json.asObject(Json.parse(line));
            if (!request.containsKey("id")) {
                continue;
            }
            out.print("{\"jsonrpc\":\"2.0\",\"id\":" + Json.write(request.get("id"))
                    + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}}\n");
            out.flush();
        }
    }
}
