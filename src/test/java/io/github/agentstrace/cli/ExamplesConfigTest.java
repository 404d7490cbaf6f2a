package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.wrap.McpConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The configs under examples/ are what wrap and setup write. */
class ExamplesConfigTest {
    private static final Path EXAMPLES = Path.of("examples").toAbsolutePath();

    private static List<Path> mcpExamples() throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES.resolve("mcp"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void mcpExamples_areAlreadyWrappedAndUnwrapToTheirOwnServers() throws IOException {
        List<Path> files = mcpExamples();
        assertEquals(5, files.size(), files.toString());
        McpConfig.Options defaults = new McpConfig.Options(null, null, null);
        for (Path f : files) {
            String text = Files.readString(f);
            McpConfig.Result again = McpConfig.wrap(text, f.toString(), defaults);
            assertFalse(again.changed(), f + " is not fully wrapped");
            assertTrue(again.untouched().size() >= 2, f.toString());
            McpConfig.Result unwrapped = McpConfig.unwrap(text, f.toString(), null);
            assertTrue(unwrapped.changed(), f.toString());
            assertFalse(unwrapped.text().contains("agent-strace"), f + ": " + unwrapped.text());
            assertEquals(text, McpConfig.wrap(unwrapped.text(), f.toString(), defaults).text(),
                    f + " is not what wrap writes");
        }
    }

    @Test
    void claudeCodeSettings_registerEveryHookThroughAgentStrace() throws IOException {
        Map<String, Object> hooks = Json.asObject(Json.asObject(Json.parse(
                Files.readString(EXAMPLES.resolve("claude-code/settings.json")))).get("hooks"));
        assertTrue(hooks.keySet().containsAll(List.of("UserPromptSubmit", "PreToolUse", "PostToolUse",
                "PostToolUseFailure", "Stop", "SessionStart", "SessionEnd")), hooks.keySet().toString());
        for (Map.Entry<String, Object> e : hooks.entrySet()) {
            for (Object group : Json.asArray(e.getValue())) {
                for (Object handler : Json.asArray(Json.asObject(group).get("hooks"))) {
                    Map<String, Object> h = Json.asObject(handler);
                    assertEquals("command", h.get("type"));
                    assertTrue(((String) h.get("command")).startsWith("agent-strace hook "), h.toString());
                    boolean async = Boolean.TRUE.equals(h.get("async"));
                    boolean timed = h.get("timeout") instanceof Number;
                    assertTrue(async || timed, e.getKey() + " neither async nor time-bounded");
                }
            }
        }
        assertFalse(hooks.containsKey("WorktreeCreate"));
    }

    @Test
    void claudeCodeSettings_areExactlyWhatSetupPrints() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Context ctx = new Context(java.io.InputStream.nullInputStream(),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), Map.of(), EXAMPLES,
                io.github.agentstrace.model.Clock.system(), null, io.github.agentstrace.term.ColorMode.NEVER, false);
        assertEquals(0, new Main().run(List.of("setup"), ctx));
        assertEquals(out.toString(java.nio.charset.StandardCharsets.UTF_8),
                Files.readString(EXAMPLES.resolve("claude-code/settings.json")),
                "examples/claude-code/settings.json differs from 'agent-strace setup': regenerate it");
    }
}
