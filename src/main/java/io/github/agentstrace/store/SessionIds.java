package io.github.agentstrace.store;

import java.util.regex.Pattern;

/**
 * Validation of session ids before they touch a path: letters, digits, {@code _} and {@code -}, 1 to
 * {@value #MAX_LENGTH} characters. This rules out {@code ..}, separators, absolute paths and NUL bytes.
 */
public final class SessionIds {
    public static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private SessionIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** Returns the id, or throws a {@link StoreException} that says what is wrong with it. */
    public static String requireValid(String id) {
        if (isValid(id)) {
            return id;
        }
        String shown = id == null ? "null" : id.length() > 60 ? id.substring(0, 60) + "..." : id;
        throw new StoreException("invalid session id '" + shown.replaceAll("\\p{Cntrl}", "?")
                + "': ids are 1-" + MAX_LENGTH + " characters of A-Z a-z 0-9 _ -");
    }
}
