package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official TypeScript SDK client against the reference servers from npm, directly and through
 * {@code record}: the client must see the same results, and the session must pair every call with its
 * result. Needs node ({@link NodePeers} installs the peers); skipped loudly without it, failed on CI.
 */
@Timeout(300)
class E2eStdioIT {
    static final Path NODE_DIR = NodePeers.DIR;
    static final Path MCP = NodePeers.MODULES.resolve("@modelcontextprotocol");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNode() {
        NodePeers.require("E2eStdioIT");
    }

    private String client(String scenario, Path out, List<String> server) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", NODE_DIR.resolve("e2e-client.mjs").toString(), scenario,
                out.toString()));
        cmd.addAll(server);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "client hung:\n" + log);
        assertEquals(0, p.exitValue(), "client failed:\n" + log);
        return Files.readString(out);
    }

    private void directEqualsProxied(String scenario, List<String> server) throws Exception {
        String direct = client(scenario, dir.resolve("direct.json"), server);
        List<String> proxied = new ArrayList<>(StdioProxyIT.jar(dir.resolve("traces"), "record", "--name", scenario, "--"));
        proxied.addAll(server);
        String through = client(scenario, dir.resolve("proxied.json"), proxied);
        assertEquals(direct, through, "the client saw something different through the proxy");
        assertFalse(direct.contains("\"Not connected\""), direct);
    }

    /** Every tool call has exactly one outcome linked to it, and the counters agree with the events. */
    private List<TraceEvent> assertSessionWhole() {
        TraceStore store = new TraceStore(dir.resolve("traces"));
        List<SessionMeta> all = store.list(w -> { });
        assertEquals(1, all.size());
        SessionMeta meta = all.get(0);
        assertTrue(meta.finished());
        List<TraceEvent> ev = store.reader(meta.sessionId(), w -> fail(w)).events().toList();
        assertEquals("session_start", ev.get(0).type());
        assertEquals("session_end", ev.get(ev.size() - 1).type());
        Map<String, Integer> outcomes = new HashMap<>();
        for (TraceEvent e : ev) {
            if (e.parentId() != null && ("tool_result".equals(e.type()) || "error".equals(e.type()))) {
                outcomes.merge(e.parentId(), 1, Integer::sum);
            }
        }
        long calls = 0;
        for (TraceEvent e : ev) {
            if ("tool_call".equals(e.type())) {
                calls++;
                assertEquals(1, outcomes.getOrDefault(e.eventId(), 0), "outcomes of " + e.data().get("tool_name"));
            }
        }
        assertEquals(calls, meta.toolCalls());
        assertTrue(Files.exists(store.sessionDir(meta.sessionId()).resolve(StdioProxy.MCP_INFO_FILE)));
        return ev;
    }

    private static TraceEvent find(List<TraceEvent> ev, String type, String key, Object value) {
        return ev.stream().filter(e -> e.type().equals(type) && value.equals(e.data().get(key))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " with " + key + "=" + value));
    }

    @Test
    void everythingServer_sameResultsThroughTheProxyAndEveryCallPaired() throws Exception {
        directEqualsProxied("everything", List.of("node", MCP.resolve("server-everything/dist/index.js").toString(), "stdio"));
        List<TraceEvent> ev = assertSessionWhole();
        TraceEvent longRun = find(ev, "tool_call", "tool_name", "trigger-long-running-operation");
        assertEquals(3, ev.stream().filter(e -> longRun.eventId().equals(e.parentId())
                && "notifications/progress".equals(e.data().get("mcp_method"))).count(), "progress linked to its call");
        TraceEvent llm = find(ev, "llm_request", "mcp_method", "sampling/createMessage");
        TraceEvent reply = find(ev, "llm_response", "model", "e2e-fake-model");
        assertEquals(llm.eventId(), reply.parentId());
        assertEquals("endTurn", reply.data().get("stop_reason"));
        TraceEvent unknown = find(ev, "tool_call", "tool_name", "no-such-tool");
        TraceEvent failure = ev.stream().filter(e -> unknown.eventId().equals(e.parentId())).findFirst().orElseThrow();
        assertEquals("error", failure.type());
        assertNotNull(find(ev, "file_read", "mcp_method", "resources/read"));
        assertNotNull(find(ev, "decision", "mcp_method", "prompts/get"));
        assertNotNull(find(ev, "decision", "mcp_method", "ping"));
        TraceEvent big = ev.stream().filter(e -> "tool_result".equals(e.type())
                && String.valueOf(e.data().get("result")).startsWith("Echo: 0123456789abcdef")).findFirst().orElseThrow();
        assertTrue(String.valueOf(big.data().get("result")).length() < 10_000, "large results are bounded in the record");
    }

    @Test
    void filesystemServer_sameResultsThroughTheProxyAndEveryCallPaired() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root")).toRealPath();
        Files.writeString(root.resolve("big.txt"), "line of text for a large read\n".repeat(100_000));
        directEqualsProxied("filesystem", List.of("node", MCP.resolve("server-filesystem/dist/index.js").toString(),
                root.toString()));
        List<TraceEvent> ev = assertSessionWhole();
        TraceEvent outside = ev.stream().filter(e -> "tool_call".equals(e.type())
                && "/etc/hostname".equals(io.github.agentstrace.json.Json.asObject(e.data().get("arguments")).get("path")))
                .findFirst().orElseThrow();
        TraceEvent denied = ev.stream().filter(e -> outside.eventId().equals(e.parentId())).findFirst().orElseThrow();
        assertEquals("error", denied.type());
        assertEquals("tool_error", denied.data().get("error_type"));
    }
}
