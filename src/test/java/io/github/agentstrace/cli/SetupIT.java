package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.testsupport.TestJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code setup --install} through the real jar, on settings files as people have them. */
class SetupIT {
    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    /** Runs setup through the jar with an agent-strace on the PATH, as where it is installed. */
    private Result setup(String... args) throws Exception {
        return setupWithPath(SetupCommandTest.onPath(dir.resolve("installed")).toString(), args);
    }

    private Result setupWithPath(String path, String... args) throws Exception {
        String jar = TestJar.path().toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(
                TestJar.java(), "-jar", jar, "setup"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("PATH", path);
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void install_intoSettingsWithOtherHooks_keepsThem() throws Exception {
        Path settings = dir.resolve(".claude/settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{\"env\":{\"A\":\"1\"},\"hooks\":{\"Stop\":[{\"hooks\":[{\"type\":\"command\","
                + "\"command\":\"notify-send done\"}]}]}}");
        Result r = setup("--install");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("Installed agent-strace hooks for 14 events in "), r.out());
        Map<String, Object> all = Json.asObject(Json.parse(Files.readString(settings)));
        assertEquals(Map.of("A", "1"), all.get("env"));
        List<Object> stop = Json.asArray(Json.asObject(all.get("hooks")).get("Stop"));
        assertEquals(2, stop.size());
        assertTrue(Json.write(stop.get(0)).contains("notify-send done"));
        assertTrue(Json.write(stop.get(1)).contains("agent-strace hook stop"));
        assertTrue(Files.exists(dir.resolve(".claude/settings.json.agent-strace.bak")));
        Result again = setup("--install");
        assertTrue(again.out().contains("nothing changed"), again.out());
    }

    @Test
    void install_withoutHooksKey_andRefusingInvalidJson() throws Exception {
        Path global = dir.resolve("home/.claude/settings.json");
        Files.createDirectories(global.getParent());
        Files.writeString(global, "{\"model\":\"opus\"}");
        assertEquals(0, setup("--install", "--global").status());
        Map<String, Object> all = Json.asObject(Json.parse(Files.readString(global)));
        assertEquals("opus", all.get("model"));
        assertEquals(14, Json.asObject(all.get("hooks")).size());

        Files.writeString(global, "{\"model\": opus}");
        Result r = setup("--install", "--global");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("agent-strace setup: refusing to change "), r.err());
        assertEquals("{\"model\": opus}", Files.readString(global));
    }

    @Test
    void install_withoutAgentStraceOnThePath_warnsAndNamesTheLauncherOfThisJar() throws Exception {
        Result r = setupWithPath("/nonexistent", "--install");
        assertEquals(0, r.status(), r.err());
        // target/agent-strace.jar: its launcher is bin/agent-strace of the checkout.
        Path launcher = TestJar.path()
                .getParent().resolveSibling("bin").resolve("agent-strace").normalize();
        assertEquals("agent-strace setup: warning: 'agent-strace' is not on the PATH, so Claude Code will not find it;"
                + " use --command " + launcher + "\n", r.err());
        assertTrue(Files.exists(dir.resolve(".claude/settings.json")));
    }
}
