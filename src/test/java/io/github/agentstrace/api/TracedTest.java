package io.github.agentstrace.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracedTest {
    interface Tools {
        String search(String query, int limit);

        void delete(String path) throws FileNotFoundException;

        default String shout(String s) {
            return search(s, 1).toUpperCase();
        }
    }

    static final class RealTools implements Tools {
        @Override
        public String search(String query, int limit) {
            return limit + " results for " + query;
        }

        @Override
        public void delete(String path) throws FileNotFoundException {
            throw new FileNotFoundException(path);
        }
    }

    @TempDir
    Path dir;

    private List<TraceEvent> events(TraceSession s) {
        try (Stream<TraceEvent> st = new TraceStore(dir).reader(s.id(), w -> { }).events()) {
            return st.collect(Collectors.toList());
        }
    }

    @Test
    void wrap_recordsEveryInterfaceMethodCall() {
        TraceSession s = AgentTrace.builder().traceDir(dir).environment(Map.of()).start();
        Tools tools = Traced.wrap(Tools.class, new RealTools(), s);
        assertEquals("3 results for auth", tools.search("auth", 3));
        s.close();
        List<TraceEvent> ev = events(s);
        TraceEvent call = ev.get(1);
        assertEquals("tool_call", call.type());
        assertEquals("search", call.data().get("tool_name"));
        Map<?, ?> args = (Map<?, ?>) call.data().get("arguments");
        assertEquals(2, args.size());
        assertTrue(args.values().contains("auth"), args.toString());
        assertEquals("tool_result", ev.get(2).type());
        assertEquals("3 results for auth", ev.get(2).data().get("content_preview"));
    }

    @Test
    void wrap_rethrowsTheImplementationsCheckedExceptionUnwrapped() {
        TraceSession s = AgentTrace.builder().traceDir(dir).environment(Map.of()).start();
        Tools tools = Traced.wrap(Tools.class, new RealTools(), s);
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> tools.delete("/tmp/x"));
        assertEquals("/tmp/x", e.getMessage());
        s.close();
        TraceEvent err = events(s).get(2);
        assertEquals("error", err.type());
        assertEquals("FileNotFoundException", err.data().get("exception_type"));
        assertEquals("delete", err.data().get("tool_name"));
    }

    @Test
    void wrap_defaultMethodIsRecordedAsOneCall() {
        TraceSession s = AgentTrace.builder().traceDir(dir).environment(Map.of()).start();
        Tools tools = Traced.wrap(Tools.class, new RealTools(), s);
        assertEquals("1 RESULTS FOR X", tools.shout("x"));
        s.close();
        List<TraceEvent> ev = events(s);
        assertEquals("shout", ev.get(1).data().get("tool_name"));
        assertEquals("tool_result", ev.get(2).type());
    }

    @Test
    void wrap_objectMethodsAreNotRecorded() {
        TraceSession s = AgentTrace.builder().traceDir(dir).environment(Map.of()).start();
        Tools tools = Traced.wrap(Tools.class, new RealTools(), s);
        Tools other = Traced.wrap(Tools.class, new RealTools(), s);
        assertEquals(tools, tools);
        assertNotEquals(tools, other);
        assertEquals(System.identityHashCode(tools), tools.hashCode());
        assertTrue(tools.toString().startsWith("Traced["));
        s.close();
        assertEquals(2, events(s).size());
    }

    @Test
    void wrap_rejectsClasses() {
        TraceSession s = AgentTrace.builder().traceDir(dir).environment(Map.of()).start();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Traced.wrap(RealTools.class, new RealTools(), s));
        assertTrue(e.getMessage().contains("is not an interface"));
        s.close();
    }
}
