package io.github.agentstrace.otlp;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A scripted OTLP/HTTP receiver on 127.0.0.1 for tests: answers each request with the next scripted
 * response (then 200 with an empty body) and records what arrived, gunzipped.
 */
public final class Receiver implements AutoCloseable {
    /** One scripted answer; {@code delayMs} holds the answer back (for timeouts). */
    public record Answer(int status, Map<String, String> headers, byte[] body, long delayMs) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), new byte[0], 0);
        }
    }

    /** One request as it arrived; {@code body} is decompressed when it was gzipped. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body, int wireLength) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    public Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
                byte[] body = raw;
                if ("gzip".equalsIgnoreCase(headers.get("Content-Encoding"))) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                        body = in.readAllBytes();
                    }
                }
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body, raw.length));
                Answer a;
                synchronized (script) {
                    a = script.isEmpty() ? Answer.status(200) : script.poll();
                }
                if (a.delayMs() > 0) {
                    try {
                        Thread.sleep(a.delayMs());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
                if (a.body().length > 0) {
                    exchange.getResponseBody().write(a.body());
                }
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    public Receiver then(Answer a) {
        synchronized (script) {
            script.add(a);
        }
        return this;
    }

    public Receiver then(int status) {
        return then(Answer.status(status));
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
