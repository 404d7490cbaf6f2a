package io.github.agentstrace.replay;

import io.github.agentstrace.term.Line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.term.Ansi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LivePrinterTest {
    private static TraceEvent ev(EventType t, double ts, String id, String parent, Double dur, Map<String, Object> data) {
        return TraceEvent.of(t, ts, id, "s1", parent, dur, new LinkedHashMap<>(data));
    }

    @Test
    void print_firstEventSetsOriginAndResultsGetDurations() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        LivePrinter p = new LivePrinter(out, new Ansi(false), 0);
        p.print(ev(EventType.TOOL_CALL, 100.0, "c1", null, null,
                Map.of("tool_name", "read_file", "arguments", Map.of("path", "/tmp/x"), "request_id", 3)));
        p.print(ev(EventType.TOOL_RESULT, 100.25, "r1", null, null,
                Map.of("request_id", 3, "content_preview", "hello")));
        assertEquals("""
                +  0.00s → tool_call read_file
                                path: /tmp/x
                +  0.25s ← tool_result read_file (250ms)
                                hello
                """, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void print_namesAnMcpMethodOnceWhenTheDecisionIsNamedAfterIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LivePrinter p = new LivePrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Ansi(false), 0);
        p.print(ev(EventType.DECISION, 1.0, "d1", null, null,
                Map.of("choice", "tools/list", "reason", "request", "mcp_method", "tools/list")));
        p.print(ev(EventType.DECISION, 1.5, "d2", null, null,
                Map.of("choice", "progress 1/3", "reason", "notification", "mcp_method", "notifications/progress")));
        assertEquals("""
                +  0.00s ◆ decision tools/list
                                reason: request
                +  0.50s ◆ decision progress 1/3 (notifications/progress)
                                reason: notification
                """, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void print_withColourUsesAnsiAndCutsToWidth() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LivePrinter p = new LivePrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Ansi(true), 30);
        p.print(ev(EventType.TOOL_CALL, 5.0, "c1", null, null,
                Map.of("tool_name", "Bash", "arguments", Map.of("command", "echo a very long command line indeed"))));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\033[36m→\033[0m"), text);
        for (String line : text.split("\n")) {
            assertTrue(Line.width(Ansi.strip(line)) <= 30, line);
        }
        assertTrue(Ansi.strip(text).contains("$ echo a very…"), text);
    }

    @Test
    void print_isThreadSafe_linesNeverInterleave() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LivePrinter p = new LivePrinter(new PrintStream(bytes, false, StandardCharsets.UTF_8), new Ansi(false), 0);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int n = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    p.print(ev(EventType.USER_PROMPT, 1.0, "e" + n + "-" + i, null, null, Map.of("prompt", "thread " + n)));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join();
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1600, lines.length);
        for (int i = 0; i < lines.length; i += 2) {
            assertTrue(lines[i].startsWith("+  0.00s 👤 user_prompt"), lines[i]);
            assertTrue(lines[i + 1].matches(" {16}\"thread [0-3]\""), lines[i + 1]);
        }
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\033["));
    }
}
