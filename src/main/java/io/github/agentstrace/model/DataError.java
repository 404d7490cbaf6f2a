package io.github.agentstrace.model;

/**
 * A failure the user can act on, not a bug: no such session, an unreadable or invalid file, a bad config.
 * The message is one line that says what was wrong, fit to print as it is; the command line reports it
 * with exit status 1 (a data error, hence the name, although it is an ordinary unchecked exception).
 *
 * <p>The base of every such exception of the code base, so that the entry point catches one type. It lives
 * in {@code model}, which every feature package may depend on, so that none of them has to import another
 * to share it.
 */
public class DataError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataError(String message) {
        super(message);
    }

    public DataError(String message, Throwable cause) {
        super(message, cause);
    }
}
