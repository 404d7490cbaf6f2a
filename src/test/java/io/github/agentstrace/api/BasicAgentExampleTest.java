package io.github.agentstrace.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/BasicAgent.java compiles against the API and records a session that loads back. */
class BasicAgentExampleTest {
    @TempDir
    Path tmp;

    @Test
    void basicAgent_compilesRunsAndRecordsALoadableSession() throws Exception {
        Path source = Path.of("examples", "BasicAgent.java").toAbsolutePath();
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, "--release", "17",
                "-Xlint:all", "-Werror", "-cp", System.getProperty("java.class.path"), "-d", classes.toString(),
                source.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        Path traces = tmp.resolve("traces");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Method main = loader.loadClass("BasicAgent").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {traces.toString()});
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("recorded session "), out);

        TraceStore store = new TraceStore(traces);
        List<SessionMeta> sessions = store.list(w -> { });
        assertEquals(1, sessions.size());
        SessionMeta meta = sessions.get(0);
        assertEquals("basic-agent", meta.agentName());
        assertTrue(meta.finished());
        assertEquals(1, meta.errors());
        assertEquals(1, meta.llmRequests());
        List<String> warnings = new ArrayList<>();
        List<TraceEvent> events;
        try (Stream<TraceEvent> s = store.reader(meta.sessionId(), warnings::add).events()) {
            events = s.collect(Collectors.toList());
        }
        assertEquals(List.of(), warnings);
        assertTrue(events.stream().map(TraceEvent::type).collect(Collectors.toSet()).containsAll(Set.of(
                "session_start", "user_prompt", "llm_request", "llm_response", "decision", "tool_call",
                "tool_result", "error", "assistant_response", "session_end")));
        assertEquals(meta.toolCalls(), events.stream().filter(e -> e.type().equals("tool_call")).count());
        String raw = Files.readString(traces.resolve(meta.sessionId()).resolve("events.ndjson"));
        assertFalse(raw.contains("sk-example-0000000000000000000000"), "redaction is on by default");
        assertTrue(new File(source.toString()).isFile());
    }
}
