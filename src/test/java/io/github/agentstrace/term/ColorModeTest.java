package io.github.agentstrace.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ColorModeTest {

    @Test
    void parse_wordsAndSynonymsCaseInsensitive() {
        assertEquals(ColorMode.AUTO, ColorMode.parse("auto"));
        assertEquals(ColorMode.ALWAYS, ColorMode.parse("ALWAYS"));
        assertEquals(ColorMode.ALWAYS, ColorMode.parse("force"));
        assertEquals(ColorMode.NEVER, ColorMode.parse("never"));
        assertEquals(ColorMode.NEVER, ColorMode.parse("none"));
        assertNull(ColorMode.parse("purple"));
        assertNull(ColorMode.parse(""));
        assertNull(ColorMode.parse(null));
    }

    @Test
    void enabled_alwaysAndNeverIgnoreEnvironmentAndTerminal() {
        assertTrue(ColorMode.ALWAYS.enabled(Map.of("NO_COLOR", "1"), false));
        assertFalse(ColorMode.NEVER.enabled(Map.of("FORCE_COLOR", "1"), true));
    }

    @Test
    void enabled_autoFollowsNoColorThenForceColorThenTheTerminal() {
        assertTrue(ColorMode.AUTO.enabled(Map.of(), true));
        assertFalse(ColorMode.AUTO.enabled(Map.of(), false));
        assertFalse(ColorMode.AUTO.enabled(Map.of("NO_COLOR", "1"), true));
        assertFalse(ColorMode.AUTO.enabled(Map.of("NO_COLOR", "1", "FORCE_COLOR", "1"), true));
        assertTrue(ColorMode.AUTO.enabled(Map.of("NO_COLOR", ""), true));
        assertTrue(ColorMode.AUTO.enabled(Map.of("FORCE_COLOR", "1"), false));
        assertTrue(ColorMode.AUTO.enabled(Map.of("FORCE_COLOR", "3"), false));
        assertFalse(ColorMode.AUTO.enabled(Map.of("FORCE_COLOR", "0"), false));
        assertFalse(ColorMode.AUTO.enabled(Map.of("FORCE_COLOR", "false"), false));
        assertFalse(ColorMode.AUTO.enabled(Map.of("TERM", "dumb"), true));
    }

    @Test
    void ansi_stylesOnlyWhenEnabledAndStripRemovesCodes() {
        Ansi on = new Ansi(true);
        Ansi off = new Ansi(false);
        assertEquals("\033[31mx\033[0m", on.red("x"));
        assertEquals("x", off.red("x"));
        assertEquals("", off.code(Ansi.BOLD));
        assertEquals(Ansi.BOLD, on.code(Ansi.BOLD));
        for (String s : new String[] {on.bold("a"), on.dim("a"), on.green("a"), on.yellow("a"), on.blue("a"),
                on.magenta("a"), on.cyan("a"), on.gray("a")}) {
            assertTrue(s.startsWith("\033[") && s.endsWith(Ansi.RESET), s);
            assertEquals("a", Ansi.strip(s));
        }
        assertEquals("plain [not a code]", Ansi.strip("plain \033[1;31m[not a code]\033[0m"));
    }
}
