package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.term.ColorMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code record-http} command-line errors, run in-process (the proxy itself is tested in proxy/). */
class RecordHttpCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), dir, Clock.system(), null,
                ColorMode.NEVER, false);
        List<String> argv = new ArrayList<>(List.of("--trace-dir", dir.resolve("traces").toString(), "record-http"));
        argv.addAll(List.of(args));
        return new Main().run(argv, ctx);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_withoutUrlIsAUsageError() {
        assertEquals(2, run());
        assertEquals("agent-strace record-http: missing the upstream MCP server URL (e.g. record-http https://mcp.example.com/mcp);"
                + " see 'agent-strace record-http --help'\n", err());
    }

    @Test
    void run_rejectsUrlsThatAreNotHttp() {
        assertEquals(2, run("ftp://example.com/mcp"));
        assertTrue(err().startsWith("agent-strace record-http: invalid URL 'ftp://example.com/mcp': expected http:// or https://"), err());
        err.reset();
        assertEquals(2, run("--url", "mcp.example.com"));
        assertTrue(err().contains("invalid URL 'mcp.example.com'"), err());
        err.reset();
        assertEquals(2, run("http://exa mple.com/"));
        assertTrue(err().contains("invalid URL 'http://exa mple.com/'"), err());
    }

    @Test
    void run_rejectsTwoDifferentUrls() {
        assertEquals(2, run("http://a/mcp", "--url", "http://b/mcp"));
        assertTrue(err().contains("give the upstream URL once (positional or --url), not both"), err());
    }

    @Test
    void run_rejectsBadPortAndTimeoutAndVerboseWithQuiet() {
        assertEquals(2, run("http://a/mcp", "--port", "70000"));
        assertTrue(err().contains("option --port must be between 0 and 65535, got 70000"), err());
        err.reset();
        assertEquals(2, run("http://a/mcp", "--timeout", "0"));
        assertTrue(err().contains("option --timeout must be between 1 and 86400"), err());
        err.reset();
        assertEquals(2, run("http://a/mcp", "-v", "-q"));
        assertTrue(err().contains("--verbose and --quiet cannot be used together"), err());
    }

    @Test
    void run_portInUseIsADataErrorAndCreatesNoSession() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertEquals(1, run("http://127.0.0.1:1/mcp", "--port", Integer.toString(port)));
            assertTrue(err().startsWith("agent-strace record-http: cannot listen on 127.0.0.1:" + port + ": "), err());
        }
        Path traces = dir.resolve("traces");
        assertFalse(Files.isDirectory(traces) && Files.list(traces).findAny().isPresent(), "a session was created");
    }

    @Test
    void recordAndRecordHttp_endWithTheSameSummaryLine() throws Exception {
        // record-http runs until interrupted (in-process) or signalled (as a process).
        Thread proxy = new Thread(() -> run("http://127.0.0.1:9/mcp", "--port", "0"));
        proxy.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!err().contains("HTTP proxy listening on") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        proxy.interrupt();
        proxy.join(60_000);
        String[] httpLines = err().split("\n");
        String httpSummary = httpLines[httpLines.length - 1];

        ByteArrayOutputStream recordErr = new ByteArrayOutputStream();
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(recordErr, true, StandardCharsets.UTF_8), Map.of(), dir, Clock.system(), null,
                ColorMode.NEVER, false);
        assertEquals(0, new Main().run(List.of("--trace-dir", dir.resolve("traces").toString(), "record", "--",
                "sh", "-c", "exit 0"), ctx));
        String[] recordLines = recordErr.toString(StandardCharsets.UTF_8).split("\n");
        String recordSummary = recordLines[recordLines.length - 1];

        String id = "\\p{XDigit}{16}";
        String shape = "agent-strace: session (" + id + ") complete: 0 tool calls, 0 LLM requests, 0 errors"
                + " \\(replay with: agent-strace replay \\1\\)";
        assertTrue(httpSummary.matches(shape), httpSummary);
        assertTrue(recordSummary.matches(shape), recordSummary);
    }

    @Test
    void help_listsTheCommand() {
        assertEquals(0, new Main().run(List.of("--help"), new Context(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), dir, Clock.system(), null, ColorMode.NEVER, false)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("record-http"));
    }
}
