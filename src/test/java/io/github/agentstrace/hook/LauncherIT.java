package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/agent-strace on the hook path: the class-data archive appears, and no archive state can break a hook. */
class LauncherIT {
    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private Result launch(Path cache, String stdin, String... args) throws Exception {
        return launchWith(null, cache, stdin, args);
    }

    /** Runs the launcher with AGENT_STRACE_JAVA_OPTS set to {@code javaOpts} (unset when null). */
    private Result launchWith(String javaOpts, Path cache, String stdin, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", Path.of("bin/agent-strace").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Files.writeString(dir.resolve("in.json"), stdin);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(dir.resolve("in.json").toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("AGENT_STRACE_CACHE_DIR", cache.toString());
        pb.environment().put("AGENT_TRACE_DIR", dir.resolve("traces").toString());
        pb.environment().remove("AGENT_STRACE_JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("AGENT_STRACE_JAVA_OPTS", javaOpts);
        }
        pb.environment().remove("AGENT_STRACE_JAR");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private static String prompt(int n) {
        return "{\"session_id\":\"launcher-1\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"p" + n + "\"}";
    }

    private static Path archiveIn(Path cache) throws Exception {
        if (!Files.isDirectory(cache)) {
            return null;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(cache)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if ((n.endsWith(".jsa") || n.endsWith(".aot")) && Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private long prompts() throws Exception {
        return Files.readAllLines(dir.resolve("traces/launcher-1/events.ndjson")).stream()
                .filter(l -> l.contains("\"user_prompt\"")).count();
    }

    @Test
    void hook_buildsItsArchiveOnFirstUse_andSurvivesACorruptOrUnwritableOne() throws Exception {
        Path cache = dir.resolve("cache");
        Result first = launch(cache, prompt(1), "hook", "user-prompt");
        assertEquals(new Result(0, "", ""), first);
        // The launcher reads the JDK's version from its release file; without one it (rightly) skips the archive.
        Assumptions.assumeTrue(Files.exists(Path.of(System.getProperty("java.home"), "release")),
                "this JDK has no release file: the launcher makes no archive");
        Path archive = null;
        for (int i = 0; i < 600 && archive == null; i++) {
            archive = archiveIn(cache);
            if (archive == null) {
                Thread.sleep(200);
            }
        }
        assertTrue(archive != null, "no class-data archive in " + cache);
        // let a background build finish its rename and lock removal
        for (int i = 0; i < 100 && Files.exists(Path.of(archive + ".lock")); i++) {
            Thread.sleep(200);
        }
        assertEquals(new Result(0, "", ""), launch(cache, prompt(2), "hook", "user-prompt"));

        archive.toFile().setWritable(true);
        Files.write(archive, "not an archive at all".getBytes(StandardCharsets.UTF_8));
        assertEquals(new Result(0, "", ""), launch(cache, prompt(3), "hook", "user-prompt"));

        Path notADir = dir.resolve("file-not-dir");
        Files.writeString(notADir, "x");
        assertEquals(new Result(0, "", ""), launch(notADir, prompt(4), "hook", "user-prompt"));
        assertEquals(4, prompts());
    }

    @Test
    void otherCommands_passArgumentsAndExitStatusThrough() throws Exception {
        Result r = launch(dir.resolve("cache"), "", "no-such-command");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("agent-strace: unknown command 'no-such-command'"), r.err());
        assertTrue(new File("bin/agent-strace").canExecute(), "the launcher is executable in the repository");
    }

    /**
     * Commands that read and exit start with the launcher's options for short-lived JVMs (found past global
     * options and their values: a small young generation, no optimising compiler); the proxies keep the JVM's
     * defaults; AGENT_STRACE_JAVA_OPTS comes last, so it wins.
     */
    @Test
    void readCommandsGetShortLivedJvmOptions_proxiesKeepTheDefaults() throws Exception {
        String traces = dir.resolve("traces").toString();
        String stats = firstLine(launchWith("-XX:+PrintCommandLineFlags", dir.resolve("cache"), "",
                "--trace-dir", traces, "--color", "never", "stats", "--help"));
        assertTrue(stats.contains("-XX:+UseSerialGC") && stats.contains("-XX:InitialHeapSize=33554432")
                && stats.contains("-XX:MaxNewSize=12582912") && stats.contains("-XX:TieredStopAtLevel=1"), stats);
        String list = firstLine(launchWith("-XX:+PrintCommandLineFlags", dir.resolve("cache"), "",
                "--trace-dir", traces, "list"));
        assertTrue(list.contains("-XX:+UseSerialGC") && list.contains("-XX:TieredStopAtLevel=1"), list);
        String record = firstLine(launchWith("-XX:+PrintCommandLineFlags", dir.resolve("cache"), "",
                "--trace-dir", traces, "record", "--help"));
        assertTrue(record.contains("-XX:+PrintCommandLineFlags"), record);
        // (not UseSerialGC: on a small machine the JVM picks it by itself)
        assertFalse(record.contains("-XX:-UsePerfData") || record.contains("InitialHeapSize=33554432")
                || record.contains("TieredStopAtLevel"), record);
        String mine = firstLine(launchWith("-XX:+PrintCommandLineFlags -XX:TieredStopAtLevel=4", dir.resolve("cache"), "",
                "list", "--help"));
        assertTrue(mine.contains("-XX:TieredStopAtLevel=4"), mine);
    }

    private static String firstLine(Result r) {
        assertEquals(0, r.status(), r.err());
        return r.out().lines().findFirst().orElse("");
    }
}
