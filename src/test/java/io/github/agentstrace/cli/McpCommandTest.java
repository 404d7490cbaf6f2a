package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcp}: its flags, and the stdio server run in-process through Main. */
class McpCommandTest {
    private static final Path EXAMPLES = Path.of(".agent-traces.example").toAbsolutePath();

    @TempDir
    Path dir;

    private CliHarness.Result mcp(Map<String, String> env, String stdin, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "mcp";
        System.arraycopy(args, 0, argv, 1, args.length);
        return CliHarness.once(dir, env, stdin.getBytes(StandardCharsets.UTF_8), argv);
    }

    private static List<Map<String, Object>> lines(String out) {
        return out.lines().map(l -> Json.asObject(Json.parse(l))).toList();
    }

    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"list_sessions\",\"arguments\":{\"limit\":1}}}\n";

    private static String firstSession(Map<String, Object> response) {
        Map<String, Object> s = Json.asObject(Json.asObject(response.get("result")).get("structuredContent"));
        return (String) Json.asObject(Json.asArray(s.get("sessions")).get(0)).get("session_id");
    }

    @Test
    void stdio_servesTheTraceDirectory() {
        CliHarness.Result r = mcp(Map.of(), LIST, "--trace-dir", EXAMPLES.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        List<Map<String, Object>> out = lines(r.out());
        assertEquals(1, out.size());
        assertEquals("0564716b-912c-48", firstSession(out.get(0)));
    }

    @Test
    void stdio_findsTheClaudeProjectsTraces() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        try (var files = Files.walk(EXAMPLES)) {
            for (Path p : files.toList()) {
                Files.copy(p, project.resolve(".agent-traces").resolve(EXAMPLES.relativize(p).toString()));
            }
        }
        CliHarness.Result r = mcp(Map.of("CLAUDE_PROJECT_DIR", project.toString()), LIST);
        assertEquals(0, r.status(), r.err());
        assertEquals("0564716b-912c-48", firstSession(lines(r.out()).get(0)));
        CliHarness.Result env = mcp(Map.of("CLAUDE_PROJECT_DIR", project.toString(), "AGENT_TRACE_DIR", dir.resolve("none").toString()),
                LIST);
        Map<String, Object> result = Json.asObject(lines(env.out()).get(0).get("result"));
        assertEquals(List.of(), Json.asArray(Json.asObject(result.get("structuredContent")).get("sessions")),
                "AGENT_TRACE_DIR wins");
    }

    @Test
    void aTraceDirThatIsAFile_isADataError() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        CliHarness.Result r = mcp(Map.of(), "", "--trace-dir", "file");
        assertEquals(1, r.status());
        assertEquals("agent-strace mcp: --trace-dir " + dir.resolve("file") + " is not a directory\n", r.err());
    }

    @Test
    void usageErrors() {
        assertUsage("--port and --host are for --http (stdio needs neither)", "--port", "5300");
        assertUsage("unexpected argument '5300'", "5300");
        assertUsage("--http takes a port from 0 to 65535, got 'http'", "--http", "http");
        assertUsage("--http takes a port from 0 to 65535, got '70000'", "--http", "70000");
        assertUsage("give the port once: --http 5300 or --port 5301", "--http", "5300", "--port", "5301");
        assertUsage("option --port must be between 0 and 65535, got -1", "--http", "--port", "-1");
    }

    private void assertUsage(String message, String... args) {
        CliHarness.Result r = mcp(Map.of(), "", args);
        assertEquals(2, r.status(), r.err());
        assertEquals("agent-strace mcp: " + message + "; see 'agent-strace mcp --help'\n", r.err());
    }

    @Test
    void help_namesTheToolsAndTheTraceDirectoryRule() {
        CliHarness.Result r = mcp(Map.of(), "", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("list_sessions, get_session, explain, why, diff, stats, cost, recent_failures"),
                r.out());
        assertTrue(r.out().contains("$CLAUDE_PROJECT_DIR/.agent-traces"), r.out());
    }
}
