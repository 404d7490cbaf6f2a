import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How long a line appended to a session takes to show up in {@code replay --follow}, against
 * {@code tail -n 0 -f} (GNU tail waits on inotify) following the same file in the same run, and how much CPU
 * each follower burns in three seconds with nothing to read (a spinning wait would show about 1000 ms/s).
 * Appends are one whole line each, 100-300 ms apart, as a recording hook writes them.
 *
 * <pre>java bench/FollowLatency.java LAUNCHER [APPENDS]</pre>
 */
public final class FollowLatency {
    private static final String SID = "follow0000000001";

    public static void main(String[] args) throws Exception {
        String launcher = args[0];
        int appends = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Path traces = Files.createTempDirectory("follow-bench");
        Path dir = Files.createDirectories(traces.resolve(SID));
        Path events = dir.resolve("events.ndjson");
        Files.writeString(dir.resolve("meta.json"), "{\"session_id\":\"" + SID + "\",\"started_at\":1795477000.0,"
                + "\"agent_name\":\"bench\",\"attribution\":{}}");
        Files.writeString(events, line("session_start", 0, "{}"));
        try {
            Result ours = measure("replay -f", List.of(launcher, "--trace-dir", traces.toString(), "--color", "never",
                    "replay", "--follow", "--no-header", SID), events, appends, 1);
            Result tail = measure("tail -f", List.of("tail", "-n", "0", "-f", events.toString()), events, appends, 1000);
            System.out.printf("%d appends each, 100-300 ms apart; load %s; %d cores%n", appends,
                    Files.readString(Path.of("/proc/loadavg")).substring(0, 14), Runtime.getRuntime().availableProcessors());
            System.out.printf("%-10s %9s %9s %9s %16s%n", "follower", "p50 ms", "p90 ms", "max ms", "idle cpu ms/s");
            for (Result r : List.of(tail, ours)) {
                System.out.printf("%-10s %9.1f %9.1f %9.1f %16.2f%n", r.name, r.percentile(50), r.percentile(90),
                        r.percentile(100), r.cpuPerSecond);
            }
        } finally {
            try (var files = Files.walk(traces)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Result(String name, double[] millis, double cpuPerSecond) {
        double percentile(int p) {
            double[] s = millis.clone();
            Arrays.sort(s);
            return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
        }
    }

    private static Result measure(String name, List<String> command, Path events, int appends, int seq0)
            throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    long now = System.nanoTime();
                    int at = l.indexOf("mark-");
                    if (at >= 0) {
                        seen.add(l.substring(at, l.indexOf('-', at + 5) + 1));
                        arrivals.add(now);
                    }
                }
            } catch (IOException ignored) {
                // the follower was stopped
            }
        });
        reader.setDaemon(true);
        reader.start();
        // Ready when a marker comes through (the JVM has started and reached the end of the file); tail -n 0
        // shows only what is appended after it opened the file, so markers go on until one is seen.
        Random rnd = new Random(18);
        long first = System.nanoTime();
        String ready = null;
        for (int i = 0; ready == null; i++) {
            if (System.nanoTime() - first > TimeUnit.SECONDS.toNanos(60)) {
                throw new IllegalStateException(name + " printed nothing within 60 s");
            }
            append(events, "mark-ready" + i + "-");
            ready = seen.poll(300, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(500);
        seen.clear();
        arrivals.clear();
        System.out.printf("%s ready after %.0f ms%n", name, (System.nanoTime() - first) / 1e6);
        double[] millis = new double[appends];
        for (int i = 0; i < appends; i++) {
            Thread.sleep(100 + rnd.nextInt(200));
            String mark = "mark-" + (seq0 + i) + "-";
            long t0 = System.nanoTime();
            append(events, mark);
            String got = seen.poll(10, TimeUnit.SECONDS);
            Long t1 = arrivals.poll(1, TimeUnit.SECONDS);
            if (got == null || t1 == null || !got.equals(mark)) {
                throw new IllegalStateException(name + ": expected " + mark + ", got " + got);
            }
            millis[i] = (t1 - t0) / 1e6;
        }
        // Then three seconds with nothing appended: what the follower burns while it only waits.
        long idleStart = cpuMillis(p.pid());
        long idleWall = System.nanoTime();
        Thread.sleep(3000);
        double cpu = (cpuMillis(p.pid()) - idleStart) / ((System.nanoTime() - idleWall) / 1e9);

        if (name.startsWith("replay")) {
            Files.writeString(events, line("session_end", 9999, "{\"exit_code\":0}"), StandardOpenOption.APPEND);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroy();
            }
        } else {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return new Result(name, millis, cpu);
    }

    private static void append(Path events, String mark) throws IOException {
        Files.writeString(events, line("user_prompt", 1, "{\"prompt\":\"" + mark + "\"}"), StandardOpenOption.APPEND);
    }

    private static String line(String type, double offset, String data) {
        return "{\"event_type\":\"" + type + "\",\"timestamp\":" + (1795477000.0 + offset) + ",\"event_id\":\"e"
                + System.nanoTime() + "\",\"session_id\":\"" + SID + "\",\"data\":" + data + "}\n";
    }

    /** User + system CPU time of a process and its threads, from /proc (Linux). */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        return ticks * 1000 / 100; // USER_HZ is 100 on Linux
    }

    private FollowLatency() {
    }
}
