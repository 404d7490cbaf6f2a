import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes benchmark trace directories in the on-disk format (lines serialised by {@link TraceEvent#toLine},
 * meta.json as the store writes it), deterministically from a seed.
 *
 * <pre>
 *   java -cp target/classes bench/GenSession.java session DIR [--events 300000] [--seed 18] [--id ID]
 *   java -cp target/classes bench/GenSession.java many DIR [--sessions 10000] [--seed 18]
 * </pre>
 *
 * {@code session}: one Claude Code–like session of N events (about 330 bytes a line on average, so 300k
 * events are about 100 MB): prompts, LLM turns with exact token usage, Bash/Read/Edit/Write/Grep/MCP tool
 * calls and their results (sometimes two calls in flight that finish out of order), about 4% failures,
 * short outputs and some of several KB, text in several scripts and emoji. {@code many}: N small sessions
 * (5 to 40 events each, every tenth a subagent of the one before), for {@code list}. Prints what it wrote.
 */
public final class GenSession {
    private static final String[] WORDS = {"the", "test", "fails", "because", "login", "returns", "None",
        "when", "password", "is", "empty", "fix", "handler", "module", "config", "cache", "retry", "parse",
        "résumé", "naïve", "日本語", "テスト", "данные", "λ→∞", "emoji😀", "✓"};
    private static final String[] FILES = {"src/auth/login.py", "src/auth/session.py", "src/api/routes.py",
        "tests/test_login.py", "README.md", "src/util/retry.py", "docs/設計.md", "src/models/user.py",
        "package.json", "src/server/handler.go", "Cargo.toml", "src/lib/données.rs"};
    private static final String[] COMMANDS = {"python3 -m pytest tests/ -q", "git status --short", "ls -la src",
        "npm test -- --watch=false", "grep -rn 'TODO' src", "cargo build --release", "go vet ./...",
        "make lint", "git diff --stat HEAD~1", "docker compose ps"};
    private static final String[] MCP = {"mcp__github__get_issue", "mcp__github__create_pull_request",
        "mcp__filesystem__read_text_file", "mcp__postgres__query", "mcp__slack__post_message"};
    private static final String[] MODELS = {"claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5"};

    private final SplittableRandom rnd;
    private final String sessionId;
    private double clock;
    private String promptId;

    private GenSession(long seed, String sessionId, double start) {
        this.rnd = new SplittableRandom(seed);
        this.sessionId = sessionId;
        this.clock = start;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: GenSession session|many DIR [--events N] [--sessions N] [--seed S] [--id ID]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        long events = 300_000;
        int sessions = 10_000;
        long seed = 18;
        String id = "bench0000000001";
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--sessions" -> sessions = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--id" -> id = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(dir);
        switch (args[0]) {
            case "session" -> {
                GenSession g = new GenSession(seed, id, 1795477000.0 + (seed % 1000));
                long bytes = g.writeSession(dir, events, null);
                System.out.printf("%s/%s: %d events, %.1f MB%n", dir, id, events, bytes / 1e6);
            }
            case "many" -> {
                long bytes = 0;
                String parent = null;
                SplittableRandom ids = new SplittableRandom(seed);
                for (int i = 0; i < sessions; i++) {
                    String sid = hex(ids, 16);
                    GenSession g = new GenSession(seed * 31 + i, sid, 1795000000.0 + i * 600.0 + ids.nextDouble() * 60);
                    boolean child = i % 10 == 9 && parent != null;
                    bytes += g.writeSession(dir, 5 + g.rnd.nextInt(36), child ? parent : null);
                    parent = sid;
                }
                System.out.printf("%s: %d sessions, %.1f MB of events%n", dir, sessions, bytes / 1e6);
            }
            default -> throw new IllegalArgumentException("session or many, not " + args[0]);
        }
    }

    /** Writes one session directory; returns the size of its events file. */
    private long writeSession(Path traces, long n, String parentSession) throws IOException {
        Path dir = Files.createDirectories(traces.resolve(sessionId));
        SessionMeta meta = SessionMeta.start(sessionId, clock, "claude-code", "claude-code (startup)");
        long bytes = 0;
        long toolCalls = 0;
        long llm = 0;
        long errors = 0;
        long tokens = 0;
        double started = clock;
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(dir.resolve("events.ndjson"), StandardCharsets.UTF_8), 1 << 16)) {
            List<TraceEvent> pending = new ArrayList<>();
            long written = 0;
            pending.add(event("session_start", null, null, map("mode", "claude-code-hooks", "source", "startup",
                    "cwd", "/home/dev/project", "redaction", "on")));
            while (written < n - 1) { // the last line is the session_end
                if (pending.isEmpty()) {
                    turn(pending, n - written - 1);
                }
                TraceEvent e = pending.remove(0);
                String line = e.toLine();
                w.write(line);
                w.write('\n');
                bytes += line.length() + 1;
                written++;
                switch (e.type()) {
                    case "tool_call" -> toolCalls++;
                    case "llm_request" -> llm++;
                    case "error" -> errors++;
                    case "llm_response" -> tokens += ((Number) e.data().get("total_tokens")).longValue();
                    default -> { }
                }
            }
            clock += 0.5;
            TraceEvent end = event("session_end", null, (clock - started) * 1000.0,
                    map("duration_ms", (clock - started) * 1000.0, "reason", "other"));
            String line = end.toLine();
            w.write(line);
            w.write('\n');
            bytes += line.length() + 1;
        }
        meta = meta.withCounts(toolCalls, llm, errors).withTotalTokens(tokens).endedAt(clock)
                .withAttribution(map("os_user", "dev", "agent_provider", "claude-code", "working_dir", "/home/dev/project"));
        if (parentSession != null) {
            meta = meta.withParent(parentSession, hex(rnd, 12), 1);
        }
        Files.writeString(dir.resolve("meta.json"), Json.write(meta.toJson(), Json.Style.PRETTY_ASCII));
        return bytes;
    }

    /** One agent turn: sometimes a prompt, an LLM turn, then one or two tool calls with their outcomes. */
    private void turn(List<TraceEvent> out, long budget) {
        if (promptId == null || rnd.nextInt(60) == 0) {
            promptId = uuid();
            out.add(event("user_prompt", null, null, map("prompt", sentence(8 + rnd.nextInt(30)), "prompt_id", promptId)));
        }
        String model = MODELS[rnd.nextInt(MODELS.length)];
        String messageId = "msg_" + hex(rnd, 24);
        TraceEvent request = event("llm_request", null, null, map("model", model, "message_id", messageId,
                "source", "transcript"));
        out.add(request);
        clock += 1 + rnd.nextDouble() * 8;
        long in = 3 + rnd.nextInt(400);
        long outTokens = 20 + rnd.nextInt(900);
        long cacheWrite = rnd.nextInt(4) == 0 ? rnd.nextInt(6000) : 0;
        long cacheRead = 10_000 + rnd.nextInt(90_000);
        out.add(event("llm_response", request.eventId(), (clock - request.timestamp()) * 1000.0, map("model", model,
                "message_id", messageId, "stop_reason", "tool_use", "input_tokens", in, "output_tokens", outTokens,
                "cache_creation_input_tokens", cacheWrite, "cache_read_input_tokens", cacheRead,
                "total_tokens", in + outTokens + cacheWrite + cacheRead, "source", "transcript")));
        if (budget < 8) {
            return;
        }
        int calls = rnd.nextInt(3) == 0 ? 2 + rnd.nextInt(2) : 1; // parallel calls finish out of order
        List<TraceEvent> callEvents = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            TraceEvent call = call();
            callEvents.add(call);
            out.add(call);
        }
        for (int i = calls - 1; i >= 0; i--) {
            out.add(outcome(callEvents.get(i)));
        }
        if (rnd.nextInt(40) == 0) {
            out.add(event("assistant_response", null, null, map("text", "## Done\n\n- " + sentence(12) + "\n- **"
                    + sentence(4) + "** `" + FILES[rnd.nextInt(FILES.length)] + "`", "prompt_id", promptId)));
        }
    }

    private TraceEvent call() {
        int kind = rnd.nextInt(100);
        String tool;
        Map<String, Object> args;
        if (kind < 35) {
            tool = "Bash";
            args = map("command", COMMANDS[rnd.nextInt(COMMANDS.length)], "description", sentence(3));
        } else if (kind < 60) {
            tool = "Read";
            args = map("file_path", "/home/dev/project/" + FILES[rnd.nextInt(FILES.length)]);
        } else if (kind < 75) {
            tool = "Edit";
            args = map("file_path", "/home/dev/project/" + FILES[rnd.nextInt(FILES.length)],
                    "old_string", code(1), "new_string", code(2), "replace_all", false);
        } else if (kind < 80) {
            tool = "Write";
            args = map("file_path", "/home/dev/project/" + FILES[rnd.nextInt(FILES.length)], "content", code(4));
        } else if (kind < 88) {
            tool = "Grep";
            args = map("pattern", WORDS[rnd.nextInt(WORDS.length)] + "\\(", "path", "src", "output_mode", "content");
        } else {
            tool = MCP[rnd.nextInt(MCP.length)];
            args = map("owner", "acme", "repo", "api", "issue_number", rnd.nextInt(1, 5000));
        }
        clock += rnd.nextDouble() * 0.05;
        return event("tool_call", null, null, map("tool_name", tool, "arguments", args,
                "tool_use_id", "toolu_" + hex(rnd, 24), "prompt_id", promptId));
    }

    private TraceEvent outcome(TraceEvent call) {
        String tool = (String) call.data().get("tool_name");
        clock += rnd.nextDouble() * (tool.startsWith("mcp__") ? 2 : 0.5);
        double duration = (clock - call.timestamp()) * 1000.0;
        Object useId = call.data().get("tool_use_id");
        if (rnd.nextInt(25) == 0) {
            String error = tool.equals("Bash") ? "Exit code " + (1 + rnd.nextInt(3)) + "\n" + sentence(10)
                    : tool.startsWith("mcp__") ? "MCP error -32602: " + sentence(6) : "File has not been read yet";
            return event("error", call.eventId(), duration, map("tool_name", tool, "error", error,
                    "is_interrupt", false, "tool_use_id", useId, "prompt_id", promptId));
        }
        // Mostly short outputs; one in 60 is several KB (a file, a test log).
        int lines = rnd.nextInt(60) == 0 ? 20 + rnd.nextInt(60) : 1 + rnd.nextInt(2);
        Object result = switch (tool) {
            case "Bash" -> output(lines);
            case "Read" -> "{\"type\":\"text\",\"file\":{\"filePath\":"
                    + Json.write(((Map<?, ?>) call.data().get("arguments")).get("file_path")) + ",\"content\":" + Json.write(code(lines)) + ",\"numLines\":" + lines + "}}";
            case "Edit", "Write" -> "The file has been updated.";
            default -> map("content", List.of(map("type", "text", "text", output(lines))), "isError", false);
        };
        return event("tool_result", call.eventId(), duration, map("tool_name", tool, "result", result,
                "tool_use_id", useId, "prompt_id", promptId));
    }

    private TraceEvent event(String type, String parent, Double durationMs, Map<String, Object> data) {
        clock += 0.001 + rnd.nextDouble() * 0.2;
        return new TraceEvent(type, clock, hex(rnd, 12), sessionId, parent, durationMs, data);
    }

    private String sentence(int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private String code(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("    ".repeat(rnd.nextInt(3))).append(switch (rnd.nextInt(4)) {
                case 0 -> "def " + WORDS[rnd.nextInt(WORDS.length)] + "(self, value):";
                case 1 -> "return \"" + sentence(3) + "\"";
                case 2 -> "# " + sentence(6);
                default -> "result = cache.get(key) or retry(parse, key, attempts=" + rnd.nextInt(10) + ")";
            }).append('\n');
        }
        return sb.toString();
    }

    private String output(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(switch (rnd.nextInt(3)) {
                case 0 -> FILES[rnd.nextInt(FILES.length)] + ":" + rnd.nextInt(1, 900) + ": " + sentence(5);
                case 1 -> "PASSED tests/test_" + WORDS[rnd.nextInt(WORDS.length)] + ".py::test_" + rnd.nextInt(200);
                default -> sentence(9);
            });
        }
        return sb.toString();
    }

    private String uuid() {
        return hex(rnd, 8) + "-" + hex(rnd, 4) + "-" + hex(rnd, 4) + "-" + hex(rnd, 4) + "-" + hex(rnd, 12);
    }

    private static String hex(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
