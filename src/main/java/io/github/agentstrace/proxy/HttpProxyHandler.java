package io.github.agentstrace.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.net.HostRule;
import io.github.agentstrace.redact.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLException;

/**
 * Forwards one HTTP exchange to the upstream and streams the answer back, handing copies of the
 * JSON-RPC traffic to {@link HttpRecording}.
 *
 * <p>Request bodies are read whole (MCP messages are small, and the recorder needs the whole message
 * anyway) and sent with their length. Response bodies are never held back: JSON is relayed as it is
 * read; an event stream is relayed event by event with a flush after each read, the only change being
 * the legacy {@code endpoint} event, whose URI is rewritten to come back through the proxy.
 */
final class HttpProxyHandler implements HttpHandler {
    private static final int BUFFER = 16 * 1024;
    private static final String EXCHANGE = "exchange ";

    private final HttpClient client;
    private final UpstreamRoutes routes;
    private final HttpRecording recording;
    private final Duration responseTimeout;
    private final Consumer<String> verbose;
    private final Consumer<String> warn;
    /** Upstream URIs of live legacy SSE endpoints, so their POSTs join the stream's conversation. */
    private final Set<String> legacyEndpoints = ConcurrentHashMap.newKeySet();
    /** Upstream event streams being relayed, closed on shutdown so their threads end. */
    private final Set<Closeable> openBodies = ConcurrentHashMap.newKeySet();
    private final AtomicLong exchanges = new AtomicLong();
    private final HostRule hosts;
    private volatile boolean stopping;
    /** Always on, whatever the session's setting: credentials in recorded headers are never kept. */
    private final Redactor credentials = Redactor.standard();

    HttpProxyHandler(HttpClient client, HostRule hosts, UpstreamRoutes routes, HttpRecording recording,
                     Duration responseTimeout, Consumer<String> verbose, Consumer<String> warn) {
        this.client = client;
        this.hosts = hosts;
        this.routes = routes;
        this.recording = recording;
        this.responseTimeout = responseTimeout;
        this.verbose = verbose;
        this.warn = warn;
    }

    @Override
    public void handle(HttpExchange ex) {
        try {
            exchange(ex);
        } catch (IOException e) {
            // The client went away (or the proxy is stopping): nothing left to tell anyone.
        } catch (RuntimeException e) {
            warn.accept("internal error forwarding " + ex.getRequestMethod() + " " + ex.getRequestURI() + ": " + e);
            try {
                plain(ex, 500, "agent-strace: internal proxy error: " + e + "\n");
            } catch (IOException | RuntimeException ignored) {
                // headers were probably sent already
            }
        } finally {
            ex.close();
        }
    }

    /** Closes every upstream event stream still being relayed, ending long-lived streams. */
    void stop() {
        stopping = true;
        for (Closeable c : openBodies) {
            try {
                c.close();
            } catch (IOException | RuntimeException ignored) {
                // best effort: the stream is going away either way
            }
        }
    }

    private void exchange(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        String method = ex.getRequestMethod();
        URI requested = ex.getRequestURI();
        Headers requestHeaders = ex.getRequestHeaders();
        if (!hosts.allows(requestHeaders.get("Host"))) {
            // Before anything is forwarded or recorded: a page that rebinds its own DNS name to this address
            // must not reach the upstream (with whatever the upstream trusts about this machine).
            plain(ex, 421, "agent-strace: this proxy answers only to " + hosts.expected() + "\n");
            return;
        }
        URI target = routes.toUpstream(requested.getRawPath(), requested.getRawQuery());
        if (target == null) {
            plain(ex, 404, "agent-strace: " + requested.getRawPath() + " is not a path this proxy handed out\n");
            return;
        }
        byte[] body = ex.getRequestBody().readAllBytes();
        String sessionId = HttpHeaderRules.first(requestHeaders, "Mcp-Session-Id");
        String key = conversation(sessionId, target);
        try {
            forward(ex, method, target, requestHeaders, body, sessionId, key, start);
        } finally {
            if (key.startsWith(EXCHANGE)) {
                recording.endConversation(key);
            }
        }
    }

    private void forward(HttpExchange ex, String method, URI target, Headers requestHeaders, byte[] body,
                         String sessionId, String key, long start) throws IOException {
        String requestType = HttpHeaderRules.first(requestHeaders, "Content-Type");
        // MCP posts JSON; other bodies (an OAuth token form, say) are forwarded but never recorded.
        if (body.length > 0 && method.equals("POST")
                && (requestType == null || requestType.toLowerCase(Locale.ROOT).contains("json"))) {
            Map<String, Object> transport = new LinkedHashMap<>();
            transport.put("http_method", method);
            transport.put("http_path", pathAndQuery(target));
            if (sessionId != null) {
                transport.put("mcp_session_id", sessionId);
            }
            transport.put("headers", HttpHeaderRules.recorded(requestHeaders, credentials));
            recording.body(Direction.CLIENT_TO_SERVER, key, body, false, transport);
        }

        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(responseTimeout);
        Set<String> connection = HttpHeaderRules.connectionTokens(requestHeaders.get("Connection"));
        requestHeaders.forEach((name, values) -> {
            if (HttpHeaderRules.forwardRequest(name, connection)) {
                for (String v : values) {
                    try {
                        request.header(name, v);
                    } catch (IllegalArgumentException e) {
                        // a header the JDK client sets itself; it cannot be forwarded
                    }
                }
            }
        });
        boolean hasBody = body.length > 0 || requestHeaders.containsKey("Content-Length")
                || requestHeaders.containsKey("Transfer-encoding");
        request.method(method, hasBody ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.noBody());

        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            upstreamFailed(ex, method, target, e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upstreamFailed(ex, method, target, new IOException("interrupted"));
            return;
        } catch (IllegalArgumentException e) {
            upstreamFailed(ex, method, target, new IOException(e.getMessage(), e));
            return;
        }
        relay(ex, method, target, sessionId, key, response, start);
    }

    private void relay(HttpExchange ex, String method, URI target, String sessionId, String key,
                       HttpResponse<InputStream> response, long start) throws IOException {
        InputStream in = response.body();
        try (in) {
            if (stopping) {
                return;
            }
            int status = response.statusCode();
            java.net.http.HttpHeaders upstreamHeaders = response.headers();
            Set<String> connection = HttpHeaderRules.connectionTokens(upstreamHeaders.allValues("connection"));
            Headers out = ex.getResponseHeaders();
            upstreamHeaders.map().forEach((name, values) -> {
                if (HttpHeaderRules.forwardResponse(name, connection)) {
                    for (String v : values) {
                        out.add(name, name.equalsIgnoreCase("location") ? rewriteLocation(ex, target, v) : v);
                    }
                }
            });
            String contentType = upstreamHeaders.firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
            boolean sse = contentType.startsWith("text/event-stream");
            long declared = upstreamHeaders.firstValueAsLong("content-length").orElse(-1);
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || status < 200;
            long length = noBody || declared == 0 ? -1 : (sse || declared < 0 ? 0 : declared);
            ex.sendResponseHeaders(status, length);
            verbose.accept(method + " " + pathAndQuery(target) + " -> " + status
                    + (contentType.isEmpty() ? "" : " " + contentType.split(";")[0].trim())
                    + String.format(Locale.ROOT, " (%.1f ms)", (System.nanoTime() - start) / 1e6));
            if (method.equals("DELETE") && sessionId != null && status >= 200 && status < 300) {
                recording.endConversation(key); // the client ended its MCP session
            }
            if (noBody) {
                return;
            }
            String responseSession = upstreamHeaders.firstValue("mcp-session-id").orElse(sessionId);
            Map<String, Object> transport = new LinkedHashMap<>();
            transport.put("http_method", method);
            transport.put("http_path", pathAndQuery(target));
            transport.put("http_status", status);
            if (responseSession != null) {
                transport.put("mcp_session_id", responseSession);
            }
            OutputStream os = ex.getResponseBody();
            if (sse) {
                // Only event streams are cut at shutdown: they may last forever, while cutting a body
                // that is ending anyway would lose its last message from the recording.
                openBodies.add(in);
                if (stopping) {
                    return;
                }
                relayEvents(ex, target, key, sessionId == null && method.equals("GET"), in, os, transport);
            } else {
                boolean record = contentType.contains("json");
                byte[] copy = relayBody(in, os, record);
                if (record) {
                    String encoding = upstreamHeaders.firstValue("content-encoding").orElse("identity");
                    recordResponseBody(key, copy, encoding, transport);
                }
            }
            os.close();
        } finally {
            openBodies.remove(in);
        }
    }

    private static byte[] relayBody(InputStream in, OutputStream os, boolean capture) throws IOException {
        ByteArrayOutputStream copy = capture ? new ByteArrayOutputStream() : null;
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf)) >= 0) {
            os.write(buf, 0, n);
            if (in.available() == 0) {
                os.flush();
            }
            // Past the recording limit only the size matters; the body still goes through whole.
            if (copy != null && copy.size() <= HttpRecording.MAX_RECORDED_BODY) {
                copy.write(buf, 0, n);
            }
        }
        return copy == null ? null : copy.toByteArray();
    }

    private void recordResponseBody(String key, byte[] body, String encoding, Map<String, Object> transport) {
        String enc = encoding.trim().toLowerCase(Locale.ROOT);
        try {
            switch (enc) {
                case "identity", "" -> { }
                case "gzip", "x-gzip" -> body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
                case "deflate" -> body = new InflaterInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
                default -> {
                    recording.unparsed(Direction.SERVER_TO_CLIENT, key, "body in " + enc + " encoding", body);
                    return;
                }
            }
        } catch (IOException e) {
            recording.unparsed(Direction.SERVER_TO_CLIENT, key, "cannot decode " + enc + " body: " + e.getMessage(), body);
            return;
        }
        recording.body(Direction.SERVER_TO_CLIENT, key, body, true, transport);
    }

    private void relayEvents(HttpExchange ex, URI target, String key, boolean mayBeLegacy, InputStream in,
                             OutputStream os, Map<String, Object> transport) throws IOException {
        String[] conversation = {key};
        String[] endpoint = {null};
        boolean[] wrote = {false};
        SseParser parser = new SseParser((raw, event) -> {
            byte[] bytes = raw;
            if (mayBeLegacy && "endpoint".equals(event.type()) && event.data() != null) {
                URI upstreamEndpoint = resolve(target, event.data().strip());
                if (upstreamEndpoint != null) {
                    String rewritten = rewriteEndpoint(ex, event.data().strip(), upstreamEndpoint);
                    endpoint[0] = conversationKey(upstreamEndpoint);
                    legacyEndpoints.add(endpoint[0]);
                    conversation[0] = endpoint[0];
                    verbose.accept("legacy SSE endpoint " + event.data().strip() + " -> " + rewritten);
                    bytes = ((event.id() == null ? "" : "id: " + event.id() + "\n") + "event: endpoint\ndata: "
                            + rewritten + "\n\n").getBytes(StandardCharsets.UTF_8);
                }
            }
            os.write(bytes);
            wrote[0] = true;
            if (event.data() != null && event.isMessage()) {
                Map<String, Object> facts = new LinkedHashMap<>(transport);
                if (event.id() != null) {
                    facts.put("sse_event_id", event.id());
                }
                if (event.type() != null && !event.type().isEmpty()) {
                    facts.put("sse_event", event.type());
                }
                recording.sseData(conversation[0], event.data(), facts);
            }
        });
        try {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) >= 0) {
                parser.feed(buf, 0, n);
                if (wrote[0] && in.available() == 0) {
                    os.flush();
                    wrote[0] = false;
                }
            }
            os.write(parser.pending());
        } finally {
            if (endpoint[0] != null) {
                legacyEndpoints.remove(endpoint[0]);
                recording.endConversation(endpoint[0]);
            }
        }
    }

    private String rewriteEndpoint(HttpExchange ex, String original, URI upstreamEndpoint) {
        String proxyPath = routes.toProxy(upstreamEndpoint);
        URI given = resolve(null, original);
        return given != null && given.isAbsolute() ? proxyOrigin(ex) + proxyPath : proxyPath;
    }

    private String rewriteLocation(HttpExchange ex, URI target, String location) {
        URI resolved = resolve(target, location);
        if (resolved == null || !UpstreamRoutes.origin(resolved).equals(UpstreamRoutes.origin(routes.upstream()))) {
            return location; // elsewhere: the client goes there directly
        }
        String proxyPath = routes.toProxy(resolved);
        URI given = resolve(null, location);
        return given != null && given.isAbsolute() ? proxyOrigin(ex) + proxyPath : proxyPath;
    }

    private static URI resolve(URI base, String reference) {
        try {
            URI ref = new URI(reference);
            return base == null ? ref : base.resolve(ref);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** How the client reaches the proxy: its Host header (present: {@link HostRule} let the request in). */
    private static String proxyOrigin(HttpExchange ex) {
        return "http://" + HttpHeaderRules.first(ex.getRequestHeaders(), "Host").strip();
    }

    /** The conversation a request belongs to: its MCP session, its legacy SSE endpoint, or the shared one. */
    private String conversation(String sessionId, URI target) {
        if (sessionId != null) {
            return "mcp-session " + sessionId;
        }
        String endpointKey = conversationKey(target);
        // Without a session (initialize, the stateless 2026-07-28 revision) the answer comes on the
        // same exchange, so the exchange is the conversation; concurrent clients cannot mix up their ids.
        return legacyEndpoints.contains(endpointKey) ? endpointKey : EXCHANGE + exchanges.incrementAndGet();
    }

    private static String conversationKey(URI upstream) {
        return "sse " + UpstreamRoutes.origin(upstream) + pathAndQuery(upstream);
    }

    private static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private void upstreamFailed(HttpExchange ex, String method, URI target, IOException e) throws IOException {
        String reason = describe(e);
        String message = "upstream " + method + " " + target + " failed: " + reason;
        warn.accept(message);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("http_method", method);
        details.put("url", target.toString());
        details.put("http_status", 502);
        recording.failure(message, details);
        plain(ex, 502, "agent-strace: " + message + "\n");
    }

    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return routes.upstream().getScheme().equalsIgnoreCase("https")
                    ? "connect or TLS handshake timed out" : "connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no response within " + responseTimeout.toSeconds() + " s";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof SSLException || root instanceof SSLException) {
            return "TLS failure: " + root.getMessage();
        }
        if (e instanceof ConnectException || root instanceof ConnectException) {
            return "connection refused (is the server running?)";
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    private static void plain(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

}
