package io.github.agentstrace.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registering one server entry in a client's config (what {@code setup --mcp} writes). */
class McpConfigRegisterTest {
    private static final McpConfig.Client CLAUDE = McpConfig.Client.CLAUDE_CODE;
    private static final Map<String, Object> ENTRY = CLAUDE.stdioEntry("agent-strace", List.of("mcp"));

    @Test
    void register_intoANewFile() {
        McpConfig.Registration r = McpConfig.register(null, ".mcp.json", CLAUDE, "agent-strace", ENTRY);
        assertTrue(r.changed());
        assertFalse(r.replaced());
        assertEquals("{\n  \"mcpServers\": {\n    \"agent-strace\": {\n      \"type\": \"stdio\",\n"
                + "      \"command\": \"agent-strace\",\n      \"args\": [\n        \"mcp\"\n      ]\n    }\n  }\n}\n", r.text());
        assertEquals(r.text(), McpConfig.register("  \n", ".mcp.json", CLAUDE, "agent-strace", ENTRY).text(),
                "a blank file is a new one");
    }

    @Test
    void register_keepsEverythingElseInItsLayout_andIsIdempotent() {
        String text = "{\n\t\"mcpServers\": {\n\t\t\"fs\": {\n\t\t\t\"command\": \"npx\",\n\t\t\t\"args\": [\"-y\"]\n\t\t}\n\t},\n"
                + "\t\"x\": 1.50\n}";
        McpConfig.Registration r = McpConfig.register(text, "f", CLAUDE, "agent-strace", ENTRY);
        assertTrue(r.text().startsWith("{\n\t\"mcpServers\": {\n\t\t\"fs\": {\n\t\t\t\"command\": \"npx\","), r.text());
        assertTrue(r.text().endsWith("\t\"x\": 1.50\n}"), "number text and no final newline kept: " + r.text());
        McpConfig.Registration again = McpConfig.register(r.text(), "f", CLAUDE, "agent-strace", ENTRY);
        assertFalse(again.changed());
        assertSame(r.text(), again.text());
    }

    @Test
    void register_replacesAnotherEntryOfThatName() {
        String text = "{\"mcpServers\": {\"agent-strace\": {\"command\": \"old\"}}}";
        McpConfig.Registration r = McpConfig.register(text, "f", CLAUDE, "agent-strace", ENTRY);
        assertTrue(r.changed());
        assertTrue(r.replaced());
        assertEquals(ENTRY, Json.asObject(Json.asObject(Json.asObject(Json.parse(r.text())).get("mcpServers"))
                .get("agent-strace")));
    }

    @Test
    void register_addsTheServersObjectWhenMissing() {
        McpConfig.Registration r = McpConfig.register("{\"theme\": \"dark\"}", "f", CLAUDE, "agent-strace", ENTRY);
        Map<String, Object> root = Json.asObject(Json.parse(r.text()));
        assertEquals(List.of("theme", "mcpServers"), List.copyOf(root.keySet()));
    }

    @Test
    void register_refusesWhatIsNoConfig() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> McpConfig.register("{\"mcpServers\": \"x\"}", "f", CLAUDE, "s", ENTRY));
        assertEquals("f: \"mcpServers\" is a string, expected an object of servers by name", e.getMessage());
        e = assertThrows(ConfigException.class, () -> McpConfig.register("[]", "f", CLAUDE, "s", ENTRY));
        assertEquals("f: not an MCP client config: the top level is an array, expected an object", e.getMessage());
    }

    @Test
    void unregister_removesOnlyThatEntry() {
        String text = "{\"mcpServers\": {\"fs\": {\"command\": \"npx\"}, \"agent-strace\": {\"command\": \"a\"}}}";
        McpConfig.Registration r = McpConfig.unregister(text, "f", CLAUDE, "agent-strace");
        assertTrue(r.changed());
        assertEquals("{\"mcpServers\":{\"fs\":{\"command\":\"npx\"}}}", r.text());
        assertFalse(McpConfig.unregister(r.text(), "f", CLAUDE, "agent-strace").changed());
        assertFalse(McpConfig.unregister("{}", "f", CLAUDE, "agent-strace").changed());
    }

    @Test
    void theClientsShapes() {
        assertEquals(Map.of("command", "c", "args", List.of("mcp")),
                McpConfig.Client.CURSOR.stdioEntry("c", List.of("mcp")));
        assertEquals("{\n  \"servers\": {\n    \"s\": {\n      \"type\": \"stdio\",\n      \"command\": \"c\",\n"
                + "      \"args\": []\n    }\n  }\n}", McpConfig.Client.VS_CODE.snippet("s",
                McpConfig.Client.VS_CODE.stdioEntry("c", List.of())));
        for (McpConfig.Client c : McpConfig.Client.values()) {
            String snippet = c.snippet("s", c.stdioEntry("agent-strace", List.of("mcp")));
            // What setup prints is what wrap understands: the entry is a stdio server it would wrap.
            McpConfig.Result wrapped = McpConfig.wrap(snippet, c.label(), new McpConfig.Options(null, null, null));
            assertEquals(List.of("s"), wrapped.rewritten(), c.label());
        }
    }
}
