package io.github.agentstrace.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeOrderTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final TimeOrder order = new TimeOrder(out);

    private void add(EventType type, double ts, String text) {
        Map<String, Object> data = type == EventType.SESSION_START ? Map.of("mode", "claude-code-hooks") : Map.of();
        TraceEvent e = TraceEvent.of(type, ts, "e" + text, "s", null, null, data);
        order.see(e);
        order.add(e, text + " ");
    }

    private void turn(EventType type, double ts, String text) {
        TraceEvent e = TraceEvent.of(type, ts, "e" + text, "s", null, null, Map.of("source", "transcript"));
        order.see(e);
        order.add(e, text + " ");
    }

    private String printed() {
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void turnsReadAtStop_goBackBetweenTheCallsByTime() {
        add(EventType.SESSION_START, 0, "start");
        add(EventType.USER_PROMPT, 2, "prompt");
        add(EventType.TOOL_CALL, 7, "call1");
        add(EventType.TOOL_RESULT, 9, "result1");
        add(EventType.TOOL_CALL, 10, "call2");
        add(EventType.ASSISTANT_RESPONSE, 17, "answer");
        turn(EventType.LLM_REQUEST, 1, "req1");
        turn(EventType.LLM_RESPONSE, 6, "resp1");
        turn(EventType.LLM_REQUEST, 9.5, "req2");
        turn(EventType.LLM_RESPONSE, 9.8, "resp2");
        turn(EventType.LLM_REQUEST, 16, "req3");
        add(EventType.SESSION_END, 18, "end");
        order.flush();
        assertEquals("start prompt req1 resp1 call1 result1 req2 resp2 call2 req3 answer end", printed());
    }

    @Test
    void aSessionWhoseHooksReadNoTranscript_isPrintedAsRead() {
        TraceEvent start = TraceEvent.of(EventType.SESSION_START, 0, "a", "s", null, null, Map.of("mode", "mcp-stdio-proxy"));
        order.see(start);
        order.add(start, "start ");
        add(EventType.USER_PROMPT, 1, "prompt");
        add(EventType.TOOL_CALL, 5, "call");
        assertEquals("start prompt call", printed(), "nothing held");
        turn(EventType.LLM_REQUEST, 2, "req");
        assertEquals("start prompt call req", printed());
    }

    @Test
    void otherEventsKeepTheFilesOrder_evenWhenTheirTimesDoNot() {
        add(EventType.SESSION_START, 0, "start");
        add(EventType.USER_PROMPT, 5, "prompt");
        add(EventType.TOOL_CALL, 9, "late");
        add(EventType.TOOL_CALL, 8, "early");
        turn(EventType.LLM_RESPONSE, 8.5, "resp");
        order.flush();
        assertEquals("start prompt resp late early", printed(), "a turn goes before the first later line");
    }

    @Test
    void beforeASessionStart_nothingIsHeld() {
        add(EventType.TOOL_CALL, 3, "call");
        turn(EventType.LLM_REQUEST, 2, "req");
        assertEquals("call req", printed());
    }

    @Test
    void turnsKeepTheirOwnOrder_evenWhenTheirTimesDoNot() {
        add(EventType.SESSION_START, 0, "start");
        add(EventType.USER_PROMPT, 1, "prompt");
        add(EventType.TOOL_CALL, 3, "call");
        turn(EventType.LLM_REQUEST, 2, "req");
        turn(EventType.LLM_RESPONSE, 1.5, "resp");
        add(EventType.TOOL_RESULT, 4, "result");
        assertEquals("start", printed(), "held since the prompt");
        order.flush();
        assertEquals("start prompt req resp call result", printed());
    }

    @Test
    void pastTheWindow_whatIsHeldIsPrinted_andLaterTurnsStayWhereTheFileHasThem() {
        add(EventType.SESSION_START, 0, "start");
        order.flush();
        bytes.reset();
        add(EventType.USER_PROMPT, 1, "prompt");
        for (int i = 0; i < TimeOrder.MAX_LINES; i++) {
            add(EventType.TOOL_CALL, 10 + i, "c");
        }
        String before = printed();
        assertEquals(TimeOrder.MAX_LINES + 1, before.split(" ").length, "the prompt and the calls, flushed once the window was full");
        turn(EventType.LLM_REQUEST, 2, "req");
        order.flush();
        String all = printed();
        assertEquals("req", all.substring(all.lastIndexOf(' ') + 1));
    }
}
