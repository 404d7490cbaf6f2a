import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TraceEvent;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * JSON codec throughput on a generated, realistic events.ndjson (tool calls and results with multi-KB
 * outputs, unicode, nested arguments), with the cost of merely reading the lines measured in the same run
 * as the baseline. Prints medians over several runs and the ratios.
 *
 * <p>Usage: {@code JsonBench [--mb 110] [--runs 5] [--keep]}
 */
public final class JsonBench {
    private static final String[] TOOLS = {"Bash", "Read", "Edit", "Grep", "Write", "WebFetch", "mcp__fs__read_file"};
    private static final String[] WORDS = {"the", "session", "tool", "résumé", "naïve", "données", "日本語", "テスト",
        "данные", "emoji😀", "path/to/file.py", "def", "return", "self", "\"quoted\"", "tab\there", "C:\\dir", "λ→∞"};

    public static void main(String[] args) throws IOException {
        int mb = 110;
        int runs = 5;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mb" -> mb = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("json-bench");
        Path file = dir.resolve("events.ndjson");
        Path sink = dir.resolve("written.ndjson");
        try {
            long t0 = System.nanoTime();
            long bytes = generate(file, mb * 1_000_000L);
            System.out.printf("generated %s: %.1f MB, %d lines in %.1f s%n", file, bytes / 1e6,
                    Files.lines(file).count(), (System.nanoTime() - t0) / 1e9);

            // In-memory sample for the writer: parsed values (about 25 MB of JSON text) written round-robin.
            List<Object> values = new ArrayList<>();
            List<String> rawLines = new ArrayList<>();
            List<TraceEvent> events = new ArrayList<>();
            long sampleBytes = 0;
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null && sampleBytes < 25_000_000L) {
                    values.add(Json.parse(line));
                    rawLines.add(line);
                    events.add(TraceEvent.parseLine(line));
                    sampleBytes += line.length() + 1;
                }
            }
            // Doubles as events carry them (timestamps, durations) and any bit pattern, for the number formatter.
            SplittableRandom nr = new SplittableRandom(18);
            double[] numbers = new double[1 << 20];
            for (int i = 0; i < numbers.length; i++) {
                double d;
                do {
                    d = switch (i % 4) {
                        case 0 -> 1795477017.0 + nr.nextDouble() * 1e7;
                        case 1 -> nr.nextDouble() * 30_000;
                        case 2 -> nr.nextInt(1, 100_000) / 1000.0;
                        default -> Double.longBitsToDouble(nr.nextLong());
                    };
                } while (!Double.isFinite(d));
                numbers[i] = d;
            }

            double[] read = new double[runs];
            double[] parse = new double[runs];
            double[] event = new double[runs];
            double[] copy = new double[runs];
            double[] write = new double[runs];
            double[] lines = new double[runs];
            double[] jdkNs = new double[runs];
            double[] oursNs = new double[runs];
            // One warm-up round, then interleaved runs so that machine noise hits every measure alike.
            for (int run = -1; run < runs; run++) {
                double r = mbPerSecond(bytes, () -> readOnly(file));
                double p = mbPerSecond(bytes, () -> parseAll(file));
                double e = mbPerSecond(bytes, () -> parseEvents(file));
                double c = mbPerSecond(bytes, () -> writeLines(sink, rawLines, bytes));
                double w = mbPerSecond(bytes, () -> writeValues(sink, values, bytes));
                double l = mbPerSecond(bytes, () -> writeEvents(sink, events, bytes));
                double jn = nanosPer(numbers, true);
                double on = nanosPer(numbers, false);
                if (run >= 0) {
                    lines[run] = l;
                    jdkNs[run] = jn;
                    oursNs[run] = on;
                    read[run] = r;
                    parse[run] = p;
                    event[run] = e;
                    copy[run] = c;
                    write[run] = w;
                    System.out.printf("run %d: read %.0f, parse %.0f, parse+event %.0f, copy %.0f, write %.0f, "
                            + "toLine %.0f MB/s; Double.toString %.0f ns, formatNumber %.0f ns%n", run + 1, r, p, e, c, w, l,
                            jn, on);
                }
            }
            double mr = median(read);
            double mp = median(parse);
            double me = median(event);
            double mc = median(copy);
            double mw = median(write);
            System.out.println();
            System.out.printf("medians over %d runs (%.1f MB, %s, %s)%n", runs, bytes / 1e6,
                    System.getProperty("java.vm.name"), System.getProperty("java.version"));
            System.out.printf("  baseline readLine          %7.0f MB/s%n", mr);
            System.out.printf("  Json.parse per line        %7.0f MB/s   %.2fx of readLine%n", mp, mp / mr);
            System.out.printf("  TraceEvent.parseLine       %7.0f MB/s   %.2fx of readLine%n", me, me / mr);
            System.out.printf("  baseline write raw lines   %7.0f MB/s%n", mc);
            System.out.printf("  Json.write (ASCII) to file %7.0f MB/s   %.2fx of readLine, %.2fx of raw line writing%n",
                    mw, mw / mr, mw / mc);
            double ml = median(lines);
            System.out.printf("  TraceEvent.toLine to file  %7.0f MB/s   %.2fx of raw line writing (timestamps and"
                    + " durations are doubles here)%n", ml, ml / mc);
            double mj = median(jdkNs);
            double mo = median(oursNs);
            System.out.printf("  baseline Double.toString   %7.1f ns/number%n", mj);
            System.out.printf("  Json.formatNumber(double)  %7.1f ns/number   %.2fx of Double.toString%n", mo, mo / mj);
        } finally {
            if (!keep) {
                Files.deleteIfExists(sink);
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        }
    }

    interface Work {
        long run() throws IOException;
    }

    private static double mbPerSecond(long bytes, Work w) throws IOException {
        long t = System.nanoTime();
        long sink = w.run();
        double seconds = (System.nanoTime() - t) / 1e9;
        if (sink == 42) {
            System.out.print(""); // keeps the result alive
        }
        return bytes / 1e6 / seconds;
    }

    private static long readOnly(Path file) throws IOException {
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                n += line.length();
            }
        }
        return n;
    }

    private static long parseAll(Path file) throws IOException {
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                n += Json.asObject(Json.parse(line)).size();
            }
        }
        return n;
    }

    private static long parseEvents(Path file) throws IOException {
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                n += TraceEvent.parseLine(line).data().size();
            }
        }
        return n;
    }

    private static long writeLines(Path sink, List<String> lines, long total) throws IOException {
        long written = 0;
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(sink, StandardCharsets.UTF_8), 1 << 16)) {
            for (int i = 0; written < total; i = (i + 1) % lines.size()) {
                String s = lines.get(i);
                w.write(s);
                w.write('\n');
                written += s.length() + 1;
            }
        }
        return written;
    }

    private static long writeValues(Path sink, List<Object> values, long total) throws IOException {
        long written = 0;
        StringBuilder sb = new StringBuilder(1 << 16);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(sink, StandardCharsets.UTF_8), 1 << 16)) {
            for (int i = 0; written < total; i = (i + 1) % values.size()) {
                sb.setLength(0);
                Json.write(values.get(i), Json.Style.COMPACT_ASCII, sb);
                sb.append('\n');
                w.append(sb);
                written += sb.length();
            }
        }
        return written;
    }

    private static long writeEvents(Path sink, List<TraceEvent> events, long total) throws IOException {
        long written = 0;
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(sink, StandardCharsets.UTF_8), 1 << 16)) {
            for (int i = 0; written < total; i = (i + 1) % events.size()) {
                String s = events.get(i).toLine();
                w.write(s);
                w.write('\n');
                written += s.length() + 1;
            }
        }
        return written;
    }

    /** Nanoseconds per number: Python-repr text through Json.formatNumber, or the JDK's Double.toString. */
    private static double nanosPer(double[] numbers, boolean jdk) {
        long sink = 0;
        long t = System.nanoTime();
        for (int round = 0; round < 4; round++) {
            for (double d : numbers) {
                sink += (jdk ? Double.toString(d) : Json.formatNumber(d)).length();
            }
        }
        double ns = (System.nanoTime() - t) / (4.0 * numbers.length);
        return sink == 42 ? ns + 1 : ns;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    // ---- data generation -------------------------------------------------------------------------------

    private static long generate(Path file, long targetBytes) throws IOException {
        SplittableRandom rnd = new SplittableRandom(20261124);
        long bytes = 0;
        double ts = 1795477017.1730728;
        String session = "a0e78b1d5c424034";
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            int seq = 0;
            while (bytes < targetBytes) {
                ts += rnd.nextDouble() * 2;
                String callId = hex(rnd, 12);
                Map<String, Object> data = new LinkedHashMap<>();
                String type;
                Double duration = null;
                String parent = null;
                switch (seq++ % 6) {
                    case 0 -> {
                        type = "llm_request";
                        data.put("model", "claude-sonnet-4-5");
                        data.put("message_count", rnd.nextInt(1, 80));
                        data.put("system_preview", text(rnd, 300));
                    }
                    case 1 -> {
                        type = "llm_response";
                        data.put("content_preview", text(rnd, 1500));
                        data.put("usage", Map.of("input_tokens", rnd.nextInt(100, 200000),
                                "output_tokens", rnd.nextInt(10, 8000)));
                        duration = rnd.nextDouble() * 30000;
                        parent = hex(rnd, 12);
                    }
                    case 2, 4 -> {
                        type = "tool_call";
                        data.put("tool_name", TOOLS[rnd.nextInt(TOOLS.length)]);
                        Map<String, Object> arguments = new LinkedHashMap<>();
                        arguments.put("command", text(rnd, 120));
                        arguments.put("path", "/srv/project/src/" + WORDS[rnd.nextInt(WORDS.length)] + ".py");
                        arguments.put("options", Map.of("timeout", rnd.nextInt(1000, 120000), "recursive",
                                rnd.nextBoolean(), "globs", List.of("*.py", "**/*.md", "src/**")));
                        arguments.put("edits", List.of(Map.of("old", text(rnd, 200), "new", text(rnd, 220)),
                                Map.of("old", text(rnd, 80), "new", text(rnd, 90), "line", rnd.nextInt(1, 5000))));
                        data.put("arguments", arguments);
                        data.put("tool_use_id", "toolu_" + hex(rnd, 24));
                    }
                    default -> {
                        type = "tool_result";
                        data.put("tool_name", TOOLS[rnd.nextInt(TOOLS.length)]);
                        data.put("result", output(rnd, rnd.nextInt(1000, 12000)));
                        data.put("is_error", rnd.nextInt(20) == 0);
                        data.put("content_types", List.of("text"));
                        duration = rnd.nextDouble() * 5000;
                        parent = hex(rnd, 12);
                    }
                }
                TraceEvent e = new TraceEvent(type, ts, callId, session, parent, duration, data);
                String line = e.toLine();
                w.write(line);
                w.write('\n');
                bytes += line.length() + 1; // ASCII-only on disk, so chars == bytes
            }
        }
        return bytes;
    }

    private static String text(SplittableRandom rnd, int approx) {
        StringBuilder sb = new StringBuilder(approx + 16);
        while (sb.length() < approx) {
            sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(rnd.nextInt(12) == 0 ? "\n" : " ");
        }
        return sb.toString();
    }

    /** Multi-KB tool output: code and log lines, indentation, quotes, some unicode. */
    private static String output(SplittableRandom rnd, int approx) {
        StringBuilder sb = new StringBuilder(approx + 128);
        int n = 1;
        while (sb.length() < approx) {
            switch (rnd.nextInt(4)) {
                case 0 -> sb.append(String.format("%5d\t    def handler_%d(self, request):%n", n, rnd.nextInt(1000)));
                case 1 -> sb.append(String.format("%5d\t        return {\"status\": %d, \"body\": \"%s\"}%n", n,
                        200 + rnd.nextInt(300), WORDS[rnd.nextInt(WORDS.length)]));
                case 2 -> sb.append("2026-11-24T00:").append(rnd.nextInt(10, 60)).append(" INFO worker-")
                        .append(rnd.nextInt(16)).append(' ').append(text(rnd, 60).replace('\n', ' ')).append('\n');
                default -> sb.append(String.format("%5d\t# %s%n", n, text(rnd, 50).replace('\n', ' ')));
            }
            n++;
        }
        return sb.toString();
    }

    private static String hex(SplittableRandom rnd, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return sb.toString();
    }
}
