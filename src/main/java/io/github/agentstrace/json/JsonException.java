package io.github.agentstrace.json;

/**
 * A document that is not valid JSON, or a value that cannot be written as JSON.
 *
 * <p>Parse errors carry the 1-based line and column of the offending character and the JSON path of the
 * value being read ({@code $.data.arguments[2]}), so a user can find the fault in a multi-megabyte file.
 */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String path;

    JsonException(String reason, int line, int column, String path) {
        super(reason + " at line " + line + ", column " + column + " (path " + shorten(path) + ")");
        this.line = line;
        this.column = column;
        this.path = path;
    }

    /** Keeps messages one readable line: a path 500 levels deep is cut in the middle. */
    private static String shorten(String path) {
        return path.length() <= 160 ? path : path.substring(0, 40) + "..." + path.substring(path.length() - 100);
    }

    JsonException(String message) {
        super(message);
        this.line = 0;
        this.column = 0;
        this.path = "";
    }

    /** 1-based line of the error, 0 when the error is not tied to a position. */
    public int line() {
        return line;
    }

    /** 1-based column (in UTF-16 code units) of the error, 0 when not tied to a position. */
    public int column() {
        return column;
    }

    /** JSON path of the value being read when the error was found, e.g. {@code $.data[2]}. */
    public String path() {
        return path;
    }
}
