package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.ColorMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code record} through the same entry point as {@code main}, in-process, with POSIX tools as servers. */
@Timeout(30)
class RecordCommandTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... argv) {
        return run(Map.of(), stdin, argv);
    }

    private int run(Map<String, String> env, String stdin, String... argv) {
        Context ctx = new Context(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, dir, Clock.system(), null, ColorMode.NEVER, false);
        return new Main().run(List.of(argv), ctx);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private SessionMeta onlySession() {
        List<SessionMeta> all = new TraceStore(dir.resolve(".agent-traces")).list(w -> { });
        assertEquals(1, all.size());
        return all.get(0);
    }

    private List<TraceEvent> events(SessionMeta m) {
        return new TraceStore(dir.resolve(".agent-traces")).reader(m.sessionId(), w -> { }).events().toList();
    }

    @Test
    void record_forwardsStdioAndPrintsTheBannerOnStderrOnly() {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n";
        assertEquals(0, run(ping, "record", "--", "cat"));
        assertEquals(ping, out.toString(StandardCharsets.UTF_8));
        SessionMeta m = onlySession();
        String[] lines = stderr().split("\n");
        assertEquals(2, lines.length, stderr());
        assertEquals("agent-strace: recording session " + m.sessionId() + " (cat)", lines[0]);
        assertTrue(lines[1].startsWith("agent-strace: session " + m.sessionId() + " complete: 0 tool calls"), lines[1]);
        assertEquals("cat", m.agentName());
        assertEquals("cat", m.command());
    }

    @Test
    void record_optionsStopAtTheServerCommand() {
        assertEquals(0, run("", "record", "--name", "fs", "-q", "sh", "-c", "exit 0", "-q", "--name"));
        SessionMeta m = onlySession();
        assertEquals("fs", m.agentName());
        assertEquals("sh -c exit 0 -q --name", m.command());
        assertEquals("", stderr());
    }

    @Test
    void record_exitCodeIsTheServers() {
        assertEquals(5, run("", "record", "-q", "--", "sh", "-c", "exit 5"));
    }

    @Test
    void record_redactsTheRecordedCommandLineButNotTheChild() {
        String key = "sk-abcdefghijklmnopqrstuvwxyz123456";
        assertEquals(0, run("", "record", "-q", "--", "sh", "-c", "printf %s \"$0\"", key));
        assertEquals(key, out.toString(StandardCharsets.UTF_8), "the server got the real argument");
        SessionMeta m = onlySession();
        assertFalse(m.command().contains(key), m.command());
        TraceEvent start = events(m).get(0);
        assertFalse(start.data().toString().contains(key));
        assertEquals("on", start.data().get("redaction"));
    }

    @Test
    void record_noRedactKeepsTheCommandLine() {
        String key = "sk-abcdefghijklmnopqrstuvwxyz123456";
        assertEquals(0, run("", "record", "-q", "--no-redact", "--", "true", key));
        assertTrue(onlySession().command().contains(key));
    }

    @Test
    void record_maskPiiMasksAddressesInTheRecordingOnly() {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"mail\","
                + "\"arguments\":{\"to\":\"jane.doe@example.com\"}}}\n";
        assertEquals(0, run(call, "record", "-q", "--mask-pii", "--", "cat"));
        assertEquals(call, out.toString(StandardCharsets.UTF_8), "forwarded bytes are untouched");
        String recorded = events(onlySession()).toString();
        assertFalse(recorded.contains("jane.doe@example.com"), recorded);
        assertTrue(recorded.contains("[MASKED:email]"), recorded);
    }

    @Test
    void record_exportsTheSessionWhenAutoExportIsConfigured() throws Exception {
        try (io.github.agentstrace.otlp.Receiver receiver = new io.github.agentstrace.otlp.Receiver()) {
            Map<String, String> env = Map.of("AGENT_STRACE_OTLP_ENDPOINT", receiver.base(),
                    "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            assertEquals(0, run(env, "", "record", "-q", "--", "true"));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (receiver.requests().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, receiver.requests().size(), "the detached exporter sent the session");
            assertTrue(receiver.requests().get(0).path().endsWith("/v1/traces"));
        }
    }

    @Test
    void record_verbosePrintsEventsLive() {
        assertEquals(0, run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}\n",
                "record", "-v", "--", "cat"));
        String e = stderr();
        assertTrue(e.contains("session_start"), e);
        assertTrue(e.contains("tool_call"), e);
        assertTrue(e.contains("session_end"), e);
    }

    @Test
    void record_commandNotFoundIs127WithAClearError() {
        assertEquals(127, run("", "record", "--", "agent-strace-no-such-server"));
        assertTrue(stderr().contains("agent-strace record: cannot run 'agent-strace-no-such-server': command not found"),
                stderr());
        assertEquals(1, onlySession().errors());
    }

    @Test
    void record_withoutACommandIsAUsageError() {
        assertEquals(2, run("", "record"));
        assertEquals("agent-strace record: missing the server command to record (e.g. record -- npx -y some-mcp-server);"
                + " see 'agent-strace record --help'\n", stderr());
    }

    @Test
    void record_verboseAndQuietTogetherIsAUsageError() {
        assertEquals(2, run("", "record", "-v", "-q", "--", "cat"));
        assertTrue(stderr().contains("--verbose and --quiet cannot be used together"), stderr());
    }

    @Test
    void record_unknownOptionGetsAHint() {
        assertEquals(2, run("", "record", "--nam", "x", "--", "cat"));
        assertTrue(stderr().contains("unknown option --nam (did you mean --name?)"), stderr());
    }

    @Test
    void record_policy_aDeniedCallIsAnsweredHere_andAnInvalidPolicyStartsNothing() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("p.json"), "{\"tools\": {\"deny\": [\"mcp__srv__rm\"]}}");
        java.nio.file.Path got = dir.resolve("server-got.txt");
        String call = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"rm\",\"arguments\":{}}}\n";
        assertEquals(0, run(call, "record", "--name", "srv", "--policy", "p.json", "-q", "--", "sh", "-c",
                "cat > \"$0\"", got.toString()));
        assertEquals("", java.nio.file.Files.readString(got), "the server never saw the call");
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32001,"
                + "\"message\":\"agent-strace policy (p.json) denies this call: it uses tool mcp__srv__rm, which tools.deny"),
                out.toString(StandardCharsets.UTF_8));

        java.nio.file.Files.writeString(dir.resolve("bad.json"), "{\"tools\": {\"deny\": \"rm\"}}");
        err.reset();
        assertEquals(1, run("", "record", "--policy", "bad.json", "--", "sh", "-c", "touch started"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("$.tools.deny must be a list of strings"), err.toString());
        assertFalse(java.nio.file.Files.exists(dir.resolve("started")), "the server was not started");
    }

    @Test
    void record_privacyMetadata_keepsNoArgumentsAndProvenanceHasTheServersCommit() throws Exception {
        io.github.agentstrace.provenance.GitRepos.requireGit();
        io.github.agentstrace.provenance.GitRepos.repoWithCommit(dir);
        java.nio.file.Files.writeString(dir.resolve(".gitignore"), ".agent-traces/\n");
        io.github.agentstrace.provenance.GitRepos.git(dir, "add", ".gitignore");
        io.github.agentstrace.provenance.GitRepos.git(dir, "commit", "-qm", "ignore traces");
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"lookup\","
                + "\"arguments\":{\"query\":\"INPUT-marker-3b7\"}}}\n";
        assertEquals(0, run(call, "record", "-q", "--privacy", "metadata", "--", "sh", "-c",
                "echo three >> a.txt && git -c user.name=T -c user.email=t@e -c commit.gpgsign=false commit -qam during"
                        + " && cat"));
        SessionMeta m = onlySession();
        Path session = dir.resolve(".agent-traces").resolve(m.sessionId());
        String stored = java.nio.file.Files.readString(session.resolve("events.ndjson"));
        assertFalse(stored.contains("INPUT-marker-3b7"), stored);
        assertTrue(stored.contains("\"tool_name\":\"lookup\""), stored);
        var p = io.github.agentstrace.provenance.Provenance.read(session);
        assertEquals("metadata", p.privacy());
        assertEquals("main", p.start().branch());
        assertEquals(1, p.commits().size());
        assertEquals("during", p.commits().get(0).subject());
        assertEquals(false, p.end().dirty());
        assertEquals(1, p.diff().linesAdded());
    }

    @Test
    void record_unknownPrivacyTierIsAUsageError() {
        assertEquals(2, run("", "record", "--privacy", "secret", "--", "cat"));
        assertTrue(stderr().contains("--privacy: unknown privacy tier 'secret' (expected metadata, standard or full)"),
                stderr());
        assertEquals(1, run(Map.of("AGENT_STRACE_PRIVACY", "none"), "", "record", "--", "cat"));
    }
}
