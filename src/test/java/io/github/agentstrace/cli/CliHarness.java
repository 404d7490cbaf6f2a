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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one in-process runner of the CLI: through the same {@link Main#run} as {@code main} (or one command object
 * built with injected collaborators), with captured streams, a fixed clock and no terminal unless a test says so.
 */
final class CliHarness {
    static final Clock CLOCK = TestClock.fixed(Instant.ofEpochSecond(1795480000));

    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    final Map<String, String> env = new HashMap<>();
    final Path cwd;
    boolean terminal;
    String stdin = "";
    Commands commands = new Commands();
    Clock clock = CLOCK;
    ColorMode color = ColorMode.AUTO;
    /** The {@code --trace-dir} a command object run by {@link #run(Command, String...)} sees. */
    String traceDir;

    CliHarness(Path cwd) {
        this.cwd = cwd;
    }

    /** One command line in {@code cwd} with {@code env} and {@code stdin}. */
    static Result once(Path cwd, Map<String, String> env, byte[] stdin, String... argv) {
        CliHarness h = new CliHarness(cwd);
        h.env.putAll(env);
        h.stdin = new String(stdin, StandardCharsets.UTF_8);
        h.color = ColorMode.NEVER;
        return h.run(argv);
    }

    Result run(String... argv) {
        return capture(ctx -> new Main(commands).run(List.of(argv), ctx), null);
    }

    /** Runs one command object directly, as {@link Main} would after parsing its options. */
    Result run(Command command, String... argv) {
        return capture(ctx -> {
            try {
                return command.run(Args.parse(List.of(argv), new ArrayList<>(command.options()), false), ctx);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, traceDir);
    }

    private Result capture(java.util.function.ToIntFunction<Context> body, String traceDirFlag) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Context ctx = new Context(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e,
                Map.copyOf(env), cwd, clock, traceDirFlag, color, terminal);
        int status = body.applyAsInt(ctx);
        o.flush();
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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
