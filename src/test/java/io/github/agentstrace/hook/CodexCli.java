package io.github.agentstrace.hook;

import io.github.agentstrace.testsupport.NpmPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The real Codex CLI, npm {@code @openai/codex} pinned in {@code src/test/codex/package-lock.json} (a native
 * executable in a per-platform package). It is installed with {@code npm ci} on first use; without npm, or on
 * a platform it does not ship for, the test is skipped with a loud message, and under {@code CI=true} that is
 * a failure ({@link NpmPackage}).
 */
final class CodexCli {
    private static final NpmPackage CLI = new NpmPackage("codex", "real Codex CLI",
            "the Codex CLI for the end-to-end tests", 900, CodexCli::find,
            "no Codex executable for " + triple(),
            List.of(), List.of("--version"));

    private CodexCli() {
    }

    /** The codex executable, installing it if needed; skips (or fails on CI) when it cannot be had. */
    static Path require(String test) {
        return CLI.require(test);
    }

    /** The per-platform package's native executable (the main package's codex.js only finds and starts it). */
    private static Path find(Path modules) {
        Path exe = modules.resolve("@openai").resolve("codex-" + NpmPackage.platform()).resolve("vendor")
                .resolve(triple()).resolve("bin").resolve("codex");
        return Files.isExecutable(exe) ? exe : null;
    }

    private static String triple() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String cpu = NpmPackage.cpu().equals("arm64") ? "aarch64" : "x86_64";
        return cpu + (os.contains("mac") ? "-apple-darwin" : os.contains("win") ? "-pc-windows-msvc" : "-unknown-linux-musl");
    }
}
