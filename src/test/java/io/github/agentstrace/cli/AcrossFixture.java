package io.github.agentstrace.cli;

import io.github.agentstrace.store.TraceDirRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Two projects with trace directories registered as capture paths register them: {@code ~/work/alpha} holds the
 * original's fixture sessions (2026-11-23), {@code ~/work/beta} the sample sessions (2026-11-24, one with a
 * subagent). {@code HOME} and {@code XDG_CONFIG_HOME} point into the test's directory; the working directory's
 * own trace directory is alpha's.
 */
final class AcrossFixture {
    /** The samples copied into beta: a Claude Code session with its subagent, an MCP server, a Java-API agent. */
    static final List<String> BETA = List.of("ec60f27c-f718-4d", "aa7ddf1d23bc5b3bb", "1f49417ce8920b3b",
            "9cc82d8d0a3ce14b");

    final Path home;
    final Path alpha;
    final Path beta;
    final CliHarness cli;

    AcrossFixture(Path tmp) {
        try {
            home = tmp.resolve("home");
            alpha = CliHarness.copyFixtures(home.resolve("work/alpha/.agent-traces"));
            beta = home.resolve("work/beta/.agent-traces");
            for (String id : BETA) { // named, so that a sample added later does not change these tables
                copyTree(ExplainWhyDiffTest.SAMPLES.resolve(id), beta.resolve(id));
            }
            cli = new CliHarness(alpha.getParent());
            cli.env.put("HOME", home.toString());
            cli.env.put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
            cli.env.put("COLUMNS", "80");
            TraceDirRegistry registry = TraceDirRegistry.of(cli.env);
            registry.add(alpha);
            registry.add(beta);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The registry's file, for tests that write it by hand. */
    Path registryFile() {
        return TraceDirRegistry.of(Map.copyOf(cli.env)).file();
    }

    static Path copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> ids(String listOutput) {
        return listOutput.lines().filter(l -> l.matches("  \\S.* \\d{4}-\\d\\d-\\d\\d .*"))
                .map(l -> l.trim().split(" +")[0].equals("↳") ? "↳" + l.trim().split(" +")[1] : l.trim().split(" +")[0])
                .toList();
    }
}
