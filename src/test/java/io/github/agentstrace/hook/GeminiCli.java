package io.github.agentstrace.hook;

import io.github.agentstrace.testsupport.NpmPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real Gemini CLI, npm {@code @google/gemini-cli} pinned in {@code src/test/gemini/package-lock.json} (one
 * bundled node script, about 100 MB installed). It is installed with {@code npm ci} on first use; without node
 * or npm the test is skipped with a loud message, and under {@code CI=true} that is a failure
 * ({@link NpmPackage}). It is not run with {@code --version} first: that alone takes seconds.
 */
final class GeminiCli {
    private static final NpmPackage CLI = new NpmPackage("gemini", "real Gemini CLI",
            "the Gemini CLI for the end-to-end tests", 900, GeminiCli::find, "no bundle/gemini.js of @google/gemini-cli",
            List.of("node", "--version"), List.of());

    private GeminiCli() {
    }

    /** The CLI's script (run with node), installing it if needed; skips (or fails on CI) when it cannot be had. */
    static Path require(String test) {
        return CLI.require(test);
    }

    private static Path find(Path modules) {
        Path script = modules.resolve("@google").resolve("gemini-cli").resolve("bundle").resolve("gemini.js");
        return Files.isRegularFile(script) ? script : null;
    }
}
