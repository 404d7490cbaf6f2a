package io.github.agentstrace.cli;

import java.util.List;

/** One subcommand. Implementations are small final classes listed in {@link Commands}. */
interface Command {
    /** The word on the command line, e.g. {@code list}. */
    String name();

    /** One line for the command list in {@code --help}. */
    String summary();

    /** The synopsis after {@code agent-strace}, e.g. {@code list [--limit N] [--json]}. */
    String synopsis();

    /** Extra help text printed after the options (may be empty). */
    default String details() {
        return "";
    }

    /** The command's own options; the global ones are added by {@link Main}. */
    List<Opt> options();

    /** True for commands that wrap a child command: options stop at the first positional argument. */
    default boolean stopsAtFirstPositional() {
        return false;
    }

    /**
     * True for commands whose positional words may start with a single dash ({@code search}'s {@code -word}
     * negations): such a word that names no option is a positional, not an unknown option.
     */
    default boolean takesDashedWords() {
        return false;
    }

    /** True for {@code hook}: never prints and always exits 0, whatever happens. */
    default boolean silent() {
        return false;
    }

    /** Runs the command; returns the exit status. */
    int run(Args args, Context ctx) throws Exception;
}
