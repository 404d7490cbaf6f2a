package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.testsupport.TestJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code record} as users run it: {@code java -jar agent-strace.jar record -- <server>}. */
@Timeout(120)
class StdioProxyIT {

    @TempDir
    Path dir;

    static List<String> jar(Path traceDir, String... args) {
        String jar = TestJar.path().toString();
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                "-jar", jar, "--trace-dir", traceDir.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private SessionMeta onlySession(TraceStore store) {
        List<SessionMeta> all = store.list(w -> { });
        assertEquals(1, all.size());
        return all.get(0);
    }

    @Test
    void record_passesARealClientsBytesThroughUntouched() throws Exception {
        // The original's client input: NDJSON, a Content-Length frame, junk lines, no final newline.
        byte[] input;
        try (var res = StdioProxyIT.class.getResourceAsStream("/io/github/agentstrace/mcp/stdio-client-input.bin")) {
            input = res.readAllBytes();
        }
        Path in = dir.resolve("in.bin");
        Files.write(in, input);
        Path out = dir.resolve("out.bin");
        Process p = new ProcessBuilder(jar(dir.resolve("t"), "record", "-q", "--", "cat"))
                .redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertArrayEquals(input, Files.readAllBytes(out));
        TraceStore store = new TraceStore(dir.resolve("t"));
        SessionMeta meta = onlySession(store);
        assertTrue(meta.finished());
        List<TraceEvent> ev = store.reader(meta.sessionId(), w -> { }).events().toList();
        assertEquals("session_start", ev.get(0).type());
        assertEquals("session_end", ev.get(ev.size() - 1).type());
        assertTrue(meta.toolCalls() >= 4, "tool calls: " + meta.toolCalls());
    }

    @Test
    void record_termOfTheProxyIsPassedToTheServerAndTheSessionFinished() throws Exception {
        Path errFile = dir.resolve("err.txt");
        Process p = new ProcessBuilder(jar(dir.resolve("t"), "record", "--", "sleep", "60"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errFile.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (p.descendants().noneMatch(h -> h.info().command().orElse("").endsWith("sleep"))) {
            assertTrue(System.nanoTime() < deadline, "the server never started");
            Thread.sleep(20);
        }
        p.destroy(); // SIGTERM to the proxy
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the proxy did not exit after TERM");
        String rest = Files.readString(errFile);
        assertTrue(rest.startsWith("agent-strace: recording session "), rest);
        TraceStore store = new TraceStore(dir.resolve("t"));
        SessionMeta meta = onlySession(store);
        assertTrue(meta.finished(), "meta.json has ended_at");
        List<TraceEvent> ev = store.reader(meta.sessionId(), w -> { }).events().toList();
        TraceEvent end = ev.get(ev.size() - 1);
        assertEquals("session_end", end.type());
        assertEquals("TERM", end.data().get("signal"));
        int code = ((Number) end.data().get("exit_code")).intValue();
        assertEquals(code, p.exitValue(), "our exit code is the server's");
        assertEquals(143, code, "sleep died of the forwarded TERM");
        assertTrue(rest.contains("complete"), rest);
    }

    @Test
    void record_missingServerExits127WithTheSessionRecorded() throws Exception {
        Process p = new ProcessBuilder(jar(dir.resolve("t"), "record", "--", "agent-strace-no-such-server"))
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(127, p.exitValue());
        assertTrue(err.contains("agent-strace record: cannot run 'agent-strace-no-such-server': command not found"), err);
        assertTrue(onlySession(new TraceStore(dir.resolve("t"))).finished());
    }
}
