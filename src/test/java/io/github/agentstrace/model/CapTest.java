package io.github.agentstrace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapTest {
    @Test
    void text_keepsShortStringsAndCutsLongOnesWithTheLength() {
        String s = "x".repeat(100);
        assertSame(s, Cap.text(s, 100));
        assertNull(Cap.text(null, 100));
        assertEquals("x".repeat(80) + "...[truncated by agent-strace: 101 chars, first 80 kept]",
                Cap.text("x".repeat(101), 80));
    }

    @Test
    void text_neverSplitsASurrogatePair() {
        String s = "a".repeat(63) + "😀" + "b".repeat(10);
        assertEquals("a".repeat(63) + "...[truncated by agent-strace: 75 chars, first 63 kept]", Cap.text(s, 64));
    }

    @Test
    void text_raisesTinyLimits() {
        assertEquals("y".repeat(Cap.MIN) + "...[truncated by agent-strace: 200 chars, first 64 kept]",
                Cap.text("y".repeat(200), 3));
    }

    @Test
    void strings_capsEveryStringDeep_keysIncluded_andKeepsTheShape() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("k".repeat(70), List.of("v".repeat(70), 1, true));
        in.put("n", null);
        in.put("d", 2.5);
        Map<String, Object> before = new LinkedHashMap<>(in);
        Object out = Cap.strings(in, 64);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put(Cap.text("k".repeat(70), 64), List.of(Cap.text("v".repeat(70), 64), 1, true));
        expected.put("n", null);
        expected.put("d", 2.5);
        assertEquals(expected, out);
        assertEquals(before, in, "the input is not changed");
    }
}
