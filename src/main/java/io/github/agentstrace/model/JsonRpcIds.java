package io.github.agentstrace.model;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonNumber;
import java.math.BigDecimal;

/**
 * The one rule for comparing JSON-RPC ids: two ids match exactly when they are the same JSON value. A
 * number and a string never match ({@code 3} is not {@code "3"}), and numbers compare by value
 * ({@code 1} is {@code 1.0} and {@code 1e0}). Used by the MCP recorder on the wire and by the session
 * model when it pairs recorded answers with their calls.
 */
public final class JsonRpcIds {
    private JsonRpcIds() {
    }

    /** A key under which equal ids, and only equal ids, compare equal; null for a missing id. */
    public static String key(Object id) {
        if (id == null) {
            return null;
        }
        if (id instanceof String s) {
            return "s:" + s;
        }
        if (id instanceof Number n) {
            String text = n instanceof JsonNumber j ? j.toString() : n.toString();
            if (isPlainInteger(text)) {
                // The usual case (and every id our recorders write): no decimal arithmetic needed.
                return text.equals("-0") ? "n:0" : "n:" + text;
            }
            try {
                BigDecimal d = new BigDecimal(text);
                return "n:" + (d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
            } catch (NumberFormatException e) {
                return "n:" + text;
            }
        }
        return "x:" + Json.write(id);
    }

    private static boolean isPlainInteger(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() - start > 18) {
            return false;
        }
        if (s.charAt(start) == '0' && s.length() > start + 1) {
            return false; // not a canonical integer text
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
