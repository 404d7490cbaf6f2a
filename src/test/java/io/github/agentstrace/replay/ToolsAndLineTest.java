package io.github.agentstrace.replay;

import io.github.agentstrace.term.Line;

import static io.github.agentstrace.replay.TestSessions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.term.Ansi;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolsAndLineTest {
    @Test
    void callDetail_claudeCodeTools() {
        assertEquals("$ ls -la", Tools.callDetail("Bash", map("command", "ls -la")));
        assertEquals("/a.py (first 5 lines)", Tools.callDetail("Read", map("file_path", "/a.py", "limit", 5)));
        assertEquals("/\\d+/ in src", Tools.callDetail("Grep", map("pattern", "\\d+", "path", "src")));
        assertEquals("\"q\"", Tools.callDetail("WebSearch", map("query", "q")));
        assertEquals("[explore] find it", Tools.callDetail("Agent", map("prompt", "find it", "subagent_type", "explore")));
    }

    @Test
    void callDetail_unknownToolsShowEveryArgumentAndEmptyArgsNothing() {
        assertEquals("path: /x, depth: 2, flags: [\"a\"]", Tools.callDetail("walk", map("path", "/x", "depth", 2, "flags", List.of("a"))));
        assertEquals("", Tools.callDetail("walk", map()));
        // A Claude tool without its usual argument falls back to the generic form rather than nothing.
        assertEquals("cmd: x", Tools.callDetail("Bash", map("cmd", "x")));
    }

    @Test
    void mcpNames() {
        assertTrue(Tools.isMcp("mcp__my_server__do_thing"));
        assertEquals("my_server/do_thing", Tools.displayName("mcp__my_server__do_thing"));
        assertFalse(Tools.isMcp("mcp__"));
        assertEquals("mcp__", Tools.displayName("mcp__"));
    }

    @Test
    void resultText_shapes() {
        assertEquals("out | stderr: err", io.github.agentstrace.session.Results.of(map("stdout", "out", "stderr", "err")));
        assertEquals("a [image] b", io.github.agentstrace.session.Results.of(map("content", List.of(map("type", "text", "text", "a"),
                map("type", "image"), map("type", "text", "text", "b")))));
        assertEquals("{\"x\":1}", io.github.agentstrace.session.Results.of(map("x", 1)));
        assertEquals("", io.github.agentstrace.session.Results.of(null));
    }

    @Test
    void line_cutsByVisibleColumnsCountingWideCharacters() {
        assertEquals(2, Line.width("📖"));
        assertEquals(1, Line.width("→"));
        String s = new Line().add(Ansi.RED, "📖📖📖").render(new Ansi(false), 5);
        assertEquals("📖📖…", s);
        assertEquals("abc", new Line().plain("abc").render(new Ansi(false), 3));
        assertEquals("ab…", new Line().plain("abcd").render(new Ansi(false), 3));
        assertEquals("abc…", new Line().plain("abc").word("", "d").render(new Ansi(false), 4));
    }

    @Test
    void timeFormats() {
        assertEquals("+  3.55s", TimeFormat.offset(3.55));
        assertEquals("+1m43.67s", TimeFormat.offset(103.67));
        assertEquals("+2h05m01s", TimeFormat.offset(7501.2));
        assertEquals("+  0.00s", TimeFormat.offset(-1));
        assertEquals("23:36:57.173", TimeFormat.WALL.format(1795477017.1730728, 0));
        assertEquals("1795477017.173", TimeFormat.EPOCH.format(1795477017.1730728, 0));
        assertEquals("115ms", TimeFormat.duration(114.57));
        assertEquals("1.51s", TimeFormat.duration(1514.58));
        assertEquals("2m05.3s", TimeFormat.duration(125_300));
    }
}
