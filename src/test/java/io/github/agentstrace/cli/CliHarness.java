package io.github.agentstrace.cli;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.TestClock;
import io.github.agentstrace.term.ColorMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the CLI in-process, through the same {@link Main#run} as {@code main}, with captured streams. */
final class CliHarness {
    static final Clock CLOCK = TestClock.fixed(Instant.ofEpochSecond(1795480000));

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    final Map<String, String> env = new HashMap<>();
    final Path cwd;
    boolean terminal;
    String stdin = "";
    Commands commands = new Commands();

    CliHarness(Path cwd) {
        this.cwd = cwd;
    }

    Result run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Context ctx = new Context(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e,
                Map.copyOf(env), cwd, CLOCK, null, ColorMode.AUTO, terminal);
        int exit = new Main(commands).run(List.of(argv), ctx);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Copies the original's fixture sessions into {@code dir} (created). */
    static Path copyFixtures(Path dir) throws IOException, URISyntaxException {
        Path src = Path.of(CliHarness.class.getResource("/fixtures").toURI());
        Files.createDirectories(dir);
        try (Stream<Path> sessions = Files.list(src)) {
            for (Path s : sessions.toList()) {
                Path target = Files.createDirectories(dir.resolve(s.getFileName().toString()));
                for (String f : List.of("meta.json", "events.ndjson")) {
                    Files.copy(s.resolve(f), target.resolve(f));
                }
            }
        }
        return dir;
    }
}
