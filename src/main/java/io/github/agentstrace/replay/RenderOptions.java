package io.github.agentstrace.replay;

/**
 * How timeline lines look.
 *
 * @param width   visible columns a line may take; 0 or less: no limit (pipes, {@code --wide})
 * @param strsize characters of detail text (commands, results, prompts) before "..."; 0 or less: no limit
 * @param verbose also print each event's full data as pretty JSON under its line
 * @param time    the time column
 * @param numbers show each event's 1-based number (what {@code why} and {@code search} refer to)
 */
public record RenderOptions(int width, int strsize, boolean verbose, TimeFormat time, boolean numbers) {
    /** The default detail length, as the original's. */
    public static final int DEFAULT_STRSIZE = 120;

    public RenderOptions {
        time = time == null ? TimeFormat.REL : time;
    }

    /** Without event numbers. */
    public RenderOptions(int width, int strsize, boolean verbose, TimeFormat time) {
        this(width, strsize, verbose, time, false);
    }

    /** No width limit, default detail length, relative times. */
    public static RenderOptions defaults() {
        return new RenderOptions(0, DEFAULT_STRSIZE, false, TimeFormat.REL, false);
    }

    public RenderOptions withWidth(int newWidth) {
        return new RenderOptions(newWidth, strsize, verbose, time, numbers);
    }

    /** Columns taken by the event number ({@code "   #12 "}), 0 without numbers. */
    int numberColumns() {
        return numbers ? 7 : 0;
    }
}
