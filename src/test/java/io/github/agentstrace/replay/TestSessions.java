package io.github.agentstrace.replay;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sessions written in tests through the project's own {@link SessionWriter}: every event type, every
 * Claude Code tool, MCP tools, each way a failure is reported, an unknown event type and a pending call.
 */
public final class TestSessions {
    public static final String KITCHEN_SINK = "kitchen-sink-0001";
    public static final String PARENT = "parent-0001";
    public static final String CHILD = "child-0001";
    public static final String GRANDCHILD = "grandchild-0001";
    static final double T0 = 1795477000.0;

    private TestSessions() {
    }

    /** A JSON-ish map from alternating keys and values, in order. */
    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static final class Builder {
        private final SessionWriter writer;
        private final String sessionId;
        private int n;

        Builder(TraceStore store, SessionMeta meta) {
            store.create(meta, Redactor.disabled());
            this.sessionId = meta.sessionId();
            this.writer = store.writer(sessionId, Redactor.disabled());
        }

        String add(String type, double offset, String parent, Double dur, Map<String, Object> data) {
            String id = String.format("%s%04d", sessionId.substring(0, Math.min(8, sessionId.length())), ++n);
            writer.append(new TraceEvent(type, T0 + offset, id, sessionId, parent, dur, data));
            return id;
        }

        String add(EventType type, double offset, String parent, Double dur, Map<String, Object> data) {
            return add(type.wire(), offset, parent, dur, data);
        }

        String call(double offset, String tool, Map<String, Object> args) {
            return add(EventType.TOOL_CALL, offset, null, null, map("tool_name", tool, "arguments", args));
        }

        void result(double offset, String parent, double dur, Map<String, Object> data) {
            add(EventType.TOOL_RESULT, offset, parent, dur, data);
        }

        void close() {
            writer.close();
        }
    }

    /** Writes the kitchen-sink session into {@code traceDir}. */
    public static void kitchenSink(Path traceDir) {
        TraceStore store = new TraceStore(traceDir);
        Builder b = new Builder(store, SessionMeta.start(KITCHEN_SINK, T0, "claude-code", "claude-code (startup)"));
        b.add(EventType.SESSION_START, 0, null, null, map("mode", "claude-code-hooks", "source", "startup",
                "model", "claude-sonnet-4-5", "redaction", "off"));
        b.add(EventType.USER_PROMPT, 0.5, null, null, map("prompt", "Fix test_auth.py::test_login and __init__.py\nplease"));
        String c;
        c = b.call(1, "Bash", map("command", "pytest tests/test_auth.py -q\necho done", "description", "run tests"));
        b.result(2.2, c, 1200.0, map("tool_name", "Bash", "result",
                map("stdout", "FAILED tests/test_auth.py::test_login - **boom**", "stderr", "", "interrupted", false)));
        c = b.call(3, "Bash", map("command", "exit 3"));
        b.result(3.1, c, 21.0, map("tool_name", "Bash", "error", "Exit code 3", "is_interrupt", false, "exit_code", 3));
        c = b.call(3.5, "Bash", map("command", "sleep 100", "run_in_background", true));
        b.result(4.5, c, 1000.0, map("tool_name", "Bash", "is_interrupt", true, "error", "Interrupted by user"));
        c = b.call(4.6, "Bash", map("command", "git status --short"));
        b.result(4.7, c, 50.0, map("tool_name", "Bash", "stdout", " M src/app.py", "stderr", "", "exit_code", 0));
        c = b.call(5, "Read", map("file_path", "/home/dev/project/src/app.py", "offset", 10, "limit", 20));
        b.result(5.04, c, 40.0, map("tool_name", "Read", "result", map("type", "text",
                "file", map("filePath", "/home/dev/project/src/app.py", "content", "def main():\n    pass\n", "numLines", 2))));
        c = b.call(6, "Write", map("file_path", "/home/dev/project/notes.md", "content", "first line\nsecond line\n"));
        b.result(6.01, c, 9.0, map("tool_name", "Write", "result", map("type", "create", "filePath", "/home/dev/project/notes.md")));
        c = b.call(7, "Edit", map("file_path", "/home/dev/project/notes.md", "old_string", "first line",
                "new_string", "edited line", "replace_all", true));
        b.result(7.02, c, 21.0, map("tool_name", "Edit", "result", map("filePath", "/home/dev/project/notes.md",
                "oldString", "first line", "newString", "edited line")));
        c = b.call(8, "MultiEdit", map("file_path", "/home/dev/project/a.py", "edits",
                List.of(map("old_string", "a", "new_string", "b"), map("old_string", "c", "new_string", "d"))));
        b.result(8.1, c, 100.0, map("tool_name", "MultiEdit", "result", "Applied 2 edits"));
        c = b.call(9, "Glob", map("pattern", "**/*_test.py", "path", "src"));
        b.result(9.05, c, 50.0, map("tool_name", "Glob", "result", map("filenames", List.of("src/a_test.py", "src/b_test.py"))));
        c = b.call(10, "Grep", map("pattern", "def check_(user|admin)", "path", "src", "glob", "*.py"));
        b.result(10.2, c, 200.0, map("tool_name", "Grep", "result", "src/passwords.py:12:def check_user(user):"));
        c = b.call(11, "WebFetch", map("url", "https://example.com/docs", "prompt", "summarise"));
        b.result(12.5, c, 1500.0, map("tool_name", "WebFetch", "result", "# Docs\n\nSome *useful* text with snake_case_name."));
        c = b.call(13, "WebSearch", map("query", "junit 5 parameterized tests"));
        b.result(14, c, 1000.0, map("tool_name", "WebSearch", "result", "3 results"));
        c = b.call(15, "Task", map("description", "Review the diff", "prompt", "Review the diff in detail", "subagent_type", "code-reviewer"));
        b.result(25, c, 10000.0, map("tool_name", "Task", "result", map("status", "completed",
                "content", List.of(map("type", "text", "text", "Looks good.")))));
        c = b.call(26, "Agent", map("description", "Background check", "prompt", "Check things", "subagent_type",
                "general-purpose", "run_in_background", true));
        b.result(26.1, c, 100.0, map("tool_name", "Agent", "result", map("status", "async_launched", "agentId", "aa7ddf1d")));
        c = b.call(27, "TodoWrite", map("todos", List.of(
                map("content", "Fix bug", "status", "completed", "activeForm", "Fixing bug"),
                map("content", "Run tests", "status", "in_progress", "activeForm", "Running tests"),
                map("content", "Write docs", "status", "pending", "activeForm", "Writing docs"))));
        b.result(27.01, c, 10.0, map("tool_name", "TodoWrite", "result", "Todos have been modified successfully"));
        c = b.call(28, "NotebookEdit", map("notebook_path", "/home/dev/nb.ipynb", "cell_id", "cell-3", "edit_mode", "replace",
                "new_source", "print(1)"));
        b.result(28.3, c, 300.0, map("tool_name", "NotebookEdit", "result", "Updated cell cell-3"));
        c = b.call(29, "mcp__github__create_issue", map("owner", "acme", "repo", "api", "title", "Login broken", "labels", List.of("bug")));
        b.result(29.8, c, 800.0, map("tool_name", "mcp__github__create_issue", "result",
                map("content", List.of(map("type", "text", "text", "Issue #42 created")), "isError", false)));
        c = b.call(30, "mcp__github__get_issue", map("number", 99));
        b.result(30.4, c, 400.0, map("tool_name", "mcp__github__get_issue", "result",
                map("content", List.of(map("type", "text", "text", "Not found")), "isError", true)));
        c = b.add(EventType.TOOL_CALL, 31, null, null, map("tool_name", "query_db", "arguments", map("sql", "select 1"),
                "request_id", 7, "mcp_method", "tools/call"));
        b.add(EventType.TOOL_RESULT, 31.5, null, null, map("request_id", 7, "content_types", List.of("text"),
                "content_preview", "1 row", "is_error", true, "mcp_method", "tools/call"));
        String llm = b.add(EventType.LLM_REQUEST, 32, null, null, map("model", "claude-sonnet-4-5", "message_count", 3,
                "last_message", map("role", "user", "content_preview", "What next?")));
        b.add(EventType.LLM_RESPONSE, 34, llm, 2000.0, map("content_preview", "Run the **tests** again", "total_tokens", 1234));
        b.add(EventType.DECISION, 34.5, null, null, map("choice", "rerun_tests", "reason", "the fix looks right",
                "alternatives", List.of("stop")));
        b.add(EventType.FILE_READ, 35, null, null, map("uri", "file:///srv/demo/notes.txt", "mcp_method", "resources/read"));
        b.add(EventType.FILE_WRITE, 35.5, null, null, map("uri", "file:///srv/demo/out.txt"));
        b.add(EventType.ERROR, 36, null, null, map("message", "Rate limited: retry in 5s", "code", 429));
        b.add("checkpoint", 37, null, null, map("label", "before deploy", "files", 3));
        b.call(38, "Bash", map("command", "npm run deploy"));
        b.add(EventType.ASSISTANT_RESPONSE, 39, null, null, map("text",
                "## Done\n\n- Fixed `test_auth.py::test_login`\n- **All** tests pass\n\n| a | b |\n|---|---|\n| 1 | 2 |"));
        b.add(EventType.SESSION_END, 40, null, null, map("exit_code", 1, "duration_ms", 40000.0, "reason", "other"));
        b.close();
        store.updateMeta(KITCHEN_SINK, m -> m.endedAt(T0 + 40));
    }

    /** A parent session with one subagent (linked to its Task call) which has a subagent of its own. */
    public static void subagents(Path traceDir) {
        TraceStore store = new TraceStore(traceDir);
        Builder p = new Builder(store, SessionMeta.start(PARENT, T0, "claude-code", "claude-code (startup)"));
        p.add(EventType.SESSION_START, 0, null, null, map());
        p.add(EventType.USER_PROMPT, 1, null, null, map("prompt", "review and fix"));
        String task = p.call(2, "Task", map("description", "Review", "prompt", "Review it", "subagent_type", "reviewer"));
        Builder c = new Builder(store, SessionMeta.start(CHILD, T0 + 2.5, "reviewer", "")
                .withParent(PARENT, task, 1));
        c.add(EventType.SESSION_START, 2.5, null, null, map());
        String read = c.call(3, "Read", map("file_path", "/src/a.py"));
        c.result(3.5, read, 500.0, map("tool_name", "Read", "result", "code"));
        Builder g = new Builder(store, SessionMeta.start(GRANDCHILD, T0 + 4, "helper", "").withParent(CHILD, "", 2));
        g.add(EventType.SESSION_START, 4, null, null, map());
        String bash = g.call(4.5, "Bash", map("command", "ls"));
        g.add(EventType.ERROR, 5, bash, 500.0, map("tool_name", "Bash", "error", "ls: permission denied"));
        g.add(EventType.SESSION_END, 5.5, null, null, map());
        g.close();
        store.updateMeta(GRANDCHILD, m -> m.endedAt(T0 + 5.5));
        c.add(EventType.SESSION_END, 6, null, null, map());
        c.close();
        store.updateMeta(CHILD, m -> m.endedAt(T0 + 6));
        p.result(7, task, 5000.0, map("tool_name", "Task", "result", "reviewed"));
        p.add(EventType.SESSION_END, 8, null, null, map());
        p.close();
        store.updateMeta(PARENT, m -> m.endedAt(T0 + 8));
    }
}
