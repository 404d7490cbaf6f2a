package io.github.agentstrace.term;

/**
 * ANSI styling that disappears when colour is off: {@code ansi.red("x")} is {@code "x"} then.
 * The codes are the original's (bold, dim, 30-37 colours, 90 for gray).
 */
public final class Ansi {
    public static final String RESET = "\033[0m";
    public static final String BOLD = "\033[1m";
    public static final String DIM = "\033[2m";
    public static final String RED = "\033[31m";
    public static final String GREEN = "\033[32m";
    public static final String YELLOW = "\033[33m";
    public static final String BLUE = "\033[34m";
    public static final String MAGENTA = "\033[35m";
    public static final String CYAN = "\033[36m";
    public static final String WHITE = "\033[37m";
    public static final String GRAY = "\033[90m";

    private final boolean enabled;

    public Ansi(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** {@code text} wrapped in {@code code} ... reset, or the bare text when colour is off. */
    public String style(String code, String text) {
        return enabled ? code + text + RESET : text;
    }

    /** The code itself, or "" when colour is off (for spans built piece by piece). */
    public String code(String code) {
        return enabled ? code : "";
    }

    public String bold(String s) {
        return style(BOLD, s);
    }

    public String dim(String s) {
        return style(DIM, s);
    }

    public String red(String s) {
        return style(RED, s);
    }

    public String green(String s) {
        return style(GREEN, s);
    }

    public String yellow(String s) {
        return style(YELLOW, s);
    }

    public String blue(String s) {
        return style(BLUE, s);
    }

    public String magenta(String s) {
        return style(MAGENTA, s);
    }

    public String cyan(String s) {
        return style(CYAN, s);
    }

    public String gray(String s) {
        return style(GRAY, s);
    }

    /** Removes ANSI escape sequences, e.g. to measure the visible width of a styled line. */
    public static String strip(String s) {
        return s.replaceAll("\033\\[[0-9;]*[A-Za-z]", "");
    }
}
