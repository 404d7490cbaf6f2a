import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a trace directory of many Claude Code–like sessions for {@code bench/search-bench.sh}, deterministically:
 * lines serialised by {@link TraceEvent#toLine} (the on-disk form, ASCII only), meta.json as the store writes it.
 *
 * <pre>  java -cp target/agent-strace.jar bench/SearchGen.java DIR [--mb 1024] [--session-kb 1024] [--seed 7]</pre>
 *
 * Each session has prompts, Bash/Read/Edit/Grep/MCP calls and their results (a few KB of text now and then),
 * LLM turns with usage and about 4% failures; text in several scripts. Planted words, for the benchmark:
 * {@code zanzibar} on one line in 2,000 ({@code rare}), {@code quokka} on one line in 40 ({@code common}).
 * Every tenth session is a subagent of the one before. Prints what it wrote.
 */
public final class SearchGen {
    private static final String[] WORDS = {"the", "test", "fails", "because", "login", "returns", "None", "when",
        "password", "is", "empty", "fix", "handler", "module", "config", "cache", "retry", "parse", "résumé",
        "naïve", "日本語", "данные", "assert", "token", "expired", "request", "timeout", "server", "build"};
    private static final String[] COMMANDS = {"python3 -m pytest tests/ -q", "git status --short", "ls -la src",
        "npm test -- --watch=false", "cargo build --release", "go vet ./...", "make lint", "git diff --stat"};
    private static final String[] FILES = {"src/auth/login.py", "src/auth/session.py", "src/api/routes.py",
        "tests/test_login.py", "README.md", "src/util/retry.py", "docs/設計.md", "src/models/user.py"};
    private static final String[] TOOLS = {"Bash", "Read", "Edit", "Grep", "mcp__github__get_issue"};

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long mb = 1024;
        long sessionKb = 1024;
        long seed = 7;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--mb" -> mb = Long.parseLong(args[++i]);
                case "--session-kb" -> sessionKb = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        long target = mb << 20;
        long written = 0;
        long lines = 0;
        int sessions = 0;
        double clock = 1795000000.0;
        String previous = null;
        while (written < target) {
            String id = String.format("s%015x", sessions);
            boolean subagent = sessions % 10 == 9 && previous != null;
            Path sdir = Files.createDirectories(dir.resolve(id));
            long bytes = 0;
            double start = clock;
            try (BufferedWriter w = Files.newBufferedWriter(sdir.resolve("events.ndjson"), StandardCharsets.UTF_8)) {
                long n = 0;
                String call = null;
                String tool = "Bash";
                while (bytes < sessionKb << 10) {
                    clock += 0.05 + rnd.nextDouble();
                    String eid = String.format("%012x", lines + n);
                    Map<String, Object> data = new LinkedHashMap<>();
                    String type;
                    long k = n % 6;
                    if (n == 0) {
                        type = "session_start";
                        data.put("mode", "claude-code-hooks");
                        data.put("cwd", "/home/dev/project");
                    } else if (k == 1) {
                        type = "user_prompt";
                        data.put("prompt", sentence(rnd, 12));
                    } else if (k == 2 || k == 4) {
                        type = "tool_call";
                        tool = TOOLS[rnd.nextInt(TOOLS.length)];
                        data.put("tool_name", tool);
                        Map<String, Object> a = new LinkedHashMap<>();
                        switch (tool) {
                            case "Bash" -> a.put("command", COMMANDS[rnd.nextInt(COMMANDS.length)]);
                            case "Grep" -> a.put("pattern", WORDS[rnd.nextInt(WORDS.length)]);
                            case "mcp__github__get_issue" -> a.put("number", rnd.nextInt(900));
                            default -> a.put("file_path", "/home/dev/project/" + FILES[rnd.nextInt(FILES.length)]);
                        }
                        data.put("arguments", a);
                        data.put("tool_use_id", "toolu_" + eid);
                        call = eid;
                    } else if (k == 3 || k == 5) {
                        boolean failed = rnd.nextInt(25) == 0;
                        type = failed ? "error" : "tool_result";
                        data.put("tool_name", tool);
                        data.put(failed ? "error" : "result", rnd.nextInt(30) == 0 ? sentence(rnd, 600) : sentence(rnd, 20));
                        data.put("tool_use_id", "toolu_" + call);
                    } else {
                        type = "llm_response";
                        data.put("model", "claude-sonnet-4-5");
                        data.put("input_tokens", 1000 + rnd.nextInt(5000));
                        data.put("output_tokens", 100 + rnd.nextInt(900));
                        data.put("content", sentence(rnd, 25));
                    }
                    long line = lines + n;
                    if (line % 2000 == 1000) {
                        data.put("note", "zanzibar");
                    }
                    if (line % 40 == 20) {
                        data.put("tag", "quokka");
                    }
                    TraceEvent e = new TraceEvent(type, clock, eid, id, k == 3 || k == 5 ? call : null,
                            k == 3 || k == 5 ? 10.0 + rnd.nextInt(3000) : null, data);
                    String text = e.toLine();
                    w.write(text);
                    w.write('\n');
                    bytes += text.length() + 1;
                    n++;
                }
                lines += n;
            }
            SessionMeta meta = SessionMeta.start(id, start, subagent ? "claude-code/Explore" : "claude-code",
                    "claude-code (startup)").endedAt(clock);
            if (subagent) {
                meta = meta.withParent(previous, "", 1);
            } else {
                previous = id;
            }
            Files.writeString(sdir.resolve("meta.json"), Json.write(meta.toJson(), Json.Style.PRETTY_ASCII));
            written += bytes;
            sessions++;
            clock += 600;
        }
        System.out.printf("%s: %d sessions, %d events, %.1f MB%n", dir, sessions, lines, written / 1048576.0);
    }

    private static String sentence(SplittableRandom rnd, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(i % 15 == 0 ? "\n" : " ");
            }
            sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }
}
