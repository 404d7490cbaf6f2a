package io.github.agentstrace.store;

/**
 * Validation of session ids before they touch a path: letters, digits, {@code _} and {@code -}, 1 to
 * {@value #MAX_LENGTH} characters. This rules out {@code ..}, separators, absolute paths and NUL bytes.
 */
public final class SessionIds {
    public static final int MAX_LENGTH = 128;

    private SessionIds() {
    }

    public static boolean isValid(String id) {
        // A plain loop, not a regex: hooks validate an id in every process, and java.util.regex would
        // bootstrap the lambda machinery there.
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Returns the id, or throws a {@link StoreException} that says what is wrong with it. */
    public static String requireValid(String id) {
        if (isValid(id)) {
            return id;
        }
        String shown = id == null ? "null" : id.length() > 60 ? id.substring(0, 60) + "..." : id;
        StringBuilder printable = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            printable.append(Character.isISOControl(c) ? '?' : c);
        }
        throw new StoreException("invalid session id '" + printable
                + "': ids are 1-" + MAX_LENGTH + " characters of A-Z a-z 0-9 _ -");
    }
}
