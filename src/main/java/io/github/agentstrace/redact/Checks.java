package io.github.agentstrace.redact;

import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/** Cheap tests that tell a random credential from a word, a code expression or a placeholder. */
final class Checks {
    private static final Set<String> CODE_WORDS = Set.of(
            "null", "none", "nil", "true", "false", "undefined", "default", "this", "self", "new", "await",
            "str", "string", "int", "bool", "boolean", "number", "bytes", "char", "object", "any", "optional",
            "required", "secret", "password", "token", "redacted", "hidden", "env", "os");

    private Checks() {
    }

    /** Mixes letters and digits, or is long and mixes cases: what generated keys look like, words do not. */
    static boolean looksRandom(CharSequence v) {
        boolean digit = false;
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            }
        }
        return (digit && (lower || upper)) || (lower && upper && v.length() >= 20);
    }

    /** A value that names where a secret comes from rather than being one: {@code $X}, {@code ${X}}, {@code <key>}. */
    static boolean isPlaceholder(String v) {
        if (v.isEmpty()) {
            return true;
        }
        char c = v.charAt(0);
        if (c == '$' || (c == '%' && v.endsWith("%")) || (c == '<' && v.endsWith(">"))
                || v.startsWith("{{") || v.startsWith("[REDACTED") || v.startsWith("[MASKED")) {
            return true;
        }
        if (isTemplate(v) || NAMES_AS_VALUES.contains(v.toLowerCase(Locale.ROOT))) {
            return true;
        }
        boolean allMask = true;
        for (int i = 0; i < v.length(); i++) {
            char x = v.charAt(i);
            if (x != '*' && x != 'x' && x != 'X' && x != '.' && x != '•') {
                allMask = false;
                break;
            }
        }
        return allMask;
    }

    /** The word itself standing in for a value, as documentation writes it: {@code user:password@host}. */
    private static final Set<String> NAMES_AS_VALUES = Set.of("password", "passwd", "pass", "secret", "token",
            "apikey", "api_key", "api-key", "your_password", "your-password", "your_token", "your_api_key");

    private static final Set<String> LITERALS = Set.of("null", "none", "nil", "true", "false", "undefined");

    /** {@code None}, {@code null}, {@code true}...: a literal, never a credential. */
    static boolean isLiteralKeyword(String v) {
        return v.length() <= 9 && LITERALS.contains(v.toLowerCase(Locale.ROOT));
    }

    /** A format string or template: {@code %s}, {@code %(name)s}, {@code {0}}, <code>{name}</code>. */
    static boolean isTemplate(String v) {
        if (v.contains("${")) {
            return true;
        }
        int open = v.indexOf('{');
        if (open >= 0 && v.indexOf('}', open) > open) {
            return true;
        }
        int pct = v.indexOf('%');
        while (pct >= 0 && pct + 1 < v.length()) {
            char c = v.charAt(pct + 1);
            if (c == 's' || c == 'd' || c == 'r' || c == '(' || c == 'v' || c == 'q') {
                return true;
            }
            pct = v.indexOf('%', pct + 1);
        }
        return false;
    }

    /** A language keyword or type name standing where a value would be ({@code password: str}). */
    static boolean isCodeWord(String v) {
        return CODE_WORDS.contains(v.toLowerCase(Locale.ROOT));
    }

    /** {@code name} or {@code a.b.c}: a variable or attribute, as code assigns it. */
    static boolean isIdentifierPath(String v, boolean requireDot) {
        if (v.isEmpty()) {
            return false;
        }
        boolean dot = false;
        boolean atStart = true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '.') {
                if (atStart) {
                    return false;
                }
                dot = true;
                atStart = true;
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                atStart = false;
            } else if (c >= '0' && c <= '9') {
                if (atStart) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return !atStart && (dot || !requireDot);
    }

    /** Letters and underscores only: a variable name, not a generated value. */
    static boolean isWordLike(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(Character.isLetter(c) || c == '_')) {
                return false;
            }
        }
        return !v.isEmpty();
    }

    /** Basic credentials: base64 of printable {@code user:password}. */
    static boolean isBasicCredential(String v) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean colon = false;
        for (byte b : raw) {
            if (b == ':') {
                colon = true;
            } else if (b < 0x20 || b == 0x7f) {
                return false;
            }
        }
        return colon && raw.length >= 3;
    }

    /** Luhn checksum over the digits of {@code v} (other characters are skipped). */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }
}
