package io.github.agentstrace.session;

import static io.github.agentstrace.session.SessionFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "pytest -q tests/ => pytest",
            "cd /repo && FOO=1 ./gradlew test => gradlew",
            "sudo -E npm ci => npm",
            "uv run pytest => pytest",
            "export X=1; make build => make",
            "  time  cargo test --release | tee log => cargo",
            "\"/usr/bin/python3\" -m pytest => python3",
            "cd /x => ",
    })
    void program_isWhatTheCommandLineRuns(String command, String program) {
        assertEquals(program, Subject.program(command.strip()));
    }

    @Test
    void claudeCodeTools_haveTheirSubjects() {
        assertEquals("$ git status", Subject.of("Bash", map("command", "git   status"), null).describe());
        Subject read = Subject.of("Read", map("file_path", "/p/a.py", "offset", 10), null);
        assertEquals(ToolKind.READ, read.kind());
        assertEquals(List.of("/p/a.py"), read.paths());
        Subject grep = Subject.of("Grep", map("pattern", "def check", "path", "src"), null);
        assertEquals("def check", grep.pattern());
        assertEquals("/def check/ in src", grep.describe());
        assertEquals("https://x.dev", Subject.of("WebFetch", map("url", "https://x.dev", "prompt", "p"), null).url());
        assertEquals("check", Subject.of("Agent", map("description", "check"), null).query());
    }

    @Test
    void mcpTools_nameTheirServerAndTool_fromTheirNameOrTheSession() {
        Subject s = Subject.of("mcp__github__get_issue", map("number", 3), null);
        assertEquals("github", s.mcpServer());
        assertEquals("get_issue", s.mcpTool());
        Subject proxied = Subject.of("read_text_file", map("path", "file:///tmp/a.txt"), "filesystem");
        assertEquals("filesystem", proxied.mcpServer());
        assertEquals("read_text_file", proxied.mcpTool());
        assertEquals(ToolKind.READ, proxied.kind());
        assertEquals(List.of("/tmp/a.txt"), proxied.paths(), "file:// URIs are paths");
    }

    @Test
    void key_collapsesWhitespaceSoRetriesMatch() {
        assertEquals(Subject.of("Bash", map("command", "npm  test\n"), null).key(),
                Subject.of("Bash", map("command", "npm test"), null).key());
        assertEquals("", Subject.of("Unknown", map(), null).key());
        assertNull(Subject.NONE.command());
        assertTrue(Subject.of("exec_command", map("cmd", List.of("ls", "-la")), null).describe().startsWith("$ ls -la"));
    }

    @Test
    void mcpToolName_theOneParser() {
        assertEquals(new McpToolName("my_server", "do__it"), McpToolName.parse("mcp__my_server__do__it"));
        assertNull(McpToolName.parse("mcp__nothing"));
        assertNull(McpToolName.parse("mcp____x"));
        assertEquals("Bash", McpToolName.display("Bash"));
        assertEquals("fs/read", McpToolName.display("mcp__fs__read"));
    }

    @Test
    void toolKind_byNameThenByWords() {
        assertEquals(ToolKind.SHELL, ToolKind.of("run_shell_command"));
        assertEquals(ToolKind.EDIT, ToolKind.of("MultiEdit"));
        assertEquals(ToolKind.READ, ToolKind.of("mcp__fs__read_text_file"));
        assertEquals(ToolKind.WRITE, ToolKind.of("saveFileContents"));
        assertEquals(ToolKind.OTHER, ToolKind.of("lint"));
        assertTrue(ToolKind.SEARCH.touchesFiles());
    }
}
