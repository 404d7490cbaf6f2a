package io.github.agentstrace.cli;

import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.DataError;
import io.github.agentstrace.term.ColorMode;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point: global options, dispatch to one {@link Command}, and the mapping of failures to exit
 * codes. The only {@code System.exit} of the program is in {@link #main}.
 */
public final class Main {
    static final String PROGRAM = "agent-strace";
    private static final List<Opt> GLOBAL = List.of(
            Opt.value("--trace-dir", "DIR", "trace directory (default: $AGENT_TRACE_DIR or ./.agent-traces)"),
            Opt.value("--color", "WHEN", "colour: auto (default), always or never", "--colour"),
            Opt.flag("--stacktrace", "print stack traces of internal errors"),
            Opt.flag("--help", "show help", "-h"));

    private final Commands commands;

    public Main() {
        this(new Commands());
    }

    /** A Main over another registry (tests use it to reach failure paths no real command has). */
    Main(Commands commands) {
        this.commands = commands;
    }

    public static void main(String[] argv) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Context ctx = new Context(System.in, out, err, System.getenv(), Path.of("").toAbsolutePath(),
                Clock.system(), null, ColorMode.AUTO, System.console() != null);
        if (argv.length > 0 && argv[0].equals("hook")) {
            // One JVM per Claude Code event: skip the command registry and load only the hook path.
            System.exit(HookCommand.runProcess(Arrays.asList(argv).subList(1, argv.length), ctx));
        }
        int status = new Main().run(Arrays.asList(argv), ctx);
        out.flush();
        System.exit(status);
    }

    /** Runs one command line in-process; returns the exit status. */
    public int run(List<String> argv, Context ctx) {
        boolean stacktrace = "1".equals(ctx.env().get("AGENT_STRACE_DEBUG"));
        Command command = null;
        try {
            // Global options before the subcommand name.
            Args globals = Args.parse(argv, withVersion(GLOBAL), true);
            List<String> rest = globals.rest();
            stacktrace |= globals.flag("--stacktrace");
            color(globals.value("--color", "auto"));
            if (globals.flag("--version")) {
                ctx.out().println(PROGRAM + " " + VersionCommand.version());
                return ExitCode.OK.code();
            }
            if (globals.flag("--help")) {
                printHelp(ctx.out());
                return ExitCode.OK.code();
            }
            if (rest.isEmpty()) {
                // No command is a usage error: the help goes to stderr so stdout stays empty for scripts.
                printHelp(ctx.err());
                return ExitCode.USAGE.code();
            }
            String name = rest.get(0);
            if (name.equals("help")) {
                return help(rest.subList(1, rest.size()), ctx);
            }
            command = commands.find(name);
            if (command == null) {
                throw new UsageException("unknown command '" + name + "'" + DidYouMean.hint(name, commands.names()));
            }
            List<Opt> spec = new ArrayList<>(command.options());
            spec.addAll(GLOBAL);
            Args args;
            try {
                args = Args.parse(rest.subList(1, rest.size()), spec, command.stopsAtFirstPositional(),
                        command.takesDashedWords());
            } catch (UsageException e) {
                if (command.silent()) {
                    return ExitCode.OK.code();
                }
                throw e;
            }
            if (args.flag("--help")) {
                printUsage(command, ctx.out());
                return ExitCode.OK.code();
            }
            stacktrace |= args.flag("--stacktrace");
            ColorMode color = color(args.value("--color", globals.value("--color", "auto")));
            Context resolved = ctx.withGlobals(args.value("--trace-dir", globals.value("--trace-dir")), color);
            return command.run(args, resolved);
        } catch (UsageException e) {
            // One line: what was wrong (with the valid choices or a "did you mean"), and where the help is.
            Command blamed = e.global() ? null : command;
            String where = PROGRAM + (blamed == null ? "" : " " + blamed.name());
            ctx.err().println(where + ": " + e.getMessage() + "; see '" + where + " --help'");
            return ExitCode.USAGE.code();
        } catch (DataError | JsonException | UncheckedIOException e) {
            if (command != null && command.silent()) {
                return ExitCode.OK.code();
            }
            ctx.err().println(prefix(command) + oneLine(e.getMessage()));
            if (stacktrace) {
                e.printStackTrace(ctx.err());
            }
            return ExitCode.DATA_ERROR.code();
        } catch (Exception | Error e) {
            if (command != null && command.silent()) {
                return ExitCode.OK.code();
            }
            ctx.err().println(prefix(command) + "internal error: " + e);
            if (stacktrace) {
                e.printStackTrace(ctx.err());
            } else {
                ctx.err().println("(run with --stacktrace or AGENT_STRACE_DEBUG=1 for details)");
            }
            return ExitCode.INTERNAL.code();
        } finally {
            ctx.out().flush();
        }
    }

    private static List<Opt> withVersion(List<Opt> global) {
        List<Opt> spec = new ArrayList<>(global);
        spec.add(Opt.flag("--version", "print the version", "-V"));
        return spec;
    }

    private int help(List<String> topic, Context ctx) throws UsageException {
        if (topic.isEmpty()) {
            printHelp(ctx.out());
            return ExitCode.OK.code();
        }
        Command c = commands.find(topic.get(0));
        if (c == null) {
            throw new UsageException("unknown command '" + topic.get(0) + "'" + DidYouMean.hint(topic.get(0), commands.names()));
        }
        printUsage(c, ctx.out());
        return ExitCode.OK.code();
    }

    /** The {@code --color} choice; a bad word is the program's usage error, not the command's. */
    private static ColorMode color(String word) throws UsageException {
        ColorMode color = ColorMode.parse(word);
        if (color == null) {
            throw UsageException.global("invalid --color '" + word + "' (use auto, always or never)");
        }
        return color;
    }

    private static String prefix(Command command) {
        return PROGRAM + (command == null ? "" : " " + command.name()) + ": ";
    }

    private static String oneLine(String message) {
        return message == null ? "error" : message.replace('\n', ' ');
    }

    private void printHelp(PrintStream out) {
        out.println("agent-strace: strace for AI agents. Record, replay and export agent sessions.");
        out.println();
        out.println("Usage: " + PROGRAM + " [--trace-dir DIR] <command> [options]");
        out.println();
        out.println("Commands:");
        for (Command c : commands.all()) {
            out.printf("  %-12s %s%n", c.name(), c.summary());
        }
        out.println();
        out.println("Global options:");
        for (Opt o : GLOBAL) {
            out.printf("  %-22s %s%n", o.display(), o.help());
        }
        out.printf("  %-22s %s%n", "-V, --version", "print the version");
        out.println();
        out.println("Run '" + PROGRAM + " <command> --help' for a command's options.");
    }

    static void printUsage(Command c, PrintStream out) {
        out.println("Usage: " + PROGRAM + " " + c.synopsis());
        out.println();
        out.println(c.summary());
        if (!c.options().isEmpty()) {
            out.println();
            out.println("Options:");
            for (Opt o : c.options()) {
                out.printf("  %-24s %s%n", o.display(), o.help());
            }
        }
        if (!c.details().isEmpty()) {
            out.println();
            out.println(c.details().stripTrailing());
        }
    }
}
