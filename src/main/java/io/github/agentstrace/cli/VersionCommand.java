package io.github.agentstrace.cli;

import java.util.List;

/** {@code version}: prints the version of this build. */
final class VersionCommand implements Command {
    @Override
    public String name() {
        return "version";
    }

    @Override
    public String summary() {
        return "Print the version";
    }

    @Override
    public String synopsis() {
        return "version";
    }

    @Override
    public List<Opt> options() {
        return List.of();
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        args.positionals(0);
        ctx.out().println(Main.PROGRAM + " " + version());
        return ExitCode.OK.code();
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
