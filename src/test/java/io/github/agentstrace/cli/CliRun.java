package io.github.agentstrace.cli;

import io.github.agentstrace.model.TestClock;
import io.github.agentstrace.term.ColorMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Runs one command line in-process, as {@code main} would, with captured streams. */
record CliRun(int status, String out, String err) {
    static CliRun run(Path cwd, Map<String, String> env, byte[] stdin, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context ctx = new Context(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, cwd,
                TestClock.fixed(Instant.ofEpochSecond(1_800_000_000L)), null, ColorMode.NEVER, false);
        int status = new Main().run(List.of(argv), ctx);
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
