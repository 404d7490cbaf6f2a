package io.github.agentstrace.hook;

import io.github.agentstrace.testsupport.NpmPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real GitHub Copilot CLI, npm {@code @github/copilot} pinned in {@code src/test/copilot/package-lock.json}
 * (a native executable in a per-platform package, about 190 MB). It is installed with {@code npm ci} on first
 * use; without npm, or on a platform it does not ship for, the test is skipped with a loud message, and under
 * {@code CI=true} that is a failure ({@link NpmPackage}).
 */
final class CopilotCli {
    private static final NpmPackage CLI = new NpmPackage("copilot", "real Copilot CLI",
            "the Copilot CLI for the end-to-end tests", 900, CopilotCli::find,
            "no Copilot executable for " + NpmPackage.platform(), List.of(), List.of("--version"));

    private CopilotCli() {
    }

    /** The copilot executable, installing it if needed; skips (or fails on CI) when it cannot be had. */
    static Path require(String test) {
        return CLI.require(test);
    }

    /** The per-platform package's executable (the main package's npm-loader.js only finds and starts it). */
    private static Path find(Path modules) {
        String[] platforms = {NpmPackage.platform(), "linuxmusl-" + NpmPackage.cpu()};
        for (String platform : platforms) {
            Path exe = modules.resolve("@github").resolve("copilot-" + platform).resolve("copilot");
            if (Files.isExecutable(exe)) {
                return exe;
            }
        }
        return null;
    }
}
