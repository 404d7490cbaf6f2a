import io.github.agentstrace.json.Json;
import io.github.agentstrace.redact.Redactor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Redaction throughput over a realistic corpus (source code, tool outputs, JSON payloads, base64 image data,
 * a few .env files with secrets), against copying the same strings in the same run, plus the per-event cost
 * of redacting a typical Claude Code PostToolUse payload, and the cold-start cost a one-shot hook process pays. Medians of thread CPU time over several rounds.
 *
 * <p>Run: {@code bench/redact-bench.sh [rounds]} (compiles the project first if needed).
 */
public final class RedactBench {
    private static volatile Object sink;
    /** Thread CPU time, not wall-clock: the build machine is shared, and waiting for a core is not our cost. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws IOException {
        // cold start, as a hook process sees it: compile the detectors, redact one payload
        long c0 = CPU.getCurrentThreadCpuTime();
        Redactor cold = Redactor.standard();
        long c1 = CPU.getCurrentThreadCpuTime();
        sink = cold.redactValue(smallPayload());
        long c2 = CPU.getCurrentThreadCpuTime();
        sink = cold.redactValue(hookPayload("export DB_PASSWORD=" + "x1".repeat(8) + "\nclass A {}\n".repeat(200)));
        long c3 = CPU.getCurrentThreadCpuTime();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        Map<String, List<String>> corpus = new LinkedHashMap<>();
        corpus.put("code", code(root));
        corpus.put("tool output", toolOutputs());
        corpus.put("json", jsonTexts(corpus.get("code")));
        corpus.put("base64 image", List.of(image(200_000)));
        corpus.put("env with secrets", envFiles());
        List<String> all = new ArrayList<>();
        corpus.values().forEach(all::addAll);

        Redactor standard = Redactor.standard();
        Redactor off = Redactor.disabled();
        System.out.printf("agent-strace redaction benchmark: %d rounds, medians of thread CPU time, JDK %s%n%n", rounds,
                System.getProperty("java.version"));
        System.out.printf("%-18s %9s %12s %12s %12s %9s%n", "corpus", "MB", "copy MB/s", "redact MB/s",
                "off MB/s", "ratio");
        for (List<String> strings : corpus.values()) {
            row(null, strings, standard, off, 2); // warm-up, not printed
        }
        for (Map.Entry<String, List<String>> e : corpus.entrySet()) {
            row(e.getKey(), e.getValue(), standard, off, rounds);
        }
        row("all", all, standard, off, rounds);

        Map<String, Object> payload = hookPayload(corpus.get("code").get(0));
        int bytes = Json.write(payload).getBytes(StandardCharsets.UTF_8).length;
        double redactUs = medianMicros(() -> sink = standard.redactValue(payload), rounds, 2000);
        double writeUs = medianMicros(() -> sink = Json.write(payload), rounds, 2000);
        double offUs = medianMicros(() -> sink = off.redactValue(payload), rounds, 2000);
        System.out.printf("%nper event: PostToolUse(Read) payload of %d bytes%n", bytes);
        System.out.printf("  redactValue (standard)  %8.1f us%n", redactUs);
        System.out.printf("  redactValue (disabled)  %8.1f us%n", offUs);
        System.out.printf("  Json.write of the event %8.1f us   (baseline: the serialisation every append does)%n",
                writeUs);
        Map<String, Object> small = smallPayload();
        double smallUs = medianMicros(() -> sink = standard.redactValue(small), rounds, 20000);
        System.out.printf("  redactValue, PreToolUse(Bash) of %d bytes %8.2f us%n",
                Json.write(small).length(), smallUs);
        System.out.printf("%ncold start (thread CPU time, first use in a fresh JVM, as in a hook process):%n");
        System.out.printf("  Redactor.standard() (load + compile detectors) %6.1f ms%n", (c1 - c0) / 1e6);
        System.out.printf("  first PreToolUse payload                        %6.1f ms%n", (c2 - c1) / 1e6);
        System.out.printf("  first PostToolUse(Read) payload with a secret    %6.1f ms%n", (c3 - c2) / 1e6);
    }

    private static void row(String name, List<String> strings, Redactor standard, Redactor off, int rounds) {
        long chars = strings.stream().mapToLong(String::length).sum();
        double mb = chars / 1e6;
        int reps = (int) Math.max(1, 2_000_000 / Math.max(1, chars));
        double copy = medianSeconds(() -> {
            for (String s : strings) {
                sink = new String(s.toCharArray());
            }
        }, rounds, reps);
        double red = medianSeconds(() -> {
            for (String s : strings) {
                sink = standard.redact(s);
            }
        }, rounds, reps);
        double dis = medianSeconds(() -> {
            for (String s : strings) {
                sink = off.redact(s);
            }
        }, rounds, reps);
        if (name != null) {
            System.out.printf("%-18s %9.3f %12.0f %12.0f %12.0f %8.1fx%n", name, mb, mb / copy, mb / red, mb / dis,
                    red / copy);
        }
    }

    /** Median seconds for one run of {@code body} (each sample runs it {@code reps} times). */
    private static double medianSeconds(Runnable body, int rounds, int reps) {
        for (int i = 0; i < 3; i++) {
            for (int r = 0; r < reps; r++) {
                body.run();
            }
        }
        double[] samples = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int r = 0; r < reps; r++) {
                body.run();
            }
            samples[i] = (CPU.getCurrentThreadCpuTime() - t0) / 1e9 / reps;
        }
        Arrays.sort(samples);
        return samples[rounds / 2];
    }

    private static double medianMicros(Runnable body, int rounds, int reps) {
        return medianSeconds(body, rounds, reps) * 1e6;
    }

    private static List<String> code(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        Path src = root.resolve("src/main/java");
        if (Files.isDirectory(src)) {
            try (Stream<Path> files = Files.walk(src)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    out.add(Files.readString(p));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no sources under " + src + "; run from the project root");
        }
        return out;
    }

    private static List<String> toolOutputs() {
        Random rnd = new Random(1);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            StringBuilder ls = new StringBuilder("total 128\n");
            for (int i = 0; i < 40; i++) {
                ls.append(String.format("-rw-r--r--  1 dev dev %6d Nov 24 00:%02d src/main/java/File%03d.java%n",
                        rnd.nextInt(99999), i % 60, i));
            }
            out.add(ls.toString());
            StringBuilder log = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                log.append("commit ").append(hex(rnd, 40)).append("\nAuthor: Dev ").append(i)
                        .append(" <dev").append(i).append("@example.com>\nDate:   Tue Nov 24 00:21:55 2026 +0000\n\n")
                        .append("    Fix token counting in the usage parser (#").append(100 + i).append(")\n\n");
            }
            out.add(log.toString());
            StringBuilder test = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                test.append("[INFO] Tests run: ").append(rnd.nextInt(40)).append(", Failures: 0, Errors: 0, Skipped: 0,")
                        .append(" Time elapsed: 0.").append(rnd.nextInt(999)).append(" s - in io.github.agentstrace.")
                        .append("store.SessionWriterTest").append(i).append('\n');
            }
            out.add(test.toString());
        }
        return out;
    }

    private static List<String> jsonTexts(List<String> code) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            out.add(Json.write(hookPayload(code.get(i))));
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("id", "msg_01" + i);
            usage.put("model", "claude-opus");
            usage.put("usage", Map.of("input_tokens", 1200 + i, "output_tokens", 340, "cache_read_input_tokens", 0));
            usage.put("content", List.of(Map.of("type", "text", "text", "Done: updated the token counter and tests.")));
            out.add(Json.write(usage));
        }
        out.add("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"login\",\"inputSchema\":{\"type\":\"object\","
                + "\"properties\":{\"user\":{\"type\":\"string\"},\"password\":{\"type\":\"string\"}}}}]}}");
        return out;
    }

    private static List<String> envFiles() {
        Random rnd = new Random(3);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add("# service " + i + "\nDB_HOST=db" + i + ".internal\nDB_PASSWORD=" + alnum(rnd, 16)
                    + "\nOPENAI_API_KEY=sk-proj-" + alnum(rnd, 120) + "\nDATABASE_URL=postgres://app:" + alnum(rnd, 12)
                    + "@db/prod\nLOG_LEVEL=info\nGITHUB_TOKEN=ghp_" + alnum(rnd, 36) + "\n");
        }
        return out;
    }

    private static Map<String, Object> hookPayload(String fileContent) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("session_id", "b0e0a9aa-683d-4f97-b020-e509b06f918e");
        p.put("transcript_path", "/home/dev/.claude/projects/-home-dev-project/b0e0a9aa-683d-4f97-b020-e509b06f918e.jsonl");
        p.put("cwd", "/home/dev/project");
        p.put("prompt_id", "1476882a-c135-4184-a063-606113b08597");
        p.put("permission_mode", "default");
        p.put("hook_event_name", "PostToolUse");
        p.put("tool_name", "Read");
        p.put("tool_input", Map.of("file_path", "/home/dev/project/src/Main.java"));
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("filePath", "/home/dev/project/src/Main.java");
        file.put("content", fileContent.length() > 4000 ? fileContent.substring(0, 4000) : fileContent);
        file.put("numLines", 120);
        file.put("startLine", 1);
        file.put("totalLines", 120);
        p.put("tool_response", Map.of("type", "text", "file", file));
        p.put("tool_use_id", "toolu_01ABCdefGHIjklMNOpqrSTu");
        p.put("duration_ms", 12);
        return p;
    }

    private static Map<String, Object> smallPayload() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("session_id", "b0e0a9aa-683d-4f97-b020-e509b06f918e");
        p.put("cwd", "/home/dev/project");
        p.put("hook_event_name", "PreToolUse");
        p.put("tool_name", "Bash");
        p.put("tool_input", Map.of("command", "mvn -q test -Dtest=SessionWriterTest", "description", "Run the tests"));
        p.put("tool_use_id", "toolu_01ABCdefGHIjklMNOpqrSTu");
        return p;
    }

    private static String image(int bytes) {
        byte[] b = new byte[bytes];
        new Random(7).nextBytes(b);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(b);
    }

    private static String hex(Random rnd, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append("0123456789abcdef".charAt(rnd.nextInt(16)));
        }
        return b.toString();
    }

    private static String alnum(Random rnd, int n) {
        String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(a.charAt(rnd.nextInt(a.length())));
        }
        return b.toString();
    }
}
