package io.github.agentstrace.proxy;

import com.sun.net.httpserver.HttpServer;
import io.github.agentstrace.net.HostRule;
import io.github.agentstrace.net.LocalServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The HTTP proxy: a {@code com.sun.net.httpserver} server in front of one upstream MCP server, forwarding
 * with {@code java.net.http}. Every exchange gets its own thread, so long-lived SSE streams and any number
 * of concurrent POSTs coexist. Binds where it is told (the command defaults to 127.0.0.1).
 */
public final class HttpProxy implements AutoCloseable {
    /** Connection setup limit towards the upstream. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpProxyHandler handler;
    private boolean closed;

    private HttpProxy(HttpServer server, ExecutorService executor, HttpProxyHandler handler) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
    }

    /**
     * Starts serving on a server from {@link LocalServer#bind}, refusing requests whose {@code Host}
     * fails {@code hosts}.
     *
     * @param responseTimeout how long to wait for the upstream's response headers (a streamed body may
     *                        then last as long as it likes)
     * @param verbose         receives one line per forwarded exchange
     * @param warn            receives upstream failures and other diagnostics
     */
    static HttpProxy start(HttpServer server, HostRule hosts, URI upstream, Duration responseTimeout, HttpRecording recording,
                           Consumer<String> verbose, Consumer<String> warn) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                // Plain http stays on HTTP/1.1: an h2c upgrade attempt confuses some servers.
                .version(upstream.getScheme().toLowerCase(Locale.ROOT).equals("https")
                        ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
        HttpProxyHandler handler = new HttpProxyHandler(client, hosts, new UpstreamRoutes(upstream), recording,
                responseTimeout, verbose, warn);
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "agent-strace-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return new HttpProxy(server, executor, handler);
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting, ends open streams and waits briefly for handlers to finish. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        handler.stop();
        server.stop(0);
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
