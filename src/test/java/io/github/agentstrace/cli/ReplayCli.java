package io.github.agentstrace.cli;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.TestClock;
import io.github.agentstrace.term.ColorMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs replay/stats/list in-process against a temporary trace directory, with a fixed clock and width. */
final class ReplayCli {
    static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    record Result(int status, String out, String err) {
    }

    final Path traceDir;
    final Map<String, String> env = new HashMap<>();
    Clock clock = TestClock.fixed(NOW);
    boolean terminal;

    ReplayCli(Path traceDir) {
        this.traceDir = traceDir;
        env.put("COLUMNS", "100");
    }

    /** Copies fixture sessions from {@code src/test/resources/replay/sessions/<id>} into the trace dir. */
    ReplayCli withSessions(String... ids) {
        for (String id : ids) {
            copy(Path.of("src/test/resources/replay/sessions", id), traceDir.resolve(id));
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

    Result run(String... argv) {
        return run(new Main(), argv);
    }

    Result run(Main main, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, false, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, traceDir.getParent(), clock, null, ColorMode.AUTO, terminal);
        List<String> args = new java.util.ArrayList<>(List.of("--trace-dir", traceDir.toString()));
        args.addAll(List.of(argv));
        int status = main.run(args, ctx);
        ctx.out().flush();
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs one command object directly (for commands built with injected collaborators). */
    Result runCommand(Command command, String... argv) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, false, StandardCharsets.UTF_8);
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]), outStream,
                new PrintStream(err, true, StandardCharsets.UTF_8), env, traceDir.getParent(), clock,
                traceDir.toString(), ColorMode.AUTO, terminal);
        List<Opt> spec = new java.util.ArrayList<>(command.options());
        int status = command.run(Args.parse(List.of(argv), spec, false), ctx);
        outStream.flush();
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
