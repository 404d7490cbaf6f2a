package io.github.agentstrace.hook;

import io.github.agentstrace.testsupport.NpmPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real Claude Code CLI, npm {@code @anthropic-ai/claude-code} pinned in
 * {@code src/test/claude-code/package-lock.json} (a native executable in a per-platform package). It is
 * installed with {@code npm ci} on first use; without npm, or on a platform it does not ship for, the test
 * is skipped with a loud message, and under {@code CI=true} that is a failure ({@link NpmPackage}).
 */
public final class ClaudeCodeCli {
    private static final NpmPackage CLI = new NpmPackage("claude-code", "real Claude Code CLI",
            "the Claude Code CLI for the end-to-end tests", 900, ClaudeCodeCli::find,
            "no Claude Code executable for " + NpmPackage.platform(),
            List.of(), List.of("--version"));

    private ClaudeCodeCli() {
    }

    /** The claude executable, installing it if needed; skips (or fails on CI) when it cannot be had. */
    public static Path require(String test) {
        return CLI.require(test);
    }

    /** The per-platform package's executable (npm may not run the main package's postinstall that links it). */
    private static Path find(Path modules) {
        Path scope = modules.resolve("@anthropic-ai");
        for (String suffix : new String[] {"", "-musl"}) {
            Path exe = scope.resolve("claude-code-" + NpmPackage.platform() + suffix).resolve("claude");
            if (Files.isExecutable(exe)) {
                return exe;
            }
        }
        return null;
    }
}
