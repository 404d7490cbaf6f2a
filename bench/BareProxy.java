import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * The least a Java proxy on the JDK's own HTTP pieces can do, for bench/http-latency.sh: the JDK server takes a
 * request, the JDK client sends it to the upstream, the answer is copied back as it arrives (flushed per read,
 * as record-http does for event streams). Nothing is recorded, classified or redacted. Its added latency is the
 * floor of any proxy built on com.sun.net.httpserver and java.net.http; what record-http adds above it is ours.
 *
 *   java bench/BareProxy.java http://127.0.0.1:PORT/path      (prints "listening on http://127.0.0.1:PORT/" on stderr)
 */
public final class BareProxy {
    public static void main(String[] args) throws IOException {
        URI upstream = URI.create(args[0]);
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> forward(ex, client, upstream));
        server.start();
        System.err.println("listening on http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static void forward(HttpExchange ex, HttpClient client, URI upstream) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String query = ex.getRequestURI().getRawQuery();
            HttpRequest.Builder req = HttpRequest.newBuilder(query == null ? upstream : URI.create(upstream + "?" + query))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : new String[] {"Content-Type", "Accept", "Mcp-Session-Id"}) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    req.header(h, v);
                }
            }
            HttpResponse<InputStream> r = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
            r.headers().firstValue("Mcp-Session-Id").ifPresent(v -> ex.getResponseHeaders().set("Mcp-Session-Id", v));
            long length = r.headers().firstValueAsLong("Content-Length").orElse(0);
            ex.sendResponseHeaders(r.statusCode(), length);
            try (InputStream in = r.body(); OutputStream out = ex.getResponseBody()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
