package io.github.agentstrace.redact;

import java.util.Map;
import java.util.Set;

/**
 * Decides whether a key name (a JSON key, an environment variable, a header, a {@code KEY=} in text) holds a
 * credential, and which marker type its value gets.
 *
 * <p>Names are compared after lower-casing and dropping every non-alphanumeric character, so {@code X-Api-Key},
 * {@code x_api_key} and {@code xApiKey} are one name. A name is sensitive when it is one of a few exact words or
 * ends with a credential word ({@code DB_PASSWORD}, {@code GITHUB_TOKEN}, {@code clientSecret}); judging by the
 * ending keeps counters such as {@code input_tokens}, {@code max_tokens} and {@code token_count} out.
 */
final class SensitiveKeys {
    /** Whole normalised names. */
    private static final Map<String, String> EXACT = Map.ofEntries(
            Map.entry("password", "password"), Map.entry("passwd", "password"), Map.entry("pwd", "password"),
            Map.entry("pass", "password"), Map.entry("passphrase", "password"),
            Map.entry("secret", "secret"), Map.entry("secrets", "secret"),
            Map.entry("secretkeybase", "secret"),
            Map.entry("token", "token"),
            Map.entry("auth", "authorization"), Map.entry("authorization", "authorization"),
            Map.entry("cookie", "cookie"), Map.entry("setcookie", "cookie"),
            Map.entry("credential", "credential"), Map.entry("credentials", "credential"),
            Map.entry("creds", "credential"),
            Map.entry("apikey", "api_key"), Map.entry("privatekey", "private_key"),
            Map.entry("connectionstring", "connection_string"), Map.entry("connstr", "connection_string"),
            Map.entry("databaseurl", "connection_string"), Map.entry("dburl", "connection_string"));

    /** Endings, tried in order; the first that matches gives the marker type. */
    private static final String[][] SUFFIXES = {
        {"password", "password"}, {"passwd", "password"}, {"passphrase", "password"},
        {"secretaccesskey", "aws_secret_key"}, {"accesskeyid", "access_key"},
        {"secretkey", "secret"}, {"secret", "secret"},
        {"apikey", "api_key"}, {"privatekey", "private_key"},
        {"accesskey", "access_key"}, {"signingkey", "secret"}, {"encryptionkey", "secret"},
        {"masterkey", "secret"}, {"accountkey", "secret"}, {"subscriptionkey", "api_key"},
        {"token", "token"},
        {"authorization", "authorization"}, {"cookie", "cookie"},
        {"credentials", "credential"}, {"credential", "credential"},
        {"connectionstring", "connection_string"}, {"databaseurl", "connection_string"},
        {"dburl", "connection_string"}, {"amzsignature", "signature"},
    };

    /**
     * Names that end like a credential but are not one: tokenizer vocabulary, pagination cursors, MCP's
     * progress token, .NET's cancellation token.
     */
    private static final Set<String> NOT_SECRET = Set.of(
            "nexttoken", "nextpagetoken", "pagetoken", "continuationtoken", "synctoken", "cursortoken",
            "progresstoken", "cancellationtoken", "eostoken", "bostoken", "padtoken", "unktoken", "septoken",
            "clstoken", "masktoken", "stoptoken", "starttoken", "endtoken", "lasttoken", "firsttoken");

    /** Normalised names the user's config adds; their type is {@code secret}. */
    private final Set<String> extra;

    SensitiveKeys(Set<String> extraNames) {
        Set<String> names = new java.util.HashSet<>();
        for (String n : extraNames) {
            names.add(normalise(n));
        }
        this.extra = Set.copyOf(names);
    }

    boolean hasExtra() {
        return !extra.isEmpty();
    }

    /** The marker type for a value under {@code key}, or null when the key is not sensitive. */
    String classify(String key) {
        if (key == null || key.isEmpty() || key.length() > 80) {
            return null;
        }
        String n = normalise(key);
        if (n.isEmpty() || NOT_SECRET.contains(n)) {
            return null;
        }
        String exact = EXACT.get(n);
        if (exact != null) {
            return exact;
        }
        if (extra.contains(n)) {
            return "secret";
        }
        for (String[] s : SUFFIXES) {
            if (n.endsWith(s[0])) {
                return s[1];
            }
        }
        return null;
    }

    /** Lower case, letters and digits only. */
    static String normalise(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                b.append((char) (c + 32));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                b.append(c);
            } else if (c > 127 && Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    /**
     * Lower-case fragments, one of which every built-in sensitive name contains: the cheap pre-check that
     * decides whether text is worth scanning for {@code KEY=value}.
     */
    static final String[] STEMS = {
        "pass", "pwd", "secret", "token", "key", "auth", "cookie", "cred", "connection", "connstr", "database", "dburl",
        "db_url", "db-url", "signature",
    };
}
