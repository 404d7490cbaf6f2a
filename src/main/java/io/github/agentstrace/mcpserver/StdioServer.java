package io.github.agentstrace.mcpserver;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.mcp.Framer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The stdio transport: newline-delimited JSON-RPC on stdin (split by the {@code mcp} package's
 * {@link Framer}, which also takes {@code Content-Length} frames), one response per line on stdout, flushed
 * at once. Messages are answered in order, one at a time. A line that is not JSON gets a parse error with
 * a null id; the server ends at the end of its input or when stdout is closed. Nothing else is written to
 * stdout: it belongs to the protocol.
 */
public final class StdioServer {
    /** Longest message read; a larger one is answered with a parse error and skipped. */
    public static final int MAX_MESSAGE = 4 * 1024 * 1024;

    private final McpServer server;

    public StdioServer(McpServer server) {
        this.server = server;
    }

    /** Serves one client until {@code in} ends or {@code out} fails. */
    public void serve(InputStream in, OutputStream out) throws IOException {
        McpServer.Conversation conversation = server.conversation();
        boolean[] closed = {false};
        Framer framer = new Framer(new Framer.Listener() {
            @Override
            public void json(String text, boolean contentLength) {
                Object message;
                try {
                    message = Json.parse(text);
                } catch (JsonException e) {
                    send(Protocol.error(null, Protocol.PARSE_ERROR, "Parse error: " + e.getMessage(), null));
                    return;
                }
                send(server.handle(message, conversation));
            }

            @Override
            public void unparsed(String reason, byte[] sample) {
                send(Protocol.error(null, Protocol.PARSE_ERROR, "Parse error: " + reason
                        + " (send one JSON-RPC message per line)", null));
            }

            private void send(Map<String, Object> response) {
                if (response == null || closed[0]) {
                    return;
                }
                try {
                    out.write((Json.write(response) + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    closed[0] = out instanceof PrintStream p && p.checkError();
                } catch (IOException e) {
                    closed[0] = true; // the client went away
                }
            }
        }, MAX_MESSAGE);
        byte[] buf = new byte[64 * 1024];
        int n;
        while (!closed[0] && (n = in.read(buf)) >= 0) {
            framer.feed(buf, 0, n);
        }
        framer.end();
    }
}
