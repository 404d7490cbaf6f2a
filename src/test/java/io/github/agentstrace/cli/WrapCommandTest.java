package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.term.ColorMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrapCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static final String CURSOR = """
            {
              "mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "."],
                  "env": {"LOG_LEVEL": "debug"}
                },
                "linear": {"url": "https://mcp.linear.app/mcp"}
              }
            }
            """;

    /** Where the agent-strace on the PATH lives: not in {@code dir}, whose listing some tests check. */
    @TempDir
    Path pathDir;

    /** Runs with an agent-strace on the PATH, as on a machine where it is installed. */
    private int run(String... argv) throws IOException {
        return runWithPath(SetupCommandTest.onPath(pathDir).toString(), argv);
    }

    private int runWithPath(String path, String... argv) {
        out.reset();
        err.reset();
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("PATH", path), dir, Clock.system(), null,
                ColorMode.NEVER, false);
        return new Main().run(List.of(argv), ctx);
    }

    @Test
    void wrap_warnsWhenTheClientCannotFindTheCommandAndTakesCommand() throws Exception {
        Path file = config(CURSOR);
        String launcher = Path.of("bin", "agent-strace").toAbsolutePath().toString();
        assertEquals(0, runWithPath("", "wrap", "mcp.json", "--dry-run"), err());
        assertEquals("agent-strace wrap: warning: 'agent-strace' is not on the PATH, so the client will not find it;"
                + " use --command " + launcher + "\n", err());
        assertEquals(0, runWithPath("", "wrap", "mcp.json", "--command", launcher), err());
        assertEquals("", err());
        assertTrue(Files.readString(file).contains("\"command\": \"" + launcher + "\""), Files.readString(file));
        assertEquals(0, runWithPath("", "wrap", "mcp.json"), err());
        assertEquals("", err(), "nothing left to wrap, nothing to warn about");
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path config(String text) throws Exception {
        return Files.writeString(dir.resolve("mcp.json"), text);
    }

    @Test
    void wrapThenUnwrap_restoresTheFileByteForByte() throws Exception {
        Path file = config(CURSOR);
        byte[] original = Files.readAllBytes(file);
        assertEquals(0, run("wrap", "mcp.json"), err());
        assertTrue(out().startsWith("wrapped 1 server in mcp.json: filesystem\nbackup: mcp.json.agent-strace.bak\n"), out());
        assertTrue(out().contains("remote server \"linear\" (https://mcp.linear.app/mcp) is not wrapped; to record it run:\n"
                + "  agent-strace record-http https://mcp.linear.app/mcp --port 5100 --name linear\n"
                + "and point \"linear\" at http://127.0.0.1:5100/\n"), out());
        String wrapped = Files.readString(file);
        assertTrue(wrapped.contains("\"command\": \"agent-strace\""), wrapped);
        assertTrue(wrapped.contains("\"LOG_LEVEL\": \"debug\""), wrapped);
        assertArrayEquals(original, Files.readAllBytes(dir.resolve("mcp.json.agent-strace.bak")));

        assertEquals(0, run("unwrap", "mcp.json"), err());
        assertEquals("restored mcp.json exactly as it was before wrap (backup removed)\n", out());
        assertArrayEquals(original, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("mcp.json.agent-strace.bak")));
    }

    @Test
    void wrap_twice_isANoOpAndKeepsTheBackup() throws Exception {
        Path file = config(CURSOR);
        byte[] original = Files.readAllBytes(file);
        assertEquals(0, run("wrap", "mcp.json"));
        byte[] wrapped = Files.readAllBytes(file);
        assertEquals(0, run("wrap", "mcp.json"));
        assertTrue(out().startsWith("nothing to wrap in mcp.json (already wrapped: filesystem)\n"), out());
        assertArrayEquals(wrapped, Files.readAllBytes(file));
        assertArrayEquals(original, Files.readAllBytes(dir.resolve("mcp.json.agent-strace.bak")));
    }

    @Test
    void wrap_newServerAddedLater_keepsTheFirstBackup_andUnwrapKeepsEdits() throws Exception {
        Path file = config(CURSOR);
        byte[] original = Files.readAllBytes(file);
        run("wrap", "mcp.json");
        String edited = Files.readString(file).replace("\"linear\"", "\"git\": {\"command\": \"uvx\", \"args\": [\"mcp-server-git\"]},\n    \"linear\"");
        Files.writeString(file, edited);
        assertEquals(0, run("wrap", "mcp.json"), err());
        assertTrue(out().startsWith("wrapped 1 server in mcp.json: git\nalready wrapped: filesystem\n"), out());
        assertArrayEquals(original, Files.readAllBytes(dir.resolve("mcp.json.agent-strace.bak")));
        assertEquals(0, run("unwrap", "mcp.json"), err());
        assertTrue(out().startsWith("unwrapped filesystem, git in mcp.json\nthe file changed since it was wrapped, so the backup was kept: "),
                out());
        String restored = Files.readString(file);
        assertTrue(restored.contains("\"command\": \"uvx\""), restored);
        assertFalse(restored.contains("agent-strace"), restored);
    }

    @Test
    void dryRun_printsADiffAndWritesNothing() throws Exception {
        Path file = config(CURSOR);
        byte[] original = Files.readAllBytes(file);
        assertEquals(0, run("wrap", "mcp.json", "--dry-run"), err());
        String diff = out();
        assertTrue(diff.startsWith("--- mcp.json\n+++ mcp.json (wrapped)\n@@ "), diff);
        assertTrue(diff.contains("\n-      \"command\": \"npx\",\n"), diff);
        assertTrue(diff.contains("\n+      \"command\": \"agent-strace\",\n"), diff);
        assertTrue(diff.contains("would wrap 1 server: filesystem\n"), diff);
        assertArrayEquals(original, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("mcp.json.agent-strace.bak")));
    }

    @Test
    void unwrap_dryRun_printsADiffAndWritesNothing() throws Exception {
        Path file = config(CURSOR);
        run("wrap", "mcp.json");
        byte[] wrapped = Files.readAllBytes(file);
        assertEquals(0, run("unwrap", "mcp.json", "--dry-run"), err());
        assertTrue(out().contains("\n+      \"command\": \"npx\",\n"), out());
        assertArrayEquals(wrapped, Files.readAllBytes(file));
    }

    @Test
    void invalidJson_exits1WithAClearMessageAndLeavesTheFileAlone() throws Exception {
        Path file = config("{\"mcpServers\": {\"a\": {\"command\": \"x\",}}}");
        byte[] before = Files.readAllBytes(file);
        assertEquals(1, run("wrap", "mcp.json"));
        assertTrue(err().startsWith("agent-strace wrap: mcp.json: invalid JSON: "), err());
        assertEquals("", out());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("mcp.json.agent-strace.bak")));
        assertEquals(1, run("unwrap", "mcp.json"));
        assertTrue(err().startsWith("agent-strace unwrap: mcp.json: invalid JSON: "), err());
    }

    @Test
    void unknownShape_exits1AndLeavesTheFileAlone() throws Exception {
        Path file = config("{\"hooks\": {}}\n");
        assertEquals(1, run("wrap", "mcp.json"));
        assertEquals("agent-strace wrap: mcp.json: not an MCP client config: no \"mcpServers\" object (Claude Code, "
                + "Cursor, Windsurf, Claude Desktop) and no \"servers\" object (VS Code)\n", err());
        assertEquals("{\"hooks\": {}}\n", Files.readString(file));
    }

    @Test
    void missingFile_exits1() throws Exception {
        assertEquals(1, run("wrap", "nope.json"));
        assertTrue(err().startsWith("agent-strace wrap: cannot read "), err());
        assertTrue(err().endsWith("nope.json: no such file\n"), err());
    }

    @Test
    void usageErrors_exit2() throws Exception {
        assertEquals(2, run("wrap"));
        assertEquals("agent-strace wrap: missing the config file to wrap; see 'agent-strace wrap --help'\n", err());
        config(CURSOR);
        assertEquals(2, run("wrap", "mcp.json", "--exec", "/usr/bin/python3"));
        assertTrue(err().startsWith("agent-strace wrap: --command must name an agent-strace launcher"), err());
        assertEquals(2, run("wrap", "mcp.json", "other.json"));
        assertEquals(2, run("unwrap"));
        assertEquals(2, run("wrap", "mcp.json", "--dry"));
        assertTrue(err().contains("did you mean --dry-run?"), err());
    }

    @Test
    void wrap_traceDirAndNamePrefixGoIntoEveryServer() throws Exception {
        Path file = config("{\"servers\": {\"gh\": {\"type\": \"stdio\", \"command\": \"docker\", \"args\": [\"run\"]}}}");
        assertEquals(0, run("--trace-dir", "traces", "wrap", "mcp.json", "--name-prefix", "vscode-"), err());
        String text = Files.readString(file);
        assertTrue(text.contains("[\"record\",\"--trace-dir\",\"" + dir.resolve("traces") + "\",\"--name\",\"vscode-gh\","
                + "\"--\",\"docker\",\"run\"]"), text);
    }

    @Test
    void wrap_keepsFilePermissions() throws Exception {
        Path file = config(CURSOR);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, run("wrap", "mcp.json"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        List<String> leftovers = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(p -> leftovers.add(p.getFileName().toString()));
        }
        leftovers.sort(null);
        assertEquals(List.of("mcp.json", "mcp.json.agent-strace.bak"), leftovers);
    }

    @Test
    void unwrap_nothingWrapped_isANoOp() throws Exception {
        Path file = config(CURSOR);
        assertEquals(0, run("unwrap", "mcp.json"));
        assertEquals("nothing to unwrap in mcp.json\n", out());
        assertEquals(CURSOR, Files.readString(file));
    }
}
