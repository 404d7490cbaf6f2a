package io.github.agentstrace.mcpserver;

import com.sun.net.httpserver.HttpServer;
import io.github.agentstrace.net.HostRule;
import io.github.agentstrace.net.LocalServer;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code agent-strace mcp --http}: the server over Streamable HTTP at {@code http://<host>:<port>/mcp}, on
 * {@code com.sun.net.httpserver} with a few worker threads (tool calls read files; more threads would only
 * compete for the disk). Binds where it is told; the command's default is 127.0.0.1. See
 * {@link McpHttpHandler} for what each request must carry.
 */
public final class McpHttpServer implements AutoCloseable {
    /** Requests served at once. */
    static final int THREADS = 4;

    private final HttpServer http;
    private final ExecutorService executor;
    private final String host;

    private McpHttpServer(HttpServer http, ExecutorService executor, String host) {
        this.http = http;
        this.executor = executor;
        this.host = host;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and starts serving.
     *
     * @param warnings internal errors of requests
     */
    public static McpHttpServer start(McpServer server, String host, int port, Consumer<String> warnings)
            throws IOException {
        HttpServer http = LocalServer.bind(host, port);
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "agent-strace-mcp-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", new McpHttpHandler(server, new HostRule(host, http.getAddress().getPort()), warnings));
        http.start();
        return new McpHttpServer(http, executor, host);
    }

    /** The port actually bound. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The endpoint's URL. */
    public String url() {
        return LocalServer.url(host, port()) + McpHttpHandler.PATH;
    }

    /** Stops accepting and lets requests in progress finish for a moment. */
    @Override
    public void close() {
        http.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
