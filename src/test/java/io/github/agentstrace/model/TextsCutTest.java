package io.github.agentstrace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one truncation helper: re-cutting, and cutting every string of a JSON value. */
class TextsCutTest {
    @Test
    void text_keepsShortStringsAndCutsLongOnesWithTheLength() {
        String s = "x".repeat(100);
        assertSame(s, Texts.cut(s, 100));
        assertNull(Texts.cut(null, 100));
        assertEquals("x".repeat(80) + "...[truncated by agent-strace: 101 chars, first 80 kept]",
                Texts.cut("x".repeat(101), 80));
    }

    @Test
    void text_neverSplitsASurrogatePair() {
        String s = "a".repeat(63) + "😀" + "b".repeat(10);
        assertEquals("a".repeat(63) + "...[truncated by agent-strace: 75 chars, first 63 kept]", Texts.cut(s, 64));
    }

    @Test
    void text_aCutValueKeepsItsOriginalLength() {
        String once = Texts.cut("x".repeat(5000), 1000);
        assertSame(once, Texts.cut(once, 1000), "capping twice changes nothing");
        assertSame(once, Texts.cut(once, 3000));
        assertEquals("x".repeat(100) + "...[truncated by agent-strace: 5000 chars, first 100 kept]", Texts.cut(once, 100));
        // A hook's cut (same marker) of a 5 MB value, cut shorter: still 5 MB.
        String hook = "y".repeat(16384) + "...[truncated by agent-strace: 5242880 chars, first 16384 kept]";
        assertEquals("y".repeat(2000) + "...[truncated by agent-strace: 5242880 chars, first 2000 kept]",
                Texts.cut(hook, 2000));
        // Text that merely looks like a marker is text.
        String fake = "z".repeat(200) + "...[truncated by agent-strace: 10 chars, first 5 kept]";
        assertEquals("z".repeat(100) + "...[truncated by agent-strace: " + fake.length() + " chars, first 100 kept]",
                Texts.cut(fake, 100));
    }

    @Test
    void strings_capsEveryStringDeep_keysIncluded_andKeepsTheShape() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("k".repeat(70), List.of("v".repeat(70), 1, true));
        in.put("n", null);
        in.put("d", 2.5);
        Map<String, Object> before = new LinkedHashMap<>(in);
        Object out = Texts.cutStrings(in, 64);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put(Texts.cut("k".repeat(70), 64), List.of(Texts.cut("v".repeat(70), 64), 1, true));
        expected.put("n", null);
        expected.put("d", 2.5);
        assertEquals(expected, out);
        assertEquals(before, in, "the input is not changed");
    }
}
