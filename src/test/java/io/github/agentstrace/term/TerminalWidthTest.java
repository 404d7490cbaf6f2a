package io.github.agentstrace.term;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalWidthTest {
    @Test
    void fit_cutsStyledLinesByVisibleColumnsAndResets() {
        String styled = "\033[31mabcdef\033[0m gh";
        assertEquals("\033[31mabc…\033[0m", TerminalWidth.fit(styled, 4));
        assertEquals(styled, TerminalWidth.fit(styled, 9));
        assertEquals(styled, TerminalWidth.fit(styled, 0));
        assertEquals("ab…", TerminalWidth.fit("abcd", 3));
    }

    @Test
    void columnsAndCut_countWideCharactersTwiceAndMarksNot() {
        assertEquals(2, TerminalWidth.columns("📖"));
        assertEquals(1, TerminalWidth.columns("→"));
        assertEquals(1, TerminalWidth.columns("e\u0301"));
        assertEquals("📖", TerminalWidth.cut("📖📖", 3));
        assertEquals("", TerminalWidth.cut("abc", 0));
    }

    @Test
    void resolve_columnsElseNoLimitInAPipe() {
        assertEquals(120, TerminalWidth.resolve(Map.of("COLUMNS", "120"), false));
        assertEquals(20, TerminalWidth.resolve(Map.of("COLUMNS", "5"), false));
        assertEquals(0, TerminalWidth.resolve(Map.of("COLUMNS", "wide"), false));
        assertEquals(0, TerminalWidth.resolve(Map.of(), false));
    }
}
