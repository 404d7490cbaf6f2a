package io.github.agentstrace.hook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The HTTP side of every model-API stand-in the real-CLI tests point an agent at (Anthropic, OpenAI Responses and
 * Chat Completions, Gemini): a free loopback port, one handler, daemon threads so a test that forgets to close it
 * does not keep the JVM alive.
 */
final class StandInServer implements AutoCloseable {
    private final HttpServer server;

    StandInServer(String name, HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", handler);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A complete 200 answer of this content type. */
    static void send(HttpExchange ex, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
