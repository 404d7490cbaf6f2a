package io.github.agentstrace.hook;

import static io.github.agentstrace.hook.Fixtures.BACKGROUND;
import static io.github.agentstrace.hook.Fixtures.BACKGROUND_FILES;
import static io.github.agentstrace.hook.Fixtures.BG_AGENT;
import static io.github.agentstrace.hook.Fixtures.BG_SESSION;
import static io.github.agentstrace.hook.Fixtures.FG_AGENT;
import static io.github.agentstrace.hook.Fixtures.FG_SESSION;
import static io.github.agentstrace.hook.Fixtures.FOREGROUND;
import static io.github.agentstrace.hook.Fixtures.FOREGROUND_FILES;
import static io.github.agentstrace.hook.Fixtures.eventOf;
import static io.github.agentstrace.hook.Fixtures.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.TestClock;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resident recorder in this JVM: real HTTP on loopback, the same payloads as the command hooks. */
class ResidentRecorderTest {
    private static final Clock FIXED = TestClock.fixed(Instant.ofEpochSecond(1_790_000_000L));

    @TempDir
    Path dir;

    private final List<ResidentRecorder> started = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stopAll() {
        started.forEach(ResidentRecorder::stop);
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AGENT_STRACE_CACHE_DIR", dir.resolve("cache").toString());
        env.put("HOME", dir.toString());
        return env;
    }

    private ResidentRecorder start(Clock clock, int maxBody) throws IOException {
        Map<String, String> env = env();
        ResidentRecorder r = ResidentRecorder.start(0, clock, Duration.ofMinutes(60), env,
                ResidentRecorder.stateDir(env), maxBody);
        started.add(r);
        return r;
    }

    /** The command hooks' code path (what {@code hook <event>} runs), optionally keeping a recorder. */
    private HookRecorder commandHook(Path traces, int recorderPort) {
        Map<String, String> env = env();
        return new HookRecorder(HookConfig.of(traces.toString(), false, env, dir), FIXED, new Ids(new Random()), env,
                recorderPort);
    }

    private HttpResponse<String> post(int port, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ResidentRecorder.HOOK_PATH))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Lines of a session's events with random ids replaced by their order of first appearance. */
    private static List<String> canonical(Path traces, String sid, List<String> derived) throws IOException {
        Map<String, String> names = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(traces.resolve(sid).resolve(TraceStore.EVENTS))) {
            Map<String, Object> e = Json.asObject(Json.parse(line));
            for (String key : List.of("event_id", "parent_id")) {
                Object id = e.get(key);
                if (id instanceof String s && !s.isEmpty() && !derived.contains(s)) {
                    e.put(key, names.computeIfAbsent(s, k -> "random-" + names.size()));
                }
            }
            if (e.get("data") instanceof Map<?, ?> data && data.get("parent_event_id") instanceof String s
                    && !derived.contains(s)) {
                Json.asObject(data).put("parent_event_id", names.computeIfAbsent(s, k -> "random-" + names.size()));
            }
            out.add(Json.write(e));
        }
        return out;
    }

    /** The call ids derived from tool_use_id in a folder's PreToolUse payloads (the same in both runs). */
    private static List<String> derivedIds(String folder, List<String> files) {
        List<String> ids = new ArrayList<>();
        for (String f : files) {
            Map<String, Object> p = Json.asObject(Json.parse(payload(folder, f)));
            if (p.get("tool_use_id") instanceof String id) {
                String sid = ((String) p.get("session_id")).substring(0, 16);
                ids.add(CallPairing.callEventId(sid, id));
                if (p.get("agent_id") instanceof String agent) {
                    ids.add(CallPairing.callEventId(agent, id));
                }
            }
        }
        return ids;
    }

    private void sessionByPosts(ResidentRecorder r, Path traces, String folder, List<String> files) throws Exception {
        HookRecorder command = commandHook(traces, r.port());
        HookErrorLog log = new HookErrorLog(traces, Redactor.forCapture(false, env()));
        for (String f : files) {
            String event = eventOf(f);
            if (event.equals("SessionStart") || event.equals("UserPromptSubmit") || event.equals("SessionEnd")) {
                // as setup --resident registers them: command hooks with --recorder PORT
                command.recordOrLog(null, payload(folder, f).getBytes(StandardCharsets.UTF_8), log, false);
            } else {
                HttpResponse<String> answer = post(r.port(), payload(folder, f));
                assertEquals(200, answer.statusCode(), f);
                assertEquals("", answer.body(), f);
            }
        }
    }

    @Test
    void posts_recordTheSameSessionAsCommandHooks_eventForEvent() throws Exception {
        ResidentRecorder r = start(FIXED, ResidentRecorder.MAX_BODY);
        for (String[] run : new String[][] {{FOREGROUND, FG_SESSION, FG_AGENT}, {BACKGROUND, BG_SESSION, BG_AGENT}}) {
            List<String> files = run[0].equals(FOREGROUND) ? FOREGROUND_FILES : BACKGROUND_FILES;
            Path byCommand = dir.resolve("by-command-" + run[0]);
            HookRecorder command = commandHook(byCommand, 0);
            for (String f : files) {
                command.record(null, payload(run[0], f).getBytes(StandardCharsets.UTF_8));
            }
            Path byPost = dir.resolve("by-post-" + run[0]);
            sessionByPosts(r, byPost, run[0], files);

            List<String> derived = derivedIds(run[0], files);
            for (String sid : List.of(run[1], run[2])) {
                List<String> expected = canonical(byCommand, sid, derived);
                assertTrue(expected.size() > 3, sid);
                assertEquals(expected, canonical(byPost, sid, derived), run[0] + " session " + sid);
            }
            r.flushCounts(); // the recorder merges counts into meta.json once a second
            TraceStore a = new TraceStore(byCommand);
            TraceStore b = new TraceStore(byPost);
            for (String sid : List.of(run[1], run[2])) {
                assertEquals(a.readMeta(sid).toolCalls(), b.readMeta(sid).toolCalls(), sid);
                assertEquals(a.readMeta(sid).errors(), b.readMeta(sid).errors(), sid);
                assertEquals(a.readMeta(sid).endedAt(), b.readMeta(sid).endedAt(), sid);
            }
            assertTrue(b.readMeta(run[1]).toolCalls() > 3);
            assertEquals(a.readMeta(run[2]).parentEventId(), b.readMeta(run[2]).parentEventId());
            assertFalse(Files.exists(byPost.resolve("hook-errors.log")), "nothing went wrong");
        }
    }

    /** A raw HTTP/1.1 request, so a test can send any Host header (the JDK client will not). */
    private static String raw(int port, String method, String path, String host, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            in.transferTo(got);
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    private String ownLog() throws IOException {
        Path log = ResidentRecorder.stateDir(env()).resolve(HookErrorLog.FILE);
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void startSession(ResidentRecorder r, Path traces) throws IOException {
        commandHook(traces, r.port()).recordOrLog(null, payload(FOREGROUND, "01-SessionStart")
                .getBytes(StandardCharsets.UTF_8), new HookErrorLog(traces, Redactor.disabled()), false);
    }

    @Test
    void host_otherThanLoopbackNames_isRefusedAndNothingIsWritten() throws Exception {
        ResidentRecorder r = start(FIXED, ResidentRecorder.MAX_BODY);
        Path traces = dir.resolve("traces");
        startSession(r, traces);
        long before = Files.size(traces.resolve(FG_SESSION).resolve(TraceStore.EVENTS));
        String pre = payload(FOREGROUND, "03-PreToolUse");
        for (String host : List.of("evil.example:" + r.port(), "127.0.0.1.nip.io:" + r.port(), "127.0.0.1:1")) {
            assertTrue(raw(r.port(), "POST", ResidentRecorder.HOOK_PATH, host, pre).startsWith("HTTP/1.1 403 "), host);
        }
        assertEquals(before, Files.size(traces.resolve(FG_SESSION).resolve(TraceStore.EVENTS)));
        for (String host : List.of("127.0.0.1:" + r.port(), "localhost:" + r.port(), "[::1]:" + r.port())) {
            assertTrue(raw(r.port(), "POST", ResidentRecorder.HOOK_PATH, host, "{}").startsWith("HTTP/1.1 200 "), host);
        }
        assertTrue(raw(r.port(), "GET", ResidentRecorder.HOOK_PATH, "127.0.0.1:" + r.port(), "")
                .startsWith("HTTP/1.1 405 "));
        assertTrue(raw(r.port(), "POST", "/elsewhere", "127.0.0.1:" + r.port(), "")
                .startsWith("HTTP/1.1 404 "));
    }

    @Test
    void body_overTheCap_isAnsweredEmptyDroppedAndLogged() throws Exception {
        ResidentRecorder r = start(FIXED, 4096);
        Path traces = dir.resolve("traces");
        startSession(r, traces);
        long before = Files.size(traces.resolve(FG_SESSION).resolve(TraceStore.EVENTS));
        String big = payload(FOREGROUND, "03-PreToolUse").replace("\"tool_input\":{",
                "\"tool_input\":{\"pad\":\"" + "x".repeat(10_000) + "\",");
        HttpResponse<String> answer = post(r.port(), big);
        assertEquals(200, answer.statusCode());
        assertEquals("", answer.body());
        assertEquals(before, Files.size(traces.resolve(FG_SESSION).resolve(TraceStore.EVENTS)));
        assertTrue(ownLog().contains(" - ignored: payload larger than 4096 bytes\n"), ownLog());
        // a payload under the cap still goes through
        assertEquals(200, post(r.port(), payload(FOREGROUND, "03-PreToolUse")).statusCode());
        assertTrue(Files.size(traces.resolve(FG_SESSION).resolve(TraceStore.EVENTS)) > before);
    }

    @Test
    void badJsonAndUnknownSessions_areAnsweredEmptyAndLogged() throws Exception {
        ResidentRecorder r = start(FIXED, ResidentRecorder.MAX_BODY);
        for (String body : List.of("not json", "[1,2]", "", "{\"hook_event_name\":\"PreToolUse\"}")) {
            HttpResponse<String> answer = post(r.port(), body);
            assertEquals(200, answer.statusCode(), body);
            assertEquals("", answer.body(), body);
        }
        HttpResponse<String> unknown = post(r.port(), payload(FOREGROUND, "03-PreToolUse"));
        assertEquals(200, unknown.statusCode());
        String log = ownLog();
        assertTrue(log.contains(" - ignored: stdin is not JSON (unexpected character 'n' at line 1, column 1"), log);
        assertTrue(log.contains(" - ignored: stdin is JSON but not an object\n"), log);
        assertTrue(log.contains(" - ignored: empty stdin\n"), log);
        assertTrue(log.contains(" PreToolUse not recorded: payload has no session_id\n"), log);
        assertTrue(log.contains(" PreToolUse not recorded: no trace directory noted for session " + FG_SESSION.substring(0, 8)),
                log);
    }

    @Test
    void idle_recorderStopsOnlyAfterTheIdlePeriodWithoutRequests() throws Exception {
        TestClock clock = TestClock.fixed(Instant.ofEpochSecond(1_790_000_000L));
        Map<String, String> env = env();
        ResidentRecorder r = ResidentRecorder.start(0, clock, Duration.ofMinutes(10), env,
                ResidentRecorder.stateDir(env), ResidentRecorder.MAX_BODY);
        started.add(r);
        clock.advance(Duration.ofMinutes(9));
        assertFalse(r.checkIdle());
        assertEquals(200, post(r.port(), "{}").statusCode()); // a request restarts the idle period
        clock.advance(Duration.ofMinutes(9));
        assertFalse(r.checkIdle());
        assertTrue(ResidentRecorder.servedByThisUser(r.port()));
        clock.advance(Duration.ofMinutes(1));
        assertTrue(r.checkIdle());
        r.awaitStop();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", r.port()).close());
        assertNull(RecorderStarter.probe(r.port(), 1000));
    }

    @Test
    void commandHooks_noteTheRouteOnStartAndPrompt_andForgetItAtSessionEnd() throws Exception {
        ResidentRecorder r = start(FIXED, ResidentRecorder.MAX_BODY);
        Path traces = dir.resolve("traces");
        RecorderRoutes routes = new RecorderRoutes(ResidentRecorder.stateDir(env()));
        String claudeSession = Json.asString(Json.asObject(Json.parse(payload(FOREGROUND, "01-SessionStart")))
                .get("session_id"));
        HookRecorder command = commandHook(traces, r.port());
        HookErrorLog log = new HookErrorLog(traces, Redactor.disabled());
        command.recordOrLog(null, payload(FOREGROUND, "01-SessionStart").getBytes(StandardCharsets.UTF_8), log, false);
        assertEquals(new RecorderRoutes.Route(traces.toAbsolutePath(), false), routes.get(claudeSession));
        command.recordOrLog(null, payload(FOREGROUND, "22-SessionEnd").getBytes(StandardCharsets.UTF_8), log, false);
        assertNull(routes.get(claudeSession));
        command.recordOrLog(null, payload(FOREGROUND, "02-UserPromptSubmit").getBytes(StandardCharsets.UTF_8), log,
                false);
        assertEquals(new RecorderRoutes.Route(traces.toAbsolutePath(), false), routes.get(claudeSession));
        // a hook without --recorder notes nothing
        routes.remove(claudeSession);
        commandHook(traces, 0).recordOrLog(null, payload(FOREGROUND, "02-UserPromptSubmit")
                .getBytes(StandardCharsets.UTF_8), log, false);
        assertNull(routes.get(claudeSession));
    }
}
