import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Time to record one hook event: POSTed to the resident recorder (what {@code setup --resident} registers)
 * against a command hook process ({@code bin/agent-strace hook <event>}, what plain {@code setup} registers),
 * in the same run. Run with: java bench/ResidentLatency.java [rounds]   (or bench/resident-latency.sh)
 *
 * <p>Each round replays the real payloads of src/test/resources/claude-code-payloads/foreground-subagent
 * (SessionStart and UserPromptSubmit stay command hooks in resident mode, so they only set the session up)
 * twice, into two fresh sessions: every event once as a POST over one keep-alive connection (as Claude Code
 * keeps one) and once as a command hook process, alternating which goes first. A POST is answered after its
 * event is written, so its round trip is the time to record it. Prints medians and 90th percentiles.
 */
public class ResidentLatency {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path launcher = Path.of("bin", "agent-strace").toAbsolutePath();
        Path payloads = Path.of("src/test/resources/claude-code-payloads/foreground-subagent");
        Path work = Path.of(System.getProperty("work", Files.createTempDirectory("resident-bench").toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> env = List.of("AGENT_STRACE_CACHE_DIR=" + work.resolve("cache"),
                "AGENT_TRACE_DIR=" + work.resolve("traces"));
        Process recorder = start(env, work.resolve("recorder.log"), launcher.toString(), "recorder",
                "--port", Integer.toString(port));
        HttpClient client = HttpClient.newHttpClient();
        awaitRecorder(client, port);

        List<Path> files;
        try (Stream<Path> s = Files.list(payloads)) {
            files = s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.json")).sorted().toList();
        }
        KeepAlive connection = new KeepAlive(port);
        List<Long> post = new ArrayList<>();
        List<Long> command = new ArrayList<>();
        // One warm-up round for both (the first JVM starts build the class-data archive, the recorder warms up).
        for (int r = 0; r <= rounds; r++) {
            boolean measured = r > 0;
            for (Path f : files) {
                String name = f.getFileName().toString();
                String event = name.substring(3, name.length() - ".json".length());
                String text = Files.readString(f);
                String viaPost = rename(text, "post" + r);
                String viaCommand = rename(text, "cmd" + r);
                boolean setUp = event.equals("SessionStart") || event.equals("UserPromptSubmit")
                        || event.equals("SessionEnd");
                if (setUp) {
                    hook(env, work, launcher, event, viaPost, port);
                    hook(env, work, launcher, event, viaCommand, 0);
                    continue;
                }
                for (int order = 0; order < 2; order++) {
                    if ((order == 0) == (r % 2 == 0)) {
                        long t = System.nanoTime();
                        String status = connection.post(viaPost);
                        long took = System.nanoTime() - t;
                        if (!status.startsWith("HTTP/1.1 200 ")) {
                            throw new IllegalStateException("recorder answered " + status);
                        }
                        if (measured) {
                            post.add(took);
                        }
                    } else {
                        long took = hook(env, work, launcher, event, viaCommand, 0);
                        if (measured) {
                            command.add(took);
                        }
                    }
                }
            }
        }
        recorder.destroy();
        recorder.waitFor(10, TimeUnit.SECONDS);
        String errors = work.resolve("traces/hook-errors.log").toFile().exists()
                ? Files.readString(work.resolve("traces/hook-errors.log")) : "";
        System.out.printf("events: %d per mode (%d rounds of %d payloads)   cores: %d   load: %s%n", post.size(), rounds,
                post.size() / Math.max(1, rounds), Runtime.getRuntime().availableProcessors(), load());
        System.out.printf("%-28s %10s %10s%n", "recorded by", "p50_ms", "p90_ms");
        System.out.printf("%-28s %10.2f %10.2f%n", "POST to the recorder", pct(post, 50), pct(post, 90));
        System.out.printf("%-28s %10.2f %10.2f%n", "command hook (a process)", pct(command, 50), pct(command, 90));
        System.out.printf("command / POST at p50: %.0fx%n", pct(command, 50) / pct(post, 50));
        if (!errors.isEmpty()) {
            System.out.println("hook-errors.log:\n" + errors);
        }
    }

    /**
     * One keep-alive HTTP/1.1 connection written and read by hand on the calling thread: what is timed is the
     * recorder, not an HTTP client's own threads (Claude Code's client is node's, on its event loop).
     */
    static final class KeepAlive {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.InputStream in;
        private final String head;

        KeepAlive(int port) throws IOException {
            socket = new java.net.Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream());
            head = "POST /agent-strace/hook HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: ";
        }

        /** Sends one POST and reads the answer's head (the recorder answers with no body); returns its status line. */
        String post(String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write((head + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            StringBuilder answer = new StringBuilder();
            while (!answer.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed after " + answer);
                }
                answer.append((char) c);
            }
            return answer.substring(0, answer.indexOf("\r\n"));
        }
    }

    /** The payload moved to its own session (and subagent), so the two modes never share state. */
    static String rename(String payload, String tag) {
        return payload.replaceAll("\"session_id\":\"[^\"]*\"", "\"session_id\":\"bench-" + tag + "-0000-0000\"")
                .replaceAll("\"agent_id\":\"[^\"]*\"", "\"agent_id\":\"agent" + tag + "\"");
    }

    /** Runs one command hook process on the payload; returns its wall time in nanoseconds. */
    static long hook(List<String> env, Path work, Path launcher, String event, String payload, int recorderPort)
            throws Exception {
        Path in = work.resolve("in.json");
        Files.writeString(in, payload);
        List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "hook", event));
        if (recorderPort > 0) {
            cmd.addAll(List.of("--recorder", Integer.toString(recorderPort)));
        }
        long t = System.nanoTime();
        Process p = start(env, work.resolve("hook.out"), cmd.toArray(new String[0]), in);
        p.waitFor();
        return System.nanoTime() - t;
    }

    static Process start(List<String> env, Path out, String... command) throws IOException {
        return start(env, out, command, null);
    }

    static Process start(List<String> env, Path out, String[] command, Path stdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        for (String kv : env) {
            int eq = kv.indexOf('=');
            pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return pb.start();
    }

    static void awaitRecorder(HttpClient client, int port) throws Exception {
        URI health = URI.create("http://127.0.0.1:" + port + "/agent-strace/health");
        for (int i = 0; i < 300; i++) {
            try {
                if (client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the recorder did not start");
    }

    static double pct(List<Long> nanos, int p) {
        long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a[Math.min(a.length - 1, (int) Math.ceil(p / 100.0 * a.length) - 1)] / 1e6;
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
