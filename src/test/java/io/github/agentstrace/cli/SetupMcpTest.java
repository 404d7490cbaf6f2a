package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code setup --mcp}: registers the MCP server with Claude Code and prints the other clients' entries. */
class SetupMcpTest {
    @TempDir
    Path dir;

    private CliHarness.Result setup(String... args) throws IOException {
        String[] argv = new String[args.length + 1];
        argv[0] = "setup";
        System.arraycopy(args, 0, argv, 1, args.length);
        Files.createDirectories(dir.resolve("home"));
        return CliHarness.once(dir, Map.of("HOME", dir.resolve("home").toString(),
                "PATH", SetupCommandTest.onPath(dir).toString()), new byte[0], argv);
    }

    private Map<String, Object> file(Path p) throws IOException {
        return Json.asObject(Json.parse(Files.readAllBytes(p)));
    }

    private static Map<String, Object> server(Map<String, Object> config) {
        return Json.asObject(Json.asObject(config.get("mcpServers")).get("agent-strace"));
    }

    @Test
    void registersInTheProjectsMcpJson_once() throws IOException {
        CliHarness.Result r = setup("--mcp");
        assertEquals(0, r.status(), r.err());
        Path mcp = dir.resolve(".mcp.json");
        assertEquals("""
                {
                  "mcpServers": {
                    "agent-strace": {
                      "type": "stdio",
                      "command": "agent-strace",
                      "args": [
                        "mcp"
                      ]
                    }
                  }
                }
                """, Files.readString(mcp));
        assertTrue(r.out().startsWith("Registered the agent-strace MCP server for Claude Code in " + mcp
                + " (this project).\n"), r.out());
        assertFalse(Files.exists(dir.resolve(".mcp.json.agent-strace.bak")), "nothing to back up");

        CliHarness.Result again = setup("--mcp");
        assertTrue(again.out().startsWith("The agent-strace MCP server is already registered in " + mcp
                + "; nothing changed.\n"), again.out());
        assertFalse(Files.exists(dir.resolve(".mcp.json.agent-strace.bak")));
    }

    @Test
    void keepsTheOtherServersAndTheLayout_andBacksUp() throws IOException {
        Path mcp = dir.resolve(".mcp.json");
        String before = "{\r\n    \"mcpServers\": {\r\n        \"fs\": {\r\n            \"command\": \"npx\"\r\n        }\r\n"
                + "    },\r\n    \"other\": 1\r\n}\r\n";
        Files.writeString(mcp, before);
        CliHarness.Result r = setup("--mcp", "--command", SetupCommandTest.onPath(dir).resolve("agent-strace").toString());
        assertEquals(0, r.status(), r.err());
        String after = Files.readString(mcp);
        assertTrue(after.startsWith("{\r\n    \"mcpServers\": {\r\n        \"fs\": {\r\n            \"command\": \"npx\"\r\n"
                + "        },\r\n        \"agent-strace\": {"), after);
        assertEquals(1L, ((Number) file(mcp).get("other")).longValue());
        assertEquals(before, Files.readString(dir.resolve(".mcp.json.agent-strace.bak")));
        assertTrue(r.out().contains("Previous file saved as " + mcp + ".agent-strace.bak.\n"), r.out());
    }

    @Test
    void anOlderEntryIsUpdated() throws IOException {
        Path mcp = dir.resolve(".mcp.json");
        Files.writeString(mcp, "{\"mcpServers\": {\"agent-strace\": {\"command\": \"/old/agent-strace\", \"args\": [\"mcp\"]}}}\n");
        CliHarness.Result r = setup("--mcp");
        assertTrue(r.out().startsWith("Updated the agent-strace MCP server"), r.out());
        assertEquals("agent-strace", server(file(mcp)).get("command"));
    }

    @Test
    void global_registersInTheUsersClaudeJson_keepingEverythingElse() throws IOException {
        Path claude = Files.createDirectories(dir.resolve("home")).resolve(".claude.json");
        Files.writeString(claude, "{\"numStartups\": 12, \"projects\": {\"/p\": {\"mcpServers\": {}}}}\n");
        CliHarness.Result r = setup("--mcp", "--global");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> config = file(claude);
        assertEquals(12L, ((Number) config.get("numStartups")).longValue());
        assertEquals(Map.of("/p", Map.of("mcpServers", Map.of())), config.get("projects"));
        assertEquals(List.of("mcp"), server(config).get("args"));
        assertTrue(r.out().contains("(user scope, every project)"), r.out());
        assertFalse(Files.exists(dir.resolve(".mcp.json")));
    }

    @Test
    void aChosenTraceDirectoryIsWrittenAbsolute() throws IOException {
        CliHarness.Result r = setup("--trace-dir", "traces", "--mcp");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("mcp", "--trace-dir", dir.resolve("traces").toString()),
                server(file(dir.resolve(".mcp.json"))).get("args"));
    }

    @Test
    void printsTheEntriesOfTheOtherClients_withTheTraceDirectory() throws IOException {
        String out = setup("--mcp").out();
        String traces = dir.resolve(".agent-traces").toString();
        assertTrue(out.contains("For other clients, add this to their config (the trace directory is " + traces + "):"),
                out);
        List<String> clients = new ArrayList<>();
        for (String label : List.of("Cursor", "Windsurf", "VS Code", "Claude Desktop")) {
            int at = out.indexOf("\n" + label + " (");
            assertTrue(at > 0, label);
            int open = out.indexOf("\n{", at);
            int close = out.indexOf("\n}\n", open);
            Map<String, Object> snippet = Json.asObject(Json.parse(out.substring(open + 1, close + 2)));
            String key = label.equals("VS Code") ? "servers" : "mcpServers";
            Map<String, Object> entry = Json.asObject(Json.asObject(snippet.get(key)).get("agent-strace"));
            assertEquals(List.of("mcp", "--trace-dir", traces), entry.get("args"), label);
            assertEquals(label.equals("VS Code") ? "stdio" : null, entry.get("type"), label);
            clients.add(label);
        }
        assertEquals(4, clients.size());
    }

    @Test
    void uninstallTakesOnlyOurEntryOut() throws IOException {
        Path mcp = dir.resolve(".mcp.json");
        Files.writeString(mcp, "{\"mcpServers\": {\"fs\": {\"command\": \"npx\"}}}\n");
        setup("--mcp");
        CliHarness.Result r = setup("--mcp", "--uninstall");
        assertEquals(0, r.status(), r.err());
        assertEquals("Removed the agent-strace MCP server from " + mcp + ".\nPrevious file saved as " + mcp
                + ".agent-strace.bak.\n", r.out());
        assertEquals(Map.of("mcpServers", Map.of("fs", Map.of("command", "npx"))), file(mcp));
        assertEquals("No agent-strace MCP server in " + mcp + "; nothing changed.\n", setup("--mcp", "--uninstall").out());
    }

    @Test
    void badInput() throws IOException {
        CliHarness.Result sync = setup("--mcp", "--sync");
        assertEquals(2, sync.status());
        assertEquals("agent-strace setup: --sync is for the hooks; --mcp takes --global, --uninstall and --command;"
                + " see 'agent-strace setup --help'\n", sync.err());
        Files.writeString(dir.resolve(".mcp.json"), "{\"mcpServers\": [1]}");
        CliHarness.Result shape = setup("--mcp");
        assertEquals(1, shape.status());
        assertEquals("agent-strace setup: " + dir.resolve(".mcp.json") + ": \"mcpServers\" is an array, expected an"
                + " object of servers by name\n", shape.err());
        Files.writeString(dir.resolve(".mcp.json"), "{\"mcpServers\": {}, // a comment\n}");
        CliHarness.Result jsonc = setup("--mcp");
        assertEquals(1, jsonc.status());
        assertTrue(jsonc.err().contains("comments and trailing commas are not supported"), jsonc.err());
        assertEquals("{\"mcpServers\": {}, // a comment\n}", Files.readString(dir.resolve(".mcp.json")), "untouched");
    }
}
