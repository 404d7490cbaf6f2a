package io.github.agentstrace.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceHoldTest {
    private static final SessionOrigin ORIGIN = new SessionOrigin("s", "agent", null);

    private static Fact fact(String key, String trace, double time) {
        return new Fact(ORIGIN, key, trace, List.of(TraceEvent.of(EventType.USER_PROMPT, time, "e", "otlp-s", null,
                null, Map.of())));
    }

    private static List<String> keys(List<Fact> facts) {
        return facts.stream().map(Fact::key).toList();
    }

    @Test
    void spansWaitForTheirRoot_thenComeInTimeOrder_logsPassStraightThrough() {
        TraceHold hold = new TraceHold();
        assertEquals(List.of("log"), keys(hold.admit(List.of(fact("child", "t1", 2), fact("log", null, 5)), Set.of(), 0)));
        assertEquals(List.of("root", "child", "other-child"),
                keys(hold.admit(List.of(fact("other-child", "t1", 3), fact("root", "t1", 1)), Set.of("t1"), 1)));
        assertEquals(List.of(), hold.drain());
    }

    @Test
    void aTraceWhoseRootNeverComes_isLetThroughAfterAWhile_orAtTheEnd() {
        TraceHold hold = new TraceHold();
        hold.admit(List.of(fact("a", "t1", 1)), Set.of(), 100);
        assertEquals(List.of(), keys(hold.admit(List.of(fact("b", "t2", 2)), Set.of(), 100 + TraceHold.MAX_AGE_SECONDS - 1)));
        assertEquals(List.of("a"), keys(hold.admit(List.of(), Set.of(), 100 + TraceHold.MAX_AGE_SECONDS)));
        assertEquals(List.of("b"), keys(hold.drain()));
    }
}
