package io.github.agentstrace.hook;

import static io.github.agentstrace.hook.Fixtures.FG_AGENT;
import static io.github.agentstrace.hook.Fixtures.FG_SESSION;
import static io.github.agentstrace.hook.Fixtures.FOREGROUND;
import static io.github.agentstrace.hook.Fixtures.FOREGROUND_FILES;
import static io.github.agentstrace.hook.Fixtures.eventOf;
import static io.github.agentstrace.hook.Fixtures.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.testsupport.TestJar;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar: a recorder process, command hooks as processes, POSTs as Claude Code sends them. */
class ResidentRecorderIT {
    private static final String JAVA = TestJar.java();
    private static final String JAR = TestJar.path().toString();

    @TempDir
    Path dir;

    private int port;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    /** Ends the recorders this test started (detached ones included), found by their port. */
    @AfterEach
    void stopRecorders() {
        String mark = "recorder --port " + port;
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(mark) && c.contains(JAR)).orElse(false))
                .forEach(ProcessHandle::destroy);
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AGENT_STRACE_CACHE_DIR", dir.resolve("cache").toString());
        env.put("AGENT_TRACE_DIR", dir.resolve("traces").toString());
        return env;
    }

    private ProcessBuilder agentStrace(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("CLAUDE_PROJECT_DIR");
        pb.environment().putAll(env());
        return pb;
    }

    /** A command hook process, as setup --resident registers SessionStart, UserPromptSubmit and SessionEnd. */
    private void commandHook(String name) throws Exception {
        Path in = dir.resolve("in.json");
        Files.writeString(in, payload(FOREGROUND, name));
        Process p = agentStrace("hook", eventOf(name), "--recorder", Integer.toString(port))
                .redirectInput(in.toFile()).redirectOutput(dir.resolve("hook.out").toFile())
                .redirectError(dir.resolve("hook.err").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals("", Files.readString(dir.resolve("hook.out")) + Files.readString(dir.resolve("hook.err")));
    }

    private int post(String name) throws Exception {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ResidentRecorder.HOOK_PATH))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(payload(FOREGROUND, name))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException e) {
            return -1; // Claude Code: a non-blocking error, the agent goes on
        }
    }

    /** Waits (polling, bounded) until this user's recorder answers on the port. */
    private void awaitRecorder() throws Exception {
        for (int i = 0; i < 600 && !ResidentRecorder.servedByThisUser(port); i++) {
            Thread.sleep(100);
        }
        assertTrue(ResidentRecorder.servedByThisUser(port), "no recorder on port " + port);
    }

    private Optional<ProcessHandle> recorderProcess() {
        String mark = "recorder --port " + port;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(mark) && c.contains(JAR)).orElse(false))
                .findFirst();
    }

    @Test
    void session_alternatingCommandHooksAndPosts_isRecordedWhole_andADeadRecorderCostsOnlyUntilTheNextPrompt()
            throws Exception {
        // SessionStart finds no recorder and starts one, detached
        commandHook("01-SessionStart");
        awaitRecorder();
        commandHook("02-UserPromptSubmit");
        for (String name : FOREGROUND_FILES.subList(2, 8)) {
            assertEquals(200, post(name), name);
        }
        ProcessHandle recorder = recorderProcess().orElseThrow();
        recorder.destroy();
        assertTrue(recorder.onExit().get(30, TimeUnit.SECONDS) != null);
        assertEquals(-1, post("09-PreToolUse"), "a dead recorder refuses the connection");
        commandHook("02-UserPromptSubmit"); // the next prompt starts it again
        awaitRecorder();
        for (String name : FOREGROUND_FILES.subList(9, 21)) {
            assertEquals(200, post(name), name);
        }
        commandHook("22-SessionEnd");

        TraceStore store = new TraceStore(dir.resolve("traces"));
        List<TraceEvent> main = Fixtures.events(store, FG_SESSION);
        List<String> types = Fixtures.types(main);
        assertEquals("session_start", types.get(0));
        assertEquals("session_end", types.get(types.size() - 1));
        assertEquals(2, types.stream().filter("user_prompt"::equals).count());
        // Every call recorded while a recorder lived has its result. The call POSTed to no recorder is missing;
        // its failure (recorded after the restart) still names the call's derived id.
        List<TraceEvent> calls = main.stream().filter(e -> e.type().equals("tool_call")).toList();
        assertEquals(6, calls.size(), types.toString());
        for (TraceEvent call : calls) {
            assertTrue(main.stream().anyMatch(r -> call.eventId().equals(r.parentId())), "no result for " + call);
        }
        String lost = CallPairing.callEventId(FG_SESSION, (String) io.github.agentstrace.json.Json.asObject(
                io.github.agentstrace.json.Json.parse(payload(FOREGROUND, "09-PreToolUse"))).get("tool_use_id"));
        assertTrue(main.stream().anyMatch(e -> e.type().equals("error") && lost.equals(e.parentId())), types.toString());
        assertEquals(List.of("session_start", "tool_call", "tool_result", "assistant_response", "session_end"),
                Fixtures.types(Fixtures.events(store, FG_AGENT)));
        assertNull(new RecorderRoutes(dir.resolve("cache").resolve("recorder")).get(sessionIdOf("01-SessionStart")),
                "SessionEnd forgets the route");
    }

    private static String sessionIdOf(String name) {
        return (String) io.github.agentstrace.json.Json.asObject(io.github.agentstrace.json.Json.parse(
                payload(FOREGROUND, name))).get("session_id");
    }

    @Test
    void recorders_racingForThePort_oneServesAndTheOthersExitQuietly() throws Exception {
        List<Process> racers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            racers.add(agentStrace("recorder", "--port", Integer.toString(port))
                    .redirectOutput(dir.resolve("out-" + i).toFile()).redirectError(dir.resolve("err-" + i).toFile())
                    .start());
        }
        awaitRecorder();
        int running = 0;
        for (int i = 0; i < racers.size(); i++) {
            Process p = racers.get(i);
            if (p.waitFor(30, TimeUnit.SECONDS)) {
                assertEquals(0, p.exitValue());
                assertEquals("", Files.readString(dir.resolve("out-" + i)) + Files.readString(dir.resolve("err-" + i)),
                        "the losers exit without a word");
            } else {
                running++;
                assertTrue(Files.readString(dir.resolve("err-" + i)).startsWith(
                        "agent-strace recorder: listening on http://127.0.0.1:" + port + "/agent-strace/hook"));
            }
        }
        assertEquals(1, running);
        racers.forEach(Process::destroy);
    }

    @Test
    void recorder_onAPortOfAnotherProgram_saysSoAndExits1() throws Exception {
        try (ServerSocket other = new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process p = agentStrace("recorder", "--port", Integer.toString(port))
                    .redirectError(dir.resolve("err").toFile()).redirectOutput(File.createTempFile("out", "", dir.toFile()))
                    .start();
            // nobody answers HTTP on that socket: the probe times out, the recorder refuses the port
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue());
            assertEquals("agent-strace recorder: 127.0.0.1:" + port + " is in use by another program; choose another"
                    + " port (agent-strace setup --install --resident --port N)\n", Files.readString(dir.resolve("err")));
        }
    }
}
