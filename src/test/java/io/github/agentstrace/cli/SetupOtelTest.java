package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code setup --otel}: the telemetry env block for Claude Code, printed or merged into the settings' env. */
class SetupOtelTest {
    @TempDir
    Path dir;

    private CliHarness.Result run(String... args) throws IOException {
        Files.createDirectories(dir.resolve("home"));
        return CliHarness.once(dir, Map.of("HOME", dir.resolve("home").toString()), new byte[0], args);
    }

    private Map<String, Object> env(Path file) throws IOException {
        return Json.asObject(Json.asObject(Json.parse(Files.readAllBytes(file))).get("env"));
    }

    @Test
    void prints_theEnvBlock_andWhatTheContentSwitchesReveal() throws IOException {
        CliHarness.Result r = run("setup", "--otel", "--port", "4999");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> env = Json.asObject(Json.asObject(Json.parse(r.out())).get("env"));
        assertEquals("1", env.get("CLAUDE_CODE_ENABLE_TELEMETRY"));
        assertEquals("otlp", env.get("OTEL_LOGS_EXPORTER"));
        assertEquals("http/protobuf", env.get("OTEL_EXPORTER_OTLP_PROTOCOL"));
        assertEquals("http://127.0.0.1:4999", env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertTrue(r.err().contains("OTEL_LOG_USER_PROMPTS=1  the text of each prompt"), r.err());
        assertTrue(r.err().contains("OTEL_LOG_TOOL_DETAILS=1  each tool call's input"), r.err());
        assertTrue(r.err().contains("agent-strace receive --port 4999"), r.err());
    }

    @Test
    void install_mergesIntoEnv_keepsOtherSettings_isIdempotent_andBacksUp() throws IOException {
        Path file = dir.resolve(".claude/settings.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"model\":\"opus\",\"env\":{\"FOO\":\"bar\",\"OTEL_LOGS_EXPORTER\":\"console\"}}");
        CliHarness.Result r = run("setup", "--install", "--otel");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("6 settings"), r.out());
        Map<String, Object> env = env(file);
        assertEquals("bar", env.get("FOO"));
        assertEquals("otlp", env.get("OTEL_LOGS_EXPORTER"));
        assertEquals("http://127.0.0.1:4318", env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertEquals("opus", Json.asObject(Json.parse(Files.readAllBytes(file))).get("model"));
        assertTrue(Files.exists(dir.resolve(".claude/settings.json.agent-strace.bak")));

        String before = Files.readString(file);
        CliHarness.Result again = run("setup", "--install", "--otel");
        assertEquals(0, again.status());
        assertTrue(again.out().contains("nothing changed"), again.out());
        assertEquals(before, Files.readString(file));

        CliHarness.Result off = run("setup", "--uninstall", "--otel");
        assertEquals(0, off.status(), off.err());
        assertEquals(Map.of("FOO", "bar"), env(file));
    }

    @Test
    void install_global_writesTheUsersSettings() throws IOException {
        CliHarness.Result r = run("setup", "--install", "--otel", "--global");
        assertEquals(0, r.status(), r.err());
        assertEquals("1", env(dir.resolve("home/.claude/settings.json")).get("OTEL_LOG_TOOL_DETAILS"));
    }

    @Test
    void refuses_hookOptions_andAnEnvThatIsNotAnObject() throws IOException {
        CliHarness.Result r = run("setup", "--otel", "--resident");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--resident is not for --otel"), r.err());
        Path file = dir.resolve(".claude/settings.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"env\":[1]}");
        CliHarness.Result bad = run("setup", "--install", "--otel");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("its \"env\" is not an object"), bad.err());
    }
}
