import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Added latency of {@code agent-strace record-http} per POST round trip, direct vs through the proxy.
 * Run with: java bench/http-latency.java [round-trips] [jar]   (or bench/http-latency.sh)
 *
 * <p>The upstream is a minimal MCP-shaped server in this JVM that answers each tools/call POST either
 * with {@code application/json} or with a one-event {@code text/event-stream} (Streamable HTTP's two
 * answer forms). The client sends sequential POSTs over one keep-alive connection after a warm-up.
 * Direct and proxied runs alternate over rounds so machine noise hits both alike; each figure is the
 * median over rounds of that round's percentile.
 */
public class HttpLatency {
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        String jar = args.length > 1 ? args[1] : "target/agent-strace.jar";
        int rounds = Integer.parseInt(System.getProperty("rounds", "3"));
        // A realistic upstream answers without Nagle delays (the JDK server needs telling).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        upstream.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        upstream.createContext("/mcp", HttpLatency::answer);
        upstream.start();
        String direct = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/mcp";
        Path traces = Files.createTempDirectory("agent-strace-http-bench");

        System.out.printf("round trips: %d per mode x %d rounds (after %d warm-up)%n", n, rounds, warmUp(n));
        for (String kind : System.getProperty("kinds", "json,sse").split(",")) {
            double[][] d = new double[rounds][];
            double[][] p = new double[rounds][];
            double[][] b = new double[rounds][];
            for (int r = 0; r < rounds; r++) {
                d[r] = latencies(URI.create(direct + "?" + kind), n);
                Process bare = startBare(direct);
                try {
                    b[r] = latencies(URI.create("http://127.0.0.1:" + port(bare) + "/?" + kind), n);
                } finally {
                    bare.toHandle().destroy();
                    bare.waitFor(30, TimeUnit.SECONDS);
                }
                Process proxy = startProxy(jar, traces, direct);
                try {
                    p[r] = latencies(URI.create("http://127.0.0.1:" + port(proxy) + "/?" + kind), n);
                } finally {
                    proxy.toHandle().destroy();
                    proxy.waitFor(30, TimeUnit.SECONDS);
                }
            }
            double dp50 = median(d, 50), dp99 = median(d, 99), pp50 = median(p, 50), pp99 = median(p, 99);
            double bp50 = median(b, 50), bp99 = median(b, 99);
            System.out.printf("%-4s direct       p50 %.3f ms  p99 %.3f ms%n", kind, dp50, dp99);
            System.out.printf("%-4s bare JDK     p50 %.3f ms  p99 %.3f ms  (added p50 %.3f ms: the JDK server and client)%n",
                    kind, bp50, bp99, bp50 - dp50);
            System.out.printf("%-4s record-http  p50 %.3f ms  p99 %.3f ms%n", kind, pp50, pp99);
            System.out.printf("%-4s added        p50 %.3f ms  p99 %.3f ms  (ratio p50 %.2f; over bare JDK p50 %.3f ms)%n",
                    kind, pp50 - dp50, pp99 - dp99, pp50 / dp50, pp50 - bp50);
        }
        upstream.stop(0);
    }

    /** One tools/call answered as JSON, or as an SSE stream with one event when the query says sse. */
    static void answer(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String req = new String(body, StandardCharsets.UTF_8);
        String id = req.replaceAll("(?s).*\"id\":(\\d+).*", "$1");
        String result = "{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}}";
        boolean sse = "sse".equals(ex.getRequestURI().getQuery());
        byte[] out = (sse ? "event: message\ndata: " + result + "\n\n" : result).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", sse ? "text/event-stream" : "application/json");
        ex.getResponseHeaders().add("Mcp-Session-Id", "bench");
        ex.sendResponseHeaders(200, sse ? 0 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    static int warmUp(int n) {
        return Math.max(1000, n / 2);
    }

    /** Sequential POST round trips after a warm-up; milliseconds, sorted. */
    static double[] latencies(URI uri, int n) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int warm = warmUp(n);
        double[] ms = new double[n];
        for (int i = 0; i < warm + n; i++) {
            String rpc = "{\"jsonrpc\":\"2.0\",\"id\":" + i
                    + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hello\"}}}";
            HttpRequest req = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("Mcp-Session-Id", "bench")
                    .POST(HttpRequest.BodyPublishers.ofString(rpc)).build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            if (r.statusCode() != 200 || !r.body().contains("hello")) {
                throw new IllegalStateException("bad answer " + r.statusCode() + ": " + r.body());
            }
            if (i >= warm) {
                ms[i - warm] = (t1 - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    static Process startProxy(String jar, Path traces, String upstream) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", jar, "--trace-dir", traces.toString(),
                "record-http", upstream, "--port", "0", "-q"));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** bench/BareProxy.java in its own JVM, with the JVM's defaults like record-http. */
    static Process startBare(String upstream) throws IOException {
        String source = Path.of("bench", "BareProxy.java").toString();
        return new ProcessBuilder(JAVA, source, upstream).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    static int port(Process proxy) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(proxy.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = err.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // proxy ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("record-http did not start");
    }

    static double percentile(double[] sorted, int pct) {
        int i = (int) Math.ceil(pct / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double median(double[][] rounds, int pct) {
        double[] v = new double[rounds.length];
        for (int i = 0; i < rounds.length; i++) {
            v[i] = percentile(rounds[i], pct);
        }
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
