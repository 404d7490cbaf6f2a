package io.github.agentstrace.mcpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.proxy.NodePeers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP conformance suite (npm {@code @modelcontextprotocol/conformance}) against {@code mcp --http} from
 * the real jar: every server scenario, with the scenarios that do not apply to a read-only server of tools and
 * resources as the suite's own expected-failures baseline ({@code src/test/node/conformance-expected-failures.yml},
 * explained in docs/mcp-server.md). The suite exits non-zero when a scenario outside the baseline fails or one
 * inside it passes. Node 20 lacks the fs.globSync its CLI imports: {@code shim/fs-glob.mjs} adds it.
 */
@Timeout(600)
class McpConformanceIT {
    /** The scenarios that apply, each with the checks it must pass. */
    private static final Map<String, List<String>> APPLY = Map.of(
            "server-initialize", List.of("server-initialize"),
            "ping", List.of("ping"),
            "tools-list", List.of("tools-list"),
            "resources-list", List.of("resources-list"),
            "server-sse-multiple-streams", List.of("server-accepts-multiple-post-streams"),
            "dns-rebinding-protection", List.of("localhost-host-rebinding-rejected", "localhost-host-valid-accepted"));

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNode() {
        NodePeers.require("McpConformanceIT");
    }

    @Test
    void everyApplicableServerScenarioPasses() throws Exception {
        Path results = dir.resolve("results");
        String log;
        int exit;
        try (JarServer server = new JarServer(Harness.EXAMPLES)) {
            Process p = new ProcessBuilder("node", "--import", "./shim/fs-glob.mjs",
                    "node_modules/@modelcontextprotocol/conformance/dist/index.js", "server", "--url", server.url,
                    "--suite", "all", "--expected-failures", "conformance-expected-failures.yml",
                    "-o", results.toString())
                    .directory(NodePeers.DIR.toFile()).redirectErrorStream(true).start();
            log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the suite hung:\n" + log);
            exit = p.exitValue();
        }
        assertEquals(0, exit, "unexpected failures or stale baseline entries:\n" + log);
        Map<String, Map<String, String>> checks = checks(results);
        for (Map.Entry<String, List<String>> scenario : APPLY.entrySet()) {
            Map<String, String> got = checks.get(scenario.getKey());
            assertTrue(got != null, "scenario " + scenario.getKey() + " did not run:\n" + log);
            for (String check : scenario.getValue()) {
                assertEquals("SUCCESS", got.get(check), scenario.getKey() + "/" + check + " in " + got);
            }
            assertTrue(got.values().stream().noneMatch(s -> s.equals("FAILURE") || s.equals("WARNING")),
                    scenario.getKey() + ": " + got);
        }
        Map<String, String> polling = checks.get("server-sse-polling");
        assertTrue(polling != null && polling.values().stream().noneMatch(s -> s.equals("FAILURE")),
                "server-sse-polling: " + polling);
    }

    /** Scenario name to (check id to status), from the suite's output directories. */
    private static Map<String, Map<String, String>> checks(Path results) throws Exception {
        Map<String, Map<String, String>> all = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(results)) {
            for (Path d : dirs.toList()) {
                Path file = d.resolve("checks.json");
                if (!Files.exists(file)) {
                    continue;
                }
                // Directories are named server-<scenario>-<ISO time>.
                String name = d.getFileName().toString().replaceFirst("^server-", "")
                        .replaceFirst("-\\d{4}-\\d\\d-\\d\\dT.*$", "");
                Map<String, String> statuses = new TreeMap<>();
                for (Object c : Json.asArray(Json.parse(Files.readAllBytes(file)))) {
                    Map<String, Object> check = Json.asObject(c);
                    statuses.merge((String) check.get("id"), (String) check.get("status"),
                            (a, b) -> a.equals("SUCCESS") ? b : a);
                }
                all.put(name, statuses);
            }
        }
        return all;
    }
}
