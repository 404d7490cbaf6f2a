import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Latency and throughput of an MCP stdio server direct vs through {@code agent-strace record}, and how
 * far recording lags the wire under continuous traffic.
 * Run with: java bench/StdioLatency.java [round-trips] [throughput-messages] [jar[,jar...]]
 * Prints p50/p99 per mode, the added latency, and messages per second. Modes alternate over rounds so
 * machine noise hits both alike; the reported figure is the median over rounds.
 *
 * <p>Recording lag: round trips go on back to back for a few seconds, then the proxy is killed with
 * SIGKILL; the calls answered but missing from events.ndjson (and from meta.json's tool_calls) are what
 * a crash loses, given also in milliseconds of that traffic.
 */
public class StdioLatency {
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        // Several jars, comma-separated (e.g. before.jar,after.jar), are measured in turn within each round,
        // so a change is compared with its baseline under the same machine noise.
        String[] jars = (args.length > 2 ? args[2] : "target/agent-strace.jar").split(",");
        int rounds = Integer.parseInt(System.getProperty("rounds", "3"));
        Path bench = Path.of("bench");
        Path traces = Files.createTempDirectory("agent-strace-bench");
        List<String> server = List.of(JAVA, "-XX:+UseSerialGC", bench.resolve("EchoServer.java").toString());

        double[][] direct = new double[rounds][];
        double[] directRate = new double[rounds];
        double[][][] through = new double[jars.length][rounds][];
        double[][] throughRate = new double[jars.length][rounds];
        double[][][] lag = new double[jars.length][rounds][];
        double[][][] flood = new double[jars.length][rounds][];
        for (int r = 0; r < rounds; r++) {
            direct[r] = latencies(server, n);
            directRate[r] = throughput(server, m);
            for (int j = 0; j < jars.length; j++) {
                List<String> proxied = new ArrayList<>(List.of(JAVA, "-jar", jars[j], "--trace-dir", traces.toString(),
                        "record", "-q", "--"));
                proxied.addAll(server);
                through[j][r] = latencies(proxied, n);
                throughRate[j][r] = throughput(proxied, m);
                lag[j][r] = killLag(jars[j], server, 3000, 1000);
                flood[j][r] = killLag(jars[j], server, 3000, 0);
            }
        }
        double dp50 = median(direct, 50), dp99 = median(direct, 99);
        System.out.printf("round trips: %d x %d rounds, throughput: %d messages x %d rounds%n", n, rounds, m, rounds);
        System.out.printf("direct   p50 %.3f ms  p99 %.3f ms  %,.0f msgs/s%n", dp50, dp99, med(directRate));
        for (int j = 0; j < jars.length; j++) {
            double tp50 = median(through[j], 50), tp99 = median(through[j], 99);
            String label = jars.length == 1 ? "" : " " + jars[j];
            System.out.printf("record   p50 %.3f ms  p99 %.3f ms  %,.0f msgs/s%s%n", tp50, tp99, med(throughRate[j]), label);
            System.out.printf("added    p50 %.3f ms  p99 %.3f ms  throughput ratio %.2f%n", tp50 - dp50, tp99 - dp99,
                    med(throughRate[j]) / med(directRate));
            System.out.printf("kill -9 after 3 s of a call every ms: events lag %.0f calls (%.0f ms), meta.json %.0f calls (%.0f ms)%n",
                    med(column(lag[j], 0)), med(column(lag[j], 1)), med(column(lag[j], 2)), med(column(lag[j], 3)));
            System.out.printf("kill -9 after 3 s of back-to-back calls: events lag %.0f calls (%.0f ms), meta.json %.0f calls (%.0f ms)%n",
                    med(column(flood[j], 0)), med(column(flood[j], 1)), med(column(flood[j], 2)), med(column(flood[j], 3)));
        }
    }

    static double[] column(double[][] rows, int i) {
        double[] c = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            c[r] = rows[r][i];
        }
        return c;
    }

    /**
     * Round trips through a fresh recording for {@code millis}, one starting every {@code everyMicros}
     * (0: back to back; 1000 keeps the wire busier than the recorder's 2 ms quiet window), then SIGKILL of
     * the proxy. Returns {calls answered but not in events.ndjson, the same in ms of traffic, calls not
     * counted in meta.json, the same in ms}.
     */
    static double[] killLag(String jar, List<String> server, long millis, long everyMicros) throws Exception {
        Path traces = Files.createTempDirectory("agent-strace-lag");
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", jar, "--trace-dir", traces.toString(), "record", "-q", "--"));
        cmd.addAll(server);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        OutputStream out = p.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (int i = 0; i < 2000; i++) { // JIT warm-up, not measured
            out.write(request(i).getBytes(StandardCharsets.UTF_8));
            out.flush();
            in.readLine();
        }
        List<ProcessHandle> children = p.descendants().toList();
        int answered = 2000;
        long t0 = System.nanoTime();
        long end = t0 + millis * 1_000_000L;
        long slot = t0;
        while (System.nanoTime() < end) {
            if (everyMicros > 0) {
                slot += everyMicros * 1000;
                while (System.nanoTime() < slot) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                }
            }
            out.write(request(answered).getBytes(StandardCharsets.UTF_8));
            out.flush();
            in.readLine();
            answered++;
        }
        double msPerCall = (System.nanoTime() - t0) / 1e6 / (answered - 2000);
        p.destroyForcibly();
        p.waitFor(60, TimeUnit.SECONDS);
        children.forEach(ProcessHandle::destroyForcibly);
        Path session;
        try (var dirs = Files.list(traces)) {
            session = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        long recorded;
        try (var lines = Files.lines(session.resolve("events.ndjson"))) {
            recorded = lines.filter(l -> l.contains("\"event_type\":\"tool_call\"")).count();
        }
        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("\"tool_calls\":\\s*(\\d+)")
                .matcher(Files.readString(session.resolve("meta.json")));
        long counted = mm.find() ? Long.parseLong(mm.group(1)) : 0;
        return new double[] {answered - recorded, (answered - recorded) * msPerCall,
                answered - counted, (answered - counted) * msPerCall};
    }

    static String request(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hello\"}}}\n";
    }

    /** Sequential round trips after a warm-up; milliseconds, sorted. */
    static double[] latencies(List<String> cmd, int n) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        OutputStream out = p.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int warm = Math.max(2000, n / 2);
        double[] ms = new double[n];
        for (int i = 0; i < warm + n; i++) {
            byte[] req = request(i).getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            out.write(req);
            out.flush();
            String line = in.readLine();
            long t1 = System.nanoTime();
            if (line == null) {
                throw new IllegalStateException("server closed its output");
            }
            if (i >= warm) {
                ms[i - warm] = (t1 - t0) / 1e6;
            }
        }
        out.close();
        p.waitFor(120, TimeUnit.SECONDS);
        Arrays.sort(ms);
        return ms;
    }

    /** Pipelined: one thread writes m requests, this one reads m answers; messages (both ways) per second. */
    static double throughput(List<String> cmd, int m) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        OutputStream out = p.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // warm-up exchange so JVM start-up is not measured
        for (int i = 0; i < 2000; i++) {
            out.write(request(i).getBytes(StandardCharsets.UTF_8));
            out.flush();
            in.readLine();
        }
        long t0 = System.nanoTime();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < m; i++) {
                    out.write(request(i).getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        for (int i = 0; i < m; i++) {
            if (in.readLine() == null) {
                throw new IllegalStateException("server closed its output after " + i);
            }
        }
        long t1 = System.nanoTime();
        writer.join();
        out.close();
        p.waitFor(300, TimeUnit.SECONDS);
        return 2.0 * m / ((t1 - t0) / 1e9);
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
        return med(v);
    }

    static double med(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
