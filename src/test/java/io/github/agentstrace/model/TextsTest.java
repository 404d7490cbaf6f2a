package io.github.agentstrace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextsTest {
    @Test
    void oneLine_collapsesWhitespaceRuns_andKeepsACleanLineAsItIs() {
        assertEquals("a b c", Texts.oneLine("  a \n\t b\r\nc  "));
        String clean = "already one line";
        assertSame(clean, Texts.oneLine(clean));
        assertEquals("", Texts.oneLine(" \n "));
    }

    @Test
    void cut_keepsTheHeadWholeCharactersAndSaysWhatWasCut() {
        assertEquals("abcdef", Texts.cut("abcdef", 6));
        assertNull(Texts.cut(null, 3));
        assertEquals("abc...[truncated by agent-strace: 6 chars, first 3 kept]", Texts.cut("abcdef", 3));
        String emoji = "ab\uD83D\uDE00cd";
        String cut = Texts.cut(emoji, 3);
        assertTrue(cut.startsWith("ab..."), "never half a surrogate pair: " + cut);
        assertTrue(cut.contains("first 2 kept"), cut);
        assertTrue(Texts.wasCut(cut));
        assertFalse(Texts.wasCut("abc"));
    }

    @Test
    void fit_countsTheMarkerInTheLimit() {
        String s = "x".repeat(10_000);
        for (int total : new int[] {60, 99, 100, 101, 1024, 4096}) {
            assertEquals(total, Texts.fit(s, total).length(), "limit " + total);
        }
        assertEquals("xxx", Texts.fit(s, 3), "no room for the marker");
    }
}
