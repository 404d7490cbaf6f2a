package io.github.agentstrace.cli;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A temporary trace directory with fixture sessions for replay/stats/list tests, run through {@link CliHarness}
 * with a fixed clock and a width of 100 columns.
 */
final class ReplayCli {
    static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    final Path traceDir;
    final Map<String, String> env = new HashMap<>();
    Clock clock = TestClock.fixed(NOW);
    boolean terminal;

    ReplayCli(Path traceDir) {
        this.traceDir = traceDir;
        env.put("COLUMNS", "100");
    }

    /** Copies the original's fixture sessions from {@code src/test/resources/fixtures/<id>} into the trace dir. */
    ReplayCli withSessions(String... ids) {
        for (String id : ids) {
            copy(Path.of("src/test/resources/fixtures", id), traceDir.resolve(id));
        }
        return this;
    }

    static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CliHarness harness() {
        CliHarness h = new CliHarness(traceDir.getParent());
        h.env.putAll(env);
        h.clock = clock;
        h.terminal = terminal;
        h.traceDir = traceDir.toString();
        return h;
    }

    CliHarness.Result run(String... argv) {
        List<String> args = new ArrayList<>(List.of("--trace-dir", traceDir.toString()));
        args.addAll(List.of(argv));
        return harness().run(args.toArray(String[]::new));
    }

    /** Runs one command object directly (for commands built with injected collaborators). */
    CliHarness.Result runCommand(Command command, String... argv) {
        return harness().run(command, argv);
    }
}
