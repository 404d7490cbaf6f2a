package io.github.agentstrace.proxy;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.testsupport.NpmPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real MCP peers of the end-to-end tests: the official servers and SDK client from npm, pinned in
 * {@code src/test/node/package-lock.json}. They are installed with {@code npm ci} on first use, so
 * {@code mvn -B verify} needs nothing but node on the machine. Without node the tests are skipped with a
 * loud message; under {@code CI=true} that is a failure, so a missing install can never pass silently
 * ({@link NpmPackage}).
 */
public final class NodePeers {
    private static final NpmPackage PEERS = new NpmPackage("node", "real MCP peers", "the MCP test peers", 600,
            modules -> installed(modules) ? modules : null,
            "npm ci left a dependency of package.json out", List.of("node", "--version"),
            List.of());

    public static final Path DIR = PEERS.dir();
    public static final Path MODULES = PEERS.modules();

    private NodePeers() {
    }

    /** Makes sure node and the peers are there, installing the peers if needed; else skips or fails. */
    public static void require(String test) {
        PEERS.require(test);
    }

    /** Every dependency of package.json is in node_modules (one added since the last npm ci is not). */
    private static boolean installed(Path modules) {
        try {
            Object pkg = Json.parse(Files.readAllBytes(modules.getParent().resolve("package.json")));
            for (String name : Json.asObject(Json.asObject(pkg).get("dependencies")).keySet()) {
                if (!Files.isDirectory(modules.resolve(name))) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
