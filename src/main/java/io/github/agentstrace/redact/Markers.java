package io.github.agentstrace.redact;

/** The text that replaces a secret: {@code [REDACTED:type]}, or {@code [MASKED:type]} for personal data. */
final class Markers {
    static final String PII_PREFIX = "pii:";

    private Markers() {
    }

    static String marker(String type) {
        // StringBuilder rather than +: string concatenation bootstraps an invokedynamic call site on first use,
        // a cost a one-shot hook process would pay
        if (type.startsWith(PII_PREFIX)) {
            return new StringBuilder(type.length() + 5).append("[MASKED:")
                    .append(type, PII_PREFIX.length(), type.length()).append(']').toString();
        }
        return new StringBuilder(type.length() + 11).append("[REDACTED:").append(type).append(']').toString();
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
