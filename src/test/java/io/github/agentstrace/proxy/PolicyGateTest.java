package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.testsupport.TestJar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code record --policy}'s gate: a denied call answered by the proxy, everything else forwarded unchanged. */
@Timeout(60)
class PolicyGateTest {
    /** Denies the tool named "delete"; records what it was asked. */
    static final class DenyDelete implements CallGate {
        final List<String> asked = new ArrayList<>();

        @Override
        public Denial check(String tool, Map<String, Object> arguments) {
            asked.add(tool + " " + Json.write(arguments));
            return tool.equals("delete") ? new Denial("no deleting " + arguments.get("path"),
                    Map.of("denied_by", "policy", "policy", Map.of("rule", "tools.deny"))) : null;
        }
    }

    @TempDir
    Path dir;
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private static String call(Object id, String tool, String path) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + Json.write(id) + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":{\"path\":\"" + path + "\"}}}\n";
    }

    private StdioProxy.Result run(List<String> command, byte[] in, ByteArrayOutputStream out, CallGate gate)
            throws InterruptedException {
        StdioProxy.Settings settings = StdioProxy.Settings.of(command, "fs").withSignals(false).withGraces(5000, 300)
                .withWorkingDir(dir).withGate(gate);
        return new StdioProxy(settings, new TraceStore(dir.resolve("traces")), Redactor.standard(), Ids.secure(),
                Clock.system(), err).run(new ByteArrayInputStream(in), out);
    }

    private static List<String> echoServer() throws Exception {
        String cp = TestJar.classPath(McpEchoMain.class, Json.class);
        return List.of(TestJar.java(), "-cp", cp,
                McpEchoMain.class.getName());
    }

    @Test
    void deniedCall_neverReachesTheServer_isAnsweredByTheProxy_andRecordedAsTheDenial() throws Exception {
        String in = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}\n"
                + call(2, "read", "/a") + call("x3", "delete", "/a") + call(4, "read", "/b");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DenyDelete gate = new DenyDelete();
        StdioProxy.Result r = run(echoServer(), in.getBytes(StandardCharsets.UTF_8), out, gate);
        assertEquals(0, r.exitCode(), errBytes.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("read {\"path\":\"/a\"}", "delete {\"path\":\"/a\"}", "read {\"path\":\"/b\"}"), gate.asked);

        // One answer per request: the echo server's "ok" for 1, 2 and 4, ours for x3 (it never saw x3).
        Map<String, Map<String, Object>> answers = new java.util.HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            Map<String, Object> m = Json.asObject(Json.parse(line.getBytes(StandardCharsets.UTF_8)));
            assertNull(answers.put(String.valueOf(m.get("id")), m), "answered twice: " + line);
        }
        assertEquals(4, answers.size());
        Map<String, Object> error = Json.asObject(answers.get("x3").get("error"));
        assertEquals(PolicyGate.DENIED_CODE, ((Number) error.get("code")).intValue());
        assertEquals("no deleting /a", error.get("message"));
        assertEquals("policy", Json.asObject(error.get("data")).get("denied_by"));
        assertTrue(answers.get("4").containsKey("result"));

        List<TraceEvent> ev = new TraceStore(dir.resolve("traces")).reader(r.sessionId(), w -> { }).events().toList();
        TraceEvent deleteCall = ev.stream().filter(e -> "tool_call".equals(e.type()) && "delete".equals(e.data().get("tool_name")))
                .findFirst().orElseThrow();
        TraceEvent denial = ev.stream().filter(e -> deleteCall.eventId().equals(e.parentId())).findFirst().orElseThrow();
        assertEquals("error", denial.type());
        assertEquals("policy", denial.data().get("denied_by"));
        assertEquals("policy_denied", denial.data().get("error_type"));
        assertEquals("no deleting /a", denial.data().get("message"));
        assertEquals("tools.deny", Json.asObject(denial.data().get("policy")).get("rule"));
        assertEquals(2, ev.stream().filter(e -> "tool_result".equals(e.type()) && "read".equals(e.data().get("tool_name")))
                .count(), "the two reads have results");
    }

    @Test
    void allowingGate_theServerReceivesExactlyTheClientsBytes() throws Exception {
        byte[] sent = StdioProxyTest.mixedTraffic(3, false);
        Path received = dir.resolve("received.bin");
        DenyDelete gate = new DenyDelete();
        StdioProxy.Result r = run(List.of("sh", "-c", "cat > \"$0\"", received.toString()), sent,
                new ByteArrayOutputStream(), gate);
        assertEquals(0, r.exitCode());
        assertArrayEquals(sent, Files.readAllBytes(received), "every byte forwarded, the unfinished last line too");
        assertFalse(gate.asked.isEmpty(), "calls before the first Content-Length frame were judged");
    }

    @Test
    void batchWithADeniedCall_isAnsweredWholeAndNotForwarded() throws Exception {
        String batch = "[" + call(1, "read", "/a").trim() + "," + call(2, "delete", "/a").trim()
                + ",{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}]\n";
        Path received = dir.resolve("received.bin");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        run(List.of("sh", "-c", "cat > \"$0\"", received.toString()), batch.getBytes(StandardCharsets.UTF_8), out,
                new DenyDelete());
        assertEquals(0, Files.size(received), "no part of the batch reached the server");
        List<Object> answers = Json.asArray(Json.parse(out.toByteArray()));
        assertEquals(2, answers.size());
        assertTrue(Json.write(answers.get(0)).contains("its batch holds a call the policy denies"));
        assertTrue(Json.write(answers.get(1)).contains("no deleting /a"));
    }

    @RepeatedTest(10)
    void answer_waitsForTheServersMessageToEnd() throws Exception {
        ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        PolicyGate gate = new PolicyGate(new DenyDelete(), m -> { });
        BytePump server = new BytePump(InputStream.nullInputStream(), toClient, Direction.SERVER_TO_CLIENT, null,
                Clock.system(), () -> { }, () -> { }, gate::fromServer);
        BytePump client = new BytePump(InputStream.nullInputStream(), toServer, Direction.CLIENT_TO_SERVER, null,
                Clock.system(), () -> { }, () -> { }, gate::fromClient);
        gate.answerThrough(server);
        byte[] head = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"text\":\"a long ans".getBytes(StandardCharsets.UTF_8);
        gate.fromServer(server, head, head.length, 1);
        byte[] denied = call(8, "delete", "/x").getBytes(StandardCharsets.UTF_8);
        Thread caller = new Thread(() -> gate.fromClient(client, denied, denied.length, 2));
        caller.start();
        while (caller.getState() != Thread.State.WAITING) {
            assertTrue(caller.isAlive(), "the answer was sent inside the server's message");
            Thread.onSpinWait();
        }
        byte[] tail = "wer\"}}\n".getBytes(StandardCharsets.UTF_8);
        gate.fromServer(server, tail, tail.length, 3);
        caller.join();
        String[] lines = toClient.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertEquals(7, ((Number) Json.asObject(Json.parse(lines[0].getBytes(StandardCharsets.UTF_8))).get("id")).intValue());
        assertEquals(8, ((Number) Json.asObject(Json.parse(lines[1].getBytes(StandardCharsets.UTF_8))).get("id")).intValue());
        assertEquals(0, toServer.size());
    }
}
