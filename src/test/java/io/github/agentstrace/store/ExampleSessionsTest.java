package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every session shipped in {@code .agent-traces.example/} (the newcomer's first {@code replay}) stays
 * loadable as the format and the readers evolve. The Java-API session there was recorded with
 * {@code javac -parameters -cp target/agent-strace.jar -d /tmp/ba examples/BasicAgent.java} and
 * {@code java -cp target/agent-strace.jar:/tmp/ba BasicAgent .agent-traces.example}. The session {@code 0564…} is
 * the real Claude Code CLI (2.1.328) fixing a small project with the hooks of {@code setup --install --sync},
 * run offline against a local stand-in for the Anthropic API that scripted the model's answers and usage; its
 * LLM turns come from Claude Code's own transcript (the home directory in its paths rewritten to
 * {@code /home/dev}).
 */
class ExampleSessionsTest {
    private static final Path EXAMPLES = Path.of(".agent-traces.example").toAbsolutePath();

    @Test
    void everyExampleSession_loadsWithoutWarnings() throws IOException {
        TraceStore store = new TraceStore(EXAMPLES);
        List<String> warnings = new ArrayList<>();
        List<SessionMeta> sessions = store.list(warnings::add);
        assertEquals(List.of(), warnings);
        List<String> dirs;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            dirs = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals(dirs, sessions.stream().map(SessionMeta::sessionId).sorted().collect(Collectors.toList()),
                "every directory is a session with a readable meta.json");
        assertTrue(sessions.size() >= 3, "a hooks, an MCP stdio and a Java-API session at least");
        for (SessionMeta meta : sessions) {
            String id = meta.sessionId();
            List<TraceEvent> events;
            try (Stream<TraceEvent> s = store.reader(id, warnings::add).events()) {
                events = s.collect(Collectors.toList());
            }
            assertEquals(List.of(), warnings, id);
            assertFalse(events.isEmpty(), id);
            assertEquals("session_start", events.get(0).type(), id);
            Set<String> ids = new HashSet<>();
            for (TraceEvent e : events) {
                assertNotNull(e.kind(), id + ": unknown event type " + e.type());
                assertTrue(e.sessionId() == null || e.sessionId().equals(id), id + ": event of another session");
                assertTrue(e.parentId() == null || ids.contains(e.parentId()),
                        id + ": parent " + e.parentId() + " of " + e.eventId() + " is not an earlier event");
                ids.add(e.eventId());
            }
            assertTrue(meta.finished(), id + " has no ended_at");
            assertFalse(Files.exists(EXAMPLES.resolve(id).resolve(TraceStore.LOCK)), id + ": stray lock file");
        }
        assertTrue(sessions.stream().anyMatch(m -> "basic-agent".equals(m.agentName())), "the Java-API session");
    }

    @Test
    void aHookSession_showsLlmTurnsWithExactUsageFromTheTranscript() {
        TraceStore store = new TraceStore(EXAMPLES);
        List<String> warnings = new ArrayList<>();
        boolean found = false;
        for (SessionMeta meta : store.list(warnings::add)) {
            if (!"claude-code".equals(meta.agentName())) {
                continue;
            }
            List<TraceEvent> turns;
            try (Stream<TraceEvent> s = store.reader(meta.sessionId(), warnings::add).events()) {
                turns = s.filter(e -> e.type().equals("llm_response")).collect(Collectors.toList());
            }
            if (turns.isEmpty()) {
                continue;
            }
            found = true;
            long total = 0;
            for (TraceEvent t : turns) {
                assertEquals("transcript", t.data().get("source"), "usage read from Claude Code's transcript");
                assertNotNull(t.data().get("model"));
                assertNotNull(t.data().get("cache_read_input_tokens"), "cache tokens kept");
                total += ((Number) t.data().get("total_tokens")).longValue();
            }
            assertEquals(meta.totalTokens(), total, "meta.json counts the turns' tokens");
        }
        assertTrue(found, "a Claude Code hook session with LLM turns");
        assertEquals(List.of(), warnings);
    }
}
