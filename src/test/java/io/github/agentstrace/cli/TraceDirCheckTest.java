package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trace directory that cannot be one is a data error, said once, in {@link Context#traceDir}, for every command. */
class TraceDirCheckTest {
    /** Every command that reads or writes the trace directory, with the arguments it needs to get that far. */
    private static final List<List<String>> COMMANDS = List.of(
            List.of("list"), List.of("list", "--json"), List.of("replay"), List.of("replay", "abc"), List.of("stats"),
            List.of("cost"), List.of("inspect"), List.of("export", "--all"), List.of("import", "t.jsonl"),
            List.of("record", "--", "cat"), List.of("record-http", "http://127.0.0.1:9/mcp", "--port", "0"),
            List.of("setup"), List.of("wrap", "mcp.json"));

    @TempDir
    Path tmp;
    CliHarness cli;
    Path file;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(tmp);
        file = Files.writeString(tmp.resolve("afile"), "not a directory");
        Files.writeString(tmp.resolve("mcp.json"), "{\"mcpServers\": {\"fs\": {\"command\": \"cat\"}}}");
    }

    private CliHarness.Result run(List<String> before, List<String> command) {
        List<String> argv = new ArrayList<>(before);
        argv.addAll(command);
        return cli.run(argv.toArray(String[]::new));
    }

    @Test
    void aFile_isADataErrorForEveryCommandThatUsesTheTraceDirectory() throws Exception {
        for (List<String> command : COMMANDS) {
            CliHarness.Result r = run(List.of("--trace-dir", "afile"), command);
            assertEquals(1, r.status(), command + " " + r);
            assertEquals("agent-strace " + command.get(0) + ": --trace-dir " + file + " is not a directory\n", r.err(),
                    command.toString());
            assertEquals("", r.out(), command.toString());
        }
        assertEquals("not a directory", Files.readString(file));
        assertEquals("{\"mcpServers\": {\"fs\": {\"command\": \"cat\"}}}", Files.readString(tmp.resolve("mcp.json")),
                "wrap wrote nothing");
    }

    @Test
    void theMessageNamesWhereTheDirectoryCameFromAndWhichPartIsAFile() {
        cli.env.put("AGENT_TRACE_DIR", file.toString());
        assertEquals("agent-strace list: AGENT_TRACE_DIR " + file + " is not a directory\n", cli.run("list").err());
        cli.env.clear();
        CliHarness.Result below = cli.run("--trace-dir", "afile/traces", "replay");
        assertEquals(1, below.status());
        assertEquals("agent-strace replay: --trace-dir " + file.resolve("traces") + " cannot be created: " + file
                + " is not a directory\n", below.err());
    }

    @Test
    void aDirectoryThatDoesNotExistYet_isFine() {
        CliHarness.Result r = cli.run("--trace-dir", "not/yet", "list");
        assertEquals(0, r.status(), r.toString());
        assertEquals("No traces found in " + tmp.resolve("not/yet") + "\n", r.out());
        assertFalse(Files.exists(tmp.resolve("not")), "listing creates nothing");
    }
}
