package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Global dispatch: help, version, usage errors with hints, and the exit code of each kind of failure. */
class MainTest {
    @TempDir
    Path tmp;
    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(tmp);
    }

    @Test
    void noArguments_printsHelpOnStderrAndExits2() {
        CliHarness.Result r = cli.run();
        assertEquals(2, r.status(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Usage: agent-strace [--trace-dir DIR] <command> [options]"), r.toString());
    }

    @Test
    void help_globalLongAndShortAndHelpCommand() {
        for (List<String> argv : List.of(List.of("--help"), List.of("-h"), List.of("help"), List.of("--trace-dir", "x", "-h"))) {
            CliHarness.Result r = cli.run(argv.toArray(String[]::new));
            assertEquals(0, r.status(), argv + " " + r);
            assertTrue(r.out().startsWith("agent-strace: strace for AI agents."), r.toString());
            assertTrue(r.out().contains("\n  list         List captured sessions, newest first\n"), r.toString());
            assertTrue(r.out().contains("  inspect      "), r.toString());
            assertTrue(r.out().contains("--trace-dir DIR"), r.toString());
            assertTrue(r.out().contains("-V, --version"), r.toString());
            assertEquals("", r.err());
        }
    }

    @Test
    void help_perCommand() {
        for (List<String> argv : List.of(List.of("list", "--help"), List.of("list", "-h"), List.of("help", "list"),
                List.of("list", "--limit", "3", "-h"))) {
            CliHarness.Result r = cli.run(argv.toArray(String[]::new));
            assertEquals(0, r.status(), argv + " " + r);
            assertTrue(r.out().startsWith("Usage: agent-strace list [--limit N] [--json] [--all]"), r.toString());
            assertTrue(r.out().contains("\n\nList captured sessions"), r.toString());
            assertTrue(r.out().contains("  -n, --limit N"), r.toString());
        }
        CliHarness.Result inspect = cli.run("inspect", "--help");
        assertTrue(inspect.out().startsWith("Usage: agent-strace inspect [session-id]"), inspect.toString());
        assertTrue(inspect.out().contains("unique prefix"), inspect.toString());
    }

    @Test
    void help_unknownTopic() {
        CliHarness.Result r = cli.run("help", "lst");
        assertEquals(2, r.status());
        assertEquals("agent-strace: unknown command 'lst' (did you mean list?); see 'agent-strace --help'\n", r.err());
    }

    @Test
    void version_flagShortFlagAndCommand() {
        for (String v : List.of("--version", "-V", "version")) {
            CliHarness.Result r = cli.run(v);
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().matches("agent-strace \\S+\n"), r.toString());
        }
        assertEquals(2, cli.run("version", "extra").status());
    }

    @Test
    void unknownCommand_hintsTheClosestOne() {
        CliHarness.Result r = cli.run("lsit");
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertEquals("agent-strace: unknown command 'lsit' (did you mean list?); see 'agent-strace --help'\n", r.err());
        CliHarness.Result far = cli.run("frobnicate");
        assertEquals("agent-strace: unknown command 'frobnicate'; see 'agent-strace --help'\n", far.err());
        assertEquals("agent-strace: unknown command 'insp' (did you mean inspect?); see 'agent-strace --help'\n",
                cli.run("insp").err());
    }

    @Test
    void unknownOption_beforeAndAfterTheCommand() {
        assertUsage("agent-strace: unknown option --trace-dri (did you mean --trace-dir?); see 'agent-strace --help'",
                "--trace-dri", "x", "list");
        assertUsage("agent-strace list: unknown option --jsno (did you mean --json?); see 'agent-strace list --help'",
                "list", "--jsno");
        assertUsage("agent-strace list: unknown option -x; see 'agent-strace list --help'", "list", "-x");
        // A short option a command does not have is spelled out when one long option starts with its letter.
        assertUsage("agent-strace list: unknown option -j (did you mean --json?); see 'agent-strace list --help'",
                "list", "-j");
    }

    @Test
    void optionValues_missingMalformedOrUnexpected() {
        String list = "; see 'agent-strace list --help'";
        assertUsage("agent-strace list: option --limit needs a value (N)" + list, "list", "--limit");
        assertUsage("agent-strace: option --trace-dir needs a value (DIR); see 'agent-strace --help'", "--trace-dir");
        assertUsage("agent-strace list: option --trace-dir needs a value (DIR)" + list, "list", "--trace-dir");
        assertUsage("agent-strace list: option --limit needs a whole number, got 'many'" + list, "list", "--limit", "many");
        assertUsage("agent-strace list: option --limit must be between 1 and 2147483647, got 0" + list, "list", "-n", "0");
        assertUsage("agent-strace list: option --json takes no value" + list, "list", "--json=yes");
        assertUsage("agent-strace list: unexpected argument 'extra'" + list, "list", "extra");
        assertUsage("agent-strace inspect: unexpected argument 'b'; see 'agent-strace inspect --help'", "inspect", "a", "b");
    }

    @Test
    void color_badValueIsAUsageErrorBeforeOrAfterTheCommand() {
        // A global option's error is the program's, wherever it was given: not blamed on the command.
        String help = "; see 'agent-strace --help'";
        assertUsage("agent-strace: invalid --color 'purple' (use auto, always or never)" + help, "list", "--color", "purple");
        assertUsage("agent-strace: invalid --color 'purple' (use auto, always or never)" + help, "--color=purple", "list");
        assertUsage("agent-strace: invalid --color 'sometimes' (use auto, always or never)" + help,
                "--color", "sometimes", "list");
        assertUsage("agent-strace: invalid --color '' (use auto, always or never)" + help, "list", "--colour=");
    }

    /** Exit 2, nothing on stdout, and exactly this one line on stderr (no help text after it). */
    private void assertUsage(String line, String... argv) {
        CliHarness.Result r = cli.run(argv);
        assertEquals(2, r.status(), r.toString());
        assertEquals(line + "\n", r.err(), r.toString());
        assertEquals("", r.out());
    }

    /** A command that fails the way a bug does. */
    private static final class Boom implements Command {
        public String name() {
            return "boom";
        }

        public String summary() {
            return "fails";
        }

        public String synopsis() {
            return "boom";
        }

        public List<Opt> options() {
            return List.of();
        }

        public int run(Args args, Context ctx) {
            throw new IllegalStateException("kaboom");
        }
    }

    @Test
    void internalError_exits3WithAStackTraceOnlyWhenAsked() {
        cli.commands = new Commands(List.of(new Boom()));
        CliHarness.Result plain = cli.run("boom");
        assertEquals(3, plain.status());
        assertEquals("agent-strace boom: internal error: java.lang.IllegalStateException: kaboom\n"
                + "(run with --stacktrace or AGENT_STRACE_DEBUG=1 for details)\n", plain.err());

        for (String[] argv : List.of(new String[] {"boom", "--stacktrace"}, new String[] {"--stacktrace", "boom"})) {
            CliHarness.Result traced = cli.run(argv);
            assertEquals(3, traced.status());
            assertTrue(traced.err().startsWith("agent-strace boom: internal error: java.lang.IllegalStateException: kaboom\n"
                    + "java.lang.IllegalStateException: kaboom\n\tat "), traced.toString());
        }
        cli.env.put("AGENT_STRACE_DEBUG", "1");
        CliHarness.Result debug = cli.run("boom");
        assertEquals(3, debug.status());
        assertTrue(debug.err().contains("\tat io.github.agentstrace.cli.MainTest$Boom.run"), debug.toString());
    }

    @Test
    void dataError_exits1WithOneLine() {
        CliHarness.Result r = cli.run("--trace-dir", "empty", "inspect");
        assertEquals(1, r.status());
        assertEquals("agent-strace inspect: No sessions found in " + tmp.resolve("empty") + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void didYouMean_distanceAndPrefix() {
        assertEquals("list", DidYouMean.suggest("lst", List.of("list", "inspect")).orElseThrow());
        assertEquals("inspect", DidYouMean.suggest("insp", List.of("list", "inspect")).orElseThrow());
        assertFalse(DidYouMean.suggest("zzzzzz", List.of("list", "inspect")).isPresent());
        assertFalse(DidYouMean.suggest("x", List.of()).isPresent());
        assertEquals(3, DidYouMean.distance("kitten", "sitting"));
        assertEquals(1, DidYouMean.distance("lsit", "list"));
    }

    @Test
    void args_doubleDashAndStopAtFirstPositional() throws UsageException {
        List<Opt> spec = List.of(Opt.flag("--json", "j"), Opt.value("--limit", "N", "l", "-n"));
        Args a = Args.parse(List.of("--json", "x", "--", "--limit", "3"), spec, false);
        assertEquals(List.of("x"), a.positionals());
        assertEquals(List.of("--limit", "3"), a.rest());
        assertTrue(a.sawDoubleDash());
        Args b = Args.parse(List.of("-n", "2", "npx", "server", "--json"), spec, true);
        assertEquals("2", b.value("--limit"));
        assertEquals(List.of("npx", "server", "--json"), b.rest());
        Args c = Args.parse(List.of("--limit=4", "-5", "--limit", "6"), spec, false);
        assertEquals("6", c.value("--limit"));
        assertEquals(List.of("4", "6"), c.values("--limit"));
        assertEquals(List.of("-5"), c.positionals());
    }
}
