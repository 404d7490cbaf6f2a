package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record --policy} between the official SDK client and the reference filesystem server: the denied
 * calls never reach the server (their files do not exist), the client gets the proxy's JSON-RPC error, the
 * rest works as without the policy, and {@code audit} reads the denials as blocked.
 */
@Timeout(300)
class RecordPolicyIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsNode() {
        NodePeers.require("RecordPolicyIT");
    }

    @Test
    void filesystemServer_deniedCallsAnsweredByTheProxyAndRecorded() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root")).toRealPath();
        Files.createDirectories(root.resolve("locked"));
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"files\": {\"write\": {\"deny\": [\"**/locked/**\"]}},"
                + " \"tools\": {\"deny\": [\"mcp__fs__move_file\"]}}");
        List<String> cmd = new ArrayList<>(List.of("node", NodePeers.DIR.resolve("e2e-client.mjs").toString(), "policy",
                dir.resolve("out.json").toString()));
        cmd.addAll(StdioProxyIT.jar(dir.resolve("traces"), "record", "--name", "fs", "--policy", policy.toString(), "--"));
        cmd.addAll(List.of("node", E2eStdioIT.MCP.resolve("server-filesystem/dist/index.js").toString(), root.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "client hung:\n" + log);
        assertEquals(0, p.exitValue(), "client failed:\n" + log);

        Map<String, Map<String, Object>> steps = new java.util.HashMap<>();
        for (Object o : Json.asArray(Json.asObject(Json.parse(Files.readAllBytes(dir.resolve("out.json")))).get("steps"))) {
            steps.put((String) Json.asObject(o).get("name"), Json.asObject(o));
        }
        for (String denied : List.of("write-locked", "move")) {
            Map<String, Object> error = Json.asObject(steps.get(denied).get("error"));
            assertEquals(PolicyGate.DENIED_CODE, ((Number) error.get("code")).intValue(), denied + ": " + steps.get(denied));
            assertTrue(String.valueOf(error.get("message")).contains("agent-strace policy (" + policy + ") denies this call"),
                    String.valueOf(error.get("message")));
        }
        assertFalse(Files.exists(root.resolve("locked/secret.txt")), "the denied write never reached the server");
        assertTrue(Files.exists(root.resolve("open.txt")), "the allowed write did");
        assertFalse(Files.exists(root.resolve("moved.txt")));
        assertTrue(Json.write(steps.get("read-open")).contains("yes"), Json.write(steps.get("read-open")));
        assertFalse(steps.get("ping").containsKey("error"));

        TraceStore store = new TraceStore(dir.resolve("traces"));
        SessionMeta meta = store.list(w -> { }).get(0);
        List<TraceEvent> ev = store.reader(meta.sessionId(), w -> fail(w)).events().toList();
        List<String> denials = new ArrayList<>();
        for (TraceEvent e : ev) {
            if ("policy".equals(e.data().get("denied_by"))) {
                TraceEvent call = ev.stream().filter(c -> c.eventId().equals(e.parentId())).findFirst().orElseThrow();
                denials.add(call.data().get("tool_name") + " " + Json.asObject(e.data().get("policy")).get("rule"));
            }
        }
        assertEquals(List.of("write_file files.write.deny", "move_file tools.deny"), denials);

        // audit reads them as violations the policy blocked at the call.
        List<String> audit = new ArrayList<>(StdioProxyIT.jar(dir.resolve("traces"), "audit", meta.sessionId(),
                "--policy", policy.toString(), "--json"));
        Process a = new ProcessBuilder(audit).start();
        String report = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(a.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, a.exitValue(), report);
        assertEquals(2, report.split("\"blocked\": true", -1).length - 1, report);
    }
}
