package io.github.agentstrace.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class McpConfigTest {
    private static final McpConfig.Options DEFAULTS = new McpConfig.Options(null, null, null);

    static final String CLAUDE_CODE = """
            {
              "mcpServers": {
                "filesystem": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],
                  "env": {
                    "DEBUG": "1"
                  }
                },
                "api": {
                  "type": "http",
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${API_TOKEN}"
                  }
                }
              }
            }
            """;

    @Test
    void wrap_claudeCode_rewritesStdioKeepsTypeEnvAndOrder() {
        McpConfig.Result r = McpConfig.wrap(CLAUDE_CODE, ".mcp.json", DEFAULTS);
        assertTrue(r.changed());
        assertEquals(List.of("filesystem"), r.rewritten());
        assertEquals("""
                {
                  "mcpServers": {
                    "filesystem": {
                      "type": "stdio",
                      "command": "agent-strace",
                      "args": [
                        "record",
                        "--name",
                        "filesystem",
                        "--",
                        "npx",
                        "-y",
                        "@modelcontextprotocol/server-filesystem",
                        "/tmp"
                      ],
                      "env": {
                        "DEBUG": "1"
                      }
                    },
                    "api": {
                      "type": "http",
                      "url": "https://mcp.example.com/mcp",
                      "headers": {
                        "Authorization": "Bearer ${API_TOKEN}"
                      }
                    }
                  }
                }
                """, r.text());
        assertEquals(1, r.remotes().size());
        McpConfig.Remote remote = r.remotes().get(0);
        assertEquals("agent-strace record-http https://mcp.example.com/mcp --port 5100 --name api", remote.command());
        assertEquals(List.of("agent-strace", "record-http", "https://mcp.example.com/mcp", "--port", "5100", "--name", "api"),
                remote.args());
        // record-http's / is the upstream URL itself: /mcp here would reach /mcp/mcp upstream.
        assertEquals("http://127.0.0.1:5100/", remote.localUrl());
    }

    @Test
    void wrap_isIdempotent() {
        String once = McpConfig.wrap(CLAUDE_CODE, "f", DEFAULTS).text();
        McpConfig.Result twice = McpConfig.wrap(once, "f", DEFAULTS);
        assertFalse(twice.changed());
        assertSame(once, twice.text());
        assertEquals(List.of("filesystem"), twice.untouched());
    }

    @Test
    void wrap_namePrefixExecAndTraceDirGoIntoTheRecordArguments() {
        String text = McpConfig.wrap("{\"mcpServers\":{\"git\":{\"command\":\"uvx\",\"args\":[\"mcp-server-git\"]}}}", "f",
                new McpConfig.Options("/opt/bin/agent-strace", "cursor-", "/home/me/traces")).text();
        assertEquals("{\"mcpServers\":{\"git\":{\"command\":\"/opt/bin/agent-strace\",\"args\":[\"record\",\"--trace-dir\","
                + "\"/home/me/traces\",\"--name\",\"cursor-git\",\"--\",\"uvx\",\"mcp-server-git\"]}}}", text);
        assertFalse(McpConfig.wrap(text, "f", DEFAULTS).changed(), "a custom launcher is recognised as wrapped");
    }

    @Test
    void wrap_remoteProxyCommandRecordsIntoTheSameTraceDirectory() {
        McpConfig.Remote remote = McpConfig.wrap("{\"mcpServers\":{\"api\":{\"url\":\"https://x.example/mcp\"}}}", "f",
                new McpConfig.Options("/opt/my tools/agent-strace", "", "/home/me/traces")).remotes().get(0);
        assertEquals(List.of("/opt/my tools/agent-strace", "record-http", "https://x.example/mcp", "--port", "5100",
                "--name", "api", "--trace-dir", "/home/me/traces"), remote.args());
        assertEquals("'/opt/my tools/agent-strace' record-http https://x.example/mcp --port 5100 --name api"
                + " --trace-dir /home/me/traces", remote.command());
    }

    @Test
    void wrap_entryWithoutArgs_getsArgsAfterCommand() {
        String text = McpConfig.wrap("{\"mcpServers\":{\"s\":{\"command\":\"server-bin\",\"env\":{}}}}", "f", DEFAULTS).text();
        assertEquals("{\"mcpServers\":{\"s\":{\"command\":\"agent-strace\",\"args\":[\"record\",\"--name\",\"s\",\"--\","
                + "\"server-bin\"],\"env\":{}}}}", text);
    }

    @Test
    void wrap_vsCodeServers_keepsInputsAndEnvFile() {
        String vscode = """
                {
                \t"inputs": [{"type": "promptString", "id": "token", "password": true}],
                \t"servers": {
                \t\t"github": {"type": "stdio", "command": "docker", "args": ["run", "-i", "ghcr.io/github/github-mcp-server"], "envFile": "${workspaceFolder}/.env"},
                \t\t"remote": {"type": "sse", "url": "http://localhost:3000/sse"}
                \t}
                }
                """;
        McpConfig.Result r = McpConfig.wrap(vscode, "mcp.json", DEFAULTS);
        assertEquals(List.of("github"), r.rewritten());
        assertTrue(r.text().contains("\t\"inputs\": [\n\t\t{\n\t\t\t\"type\": \"promptString\""), r.text());
        assertTrue(r.text().contains("\"envFile\": \"${workspaceFolder}/.env\""), r.text());
        assertEquals("http://127.0.0.1:5100/", r.remotes().get(0).localUrl());
    }

    @Test
    void wrap_windsurfServerUrlIsRemote_andClaudeDesktopStdio() {
        McpConfig.Result r = McpConfig.wrap("""
                {"mcpServers": {
                  "remote": {"serverUrl": "https://api.example.com/mcp?team=a&b=c"},
                  "local": {"command": "node", "args": ["server.js"], "disabled": false}
                }}
                """, "mcp_config.json", DEFAULTS);
        assertEquals(List.of("local"), r.rewritten());
        assertEquals("agent-strace record-http 'https://api.example.com/mcp?team=a&b=c' --port 5100 --name remote",
                r.remotes().get(0).command());
        assertEquals("http://127.0.0.1:5100/", r.remotes().get(0).localUrl(), "the query is the proxy's to add");
        assertTrue(r.text().contains("\"disabled\": false"));
    }

    @Test
    void wrap_claudeJsonProjectsScopes() {
        String claudeJson = """
                {"numStartups": 3, "mcpServers": {"u": {"command": "a"}},
                 "projects": {"/work/p": {"allowedTools": [], "mcpServers": {"p": {"command": "b", "args": []}}}}}
                """;
        McpConfig.Result r = McpConfig.wrap(claudeJson, "~/.claude.json", DEFAULTS);
        assertEquals(List.of("u", "p"), r.rewritten());
        assertTrue(r.text().contains("\"numStartups\": 3"));
    }

    @Test
    void wrap_preservesNumbersNonAsciiAndCrlf() {
        String text = "{\r\n    \"mcpServers\": {\r\n        \"s\": {\"command\": \"x\", \"timeout\": 1.50, \"label\": \"café\"}\r\n    }\r\n}";
        String out = McpConfig.wrap(text, "f", DEFAULTS).text();
        assertTrue(out.contains("\r\n        \"s\": {\r\n            \"command\""), out);
        assertTrue(out.contains("1.50") && out.contains("café") && !out.endsWith("\n"), out);
    }

    @Test
    void wrap_indentUnitIsTheShallowestIndentation() {
        String text = "{\"mcpServers\": {\n    \"s\": {\"command\": \"x\"}\n  }\n}\n";
        String out = McpConfig.wrap(text, "f", DEFAULTS).text();
        assertTrue(out.startsWith("{\n  \"mcpServers\": {\n    \"s\": {\n      \"command\""), out);
    }

    @Test
    void unwrap_restoresBackupTextExactly() {
        String original = "{\n    \"mcpServers\": {\"s\": {\"command\": \"server-bin\", \"env\": {\"K\": \"V\"}}},\n"
                + "    \"other\": [1,2,   3]\n}\n";
        String wrapped = McpConfig.wrap(original, "f", DEFAULTS).text();
        McpConfig.Result r = McpConfig.unwrap(wrapped, "f", original);
        assertTrue(r.exact());
        assertSame(original, r.text());
    }

    @Test
    void unwrap_withoutBackup_restoresCommandAndArgsInPlace() {
        String wrapped = McpConfig.wrap(CLAUDE_CODE, "f", DEFAULTS).text();
        McpConfig.Result r = McpConfig.unwrap(wrapped, "f", null);
        assertFalse(r.exact());
        assertEquals(List.of("filesystem"), r.rewritten());
        assertEquals(CLAUDE_CODE.replace("[\"-y\", \"@modelcontextprotocol/server-filesystem\", \"/tmp\"]",
                "[\n        \"-y\",\n        \"@modelcontextprotocol/server-filesystem\",\n        \"/tmp\"\n      ]"), r.text());
    }

    @Test
    void unwrap_afterOtherEdits_keepsTheEditsAndTheBackupEntryShape() {
        String original = "{\"mcpServers\": {\"s\": {\"command\": \"server-bin\"}}}";
        String wrapped = McpConfig.wrap(original, "f", DEFAULTS).text();
        String edited = wrapped.replace("{\"mcpServers\"", "{\"theme\":\"dark\",\"mcpServers\"");
        McpConfig.Result r = McpConfig.unwrap(edited, "f", original);
        assertFalse(r.exact());
        assertEquals("{\"theme\":\"dark\",\"mcpServers\":{\"s\":{\"command\":\"server-bin\"}}}", r.text());
    }

    @Test
    void unwrap_nothingWrapped_changesNothing() {
        McpConfig.Result r = McpConfig.unwrap(CLAUDE_CODE, "f", null);
        assertFalse(r.changed());
        assertSame(CLAUDE_CODE, r.text());
    }

    @Test
    void invalidJson_isAClearError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> McpConfig.wrap("{\"mcpServers\": {,}}", "mcp.json", DEFAULTS));
        assertTrue(e.getMessage().startsWith("mcp.json: invalid JSON: "), e.getMessage());
        ConfigException jsonc = assertThrows(ConfigException.class,
                () -> McpConfig.wrap("{\n// servers\n\"servers\": {}}", "mcp.json", DEFAULTS));
        assertTrue(jsonc.getMessage().endsWith("(comments and trailing commas are not supported: remove them first)"),
                jsonc.getMessage());
    }

    @Test
    void unknownShapes_areClearErrors() {
        assertEquals("f: not an MCP client config: no \"mcpServers\" object (Claude Code, Cursor, Windsurf, Claude Desktop)"
                + " and no \"servers\" object (VS Code)",
                assertThrows(ConfigException.class, () -> McpConfig.wrap("{\"hooks\": {}}", "f", DEFAULTS)).getMessage());
        assertEquals("f: not an MCP client config: the top level is an array, expected an object",
                assertThrows(ConfigException.class, () -> McpConfig.wrap("[]", "f", DEFAULTS)).getMessage());
        assertEquals("f: \"mcpServers\" is an array, expected an object of servers by name",
                assertThrows(ConfigException.class, () -> McpConfig.wrap("{\"mcpServers\": []}", "f", DEFAULTS)).getMessage());
        assertEquals("f: server \"s\" is a string, expected an object",
                assertThrows(ConfigException.class,
                        () -> McpConfig.wrap("{\"mcpServers\": {\"s\": \"npx x\"}}", "f", DEFAULTS)).getMessage());
        assertEquals("f: server \"s\": \"args\" is an array, expected an array of strings",
                assertThrows(ConfigException.class,
                        () -> McpConfig.wrap("{\"mcpServers\": {\"s\": {\"command\": \"x\", \"args\": [1]}}}", "f", DEFAULTS))
                        .getMessage());
        assertEquals("f: server \"s\": \"command\" is a number, expected a non-empty string",
                assertThrows(ConfigException.class,
                        () -> McpConfig.wrap("{\"mcpServers\": {\"s\": {\"command\": 5}}}", "f", DEFAULTS)).getMessage());
    }

    @Test
    void entryWithoutCommandOrUrl_isNotedAndLeftAlone() {
        McpConfig.Result r = McpConfig.wrap("{\"mcpServers\": {\"s\": {\"disabled\": true}}}", "f", DEFAULTS);
        assertFalse(r.changed());
        assertEquals(List.of("server \"s\" has no command or url; left as is"), r.notes());
    }

    @Test
    void isWrapped_needsRecordAndASeparatorAndACommandAfterIt() {
        assertTrue(McpConfig.isWrapped("agent-strace", List.of("record", "--", "x")));
        assertTrue(McpConfig.isWrapped("C:\\tools\\agent-strace.cmd", List.of("record", "--name", "n", "--", "x")));
        assertFalse(McpConfig.isWrapped("agent-strace", List.of("record", "--")));
        assertFalse(McpConfig.isWrapped("agent-strace", List.of("replay")));
        assertFalse(McpConfig.isWrapped("npx", List.of("record", "--", "x")));
        assertFalse(McpConfig.isWrapped("agent-strace", List.of("record", "--name", "n")));
        assertTrue(McpConfig.isWrapped("agent-strace", List.of("record", "--name", "n", "-q", "npx", "server")));
    }

    @Test
    void handWrittenRecordWithoutSeparator_isRecognisedAndUnwrapped() {
        String hand = "{\"mcpServers\":{\"s\":{\"command\":\"agent-strace\",\"args\":[\"record\",\"-n\",\"s\",\"--no-redact\","
                + "\"npx\",\"-y\",\"server\"]}}}";
        assertFalse(McpConfig.wrap(hand, "f", DEFAULTS).changed());
        assertEquals("{\"mcpServers\":{\"s\":{\"command\":\"npx\",\"args\":[\"-y\",\"server\"]}}}",
                McpConfig.unwrap(hand, "f", null).text());
    }
}
