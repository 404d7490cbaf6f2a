package io.github.agentstrace.redact;

/** The text that replaces a secret: {@code [REDACTED:type]}, or {@code [MASKED:type]} for personal data. */
final class Markers {
    static final String PII_PREFIX = "pii:";

    private Markers() {
    }

    static String marker(String type) {
        if (type.startsWith(PII_PREFIX)) {
            return "[MASKED:" + type.substring(PII_PREFIX.length()) + "]";
        }
        return "[REDACTED:" + type + "]";
    }

    /** True when {@code text} starting at {@code at} is one of our own markers (so it is never re-redacted). */
    static boolean isMarkerAt(CharSequence text, int at) {
        return startsWith(text, at, "[REDACTED") || startsWith(text, at, "[MASKED");
    }

    private static boolean startsWith(CharSequence text, int at, String prefix) {
        if (at + prefix.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text.charAt(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
