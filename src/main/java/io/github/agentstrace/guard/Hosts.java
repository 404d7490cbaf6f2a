package io.github.agentstrace.guard;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network hosts a call reaches, as far as its arguments tell: the hosts of URLs in a shell command
 * ({@code curl https://x.io/a}, {@code git clone git@github.com:o/r}), the URL a web tool fetches, and, for
 * other tools (MCP tools), arguments that are URLs or are named like one ({@code url}, {@code uri},
 * {@code endpoint}, {@code host}). Text a tool writes (a file's content that mentions a URL) is not a host it
 * reaches. A host is lower-case, without user, port or brackets.
 */
final class Hosts {
    private static final Pattern URL = Pattern.compile(
            "\\b(?:https?|wss?|ftps?|sftp|ssh|git|rsync|s3|gs)://(?:[^/\\s@'\"`]*@)?(\\[[0-9a-fA-F:.]+\\]|[^/\\s:'\"`?#)<>,;|]+)");
    private static final Pattern SCP = Pattern.compile("(?<![\\w/])[\\w.-]+@([a-zA-Z0-9][\\w.-]*\\.[a-zA-Z]{2,}):");
    private static final Set<String> URL_KEYS = Set.of("url", "uri", "href", "link", "endpoint", "host", "hostname",
            "base_url", "baseUrl", "server_url", "webhook", "webhook_url");
    private static final int MAX_VALUES = 1000;
    private static final int MAX_DEPTH = 8;

    private Hosts() {
    }

    /** Hosts of the URLs anywhere in a text (a shell command). */
    static Set<String> inText(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null) {
            return out;
        }
        Matcher m = URL.matcher(text);
        while (m.find()) {
            add(out, m.group(1));
        }
        Matcher s = SCP.matcher(text);
        while (s.find()) {
            add(out, s.group(1));
        }
        return out;
    }

    /** The host of one URL, or null when it is not a URL with a host. */
    static String ofUrl(String url) {
        Set<String> h = inText(url.strip());
        return h.isEmpty() ? null : h.iterator().next();
    }

    /** Hosts in a tool's arguments: values that are URLs, and values under URL-like keys. */
    static Set<String> inArguments(Map<String, Object> arguments) {
        Set<String> out = new LinkedHashSet<>();
        int[] budget = {MAX_VALUES};
        walk(arguments, null, 0, out, budget);
        return out;
    }

    private static void walk(Object v, String key, int depth, Set<String> out, int[] budget) {
        if (depth > MAX_DEPTH || budget[0] <= 0) {
            return;
        }
        if (v instanceof String s) {
            budget[0]--;
            String t = s.strip();
            if (key != null && URL_KEYS.contains(key)) {
                String host = ofUrl(t);
                if (host == null && !t.isEmpty() && t.indexOf(' ') < 0 && t.indexOf('/') < 0) {
                    host = t; // a bare host name under "host"
                }
                add(out, host);
            } else if (t.indexOf(' ') < 0 && t.indexOf("://") > 0) {
                add(out, ofUrl(t));
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                walk(e.getValue(), String.valueOf(e.getKey()), depth + 1, out, budget);
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                walk(o, key, depth + 1, out, budget);
            }
        }
    }

    private static void add(Set<String> out, String raw) {
        if (raw == null) {
            return;
        }
        String h = raw.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0) {
                h = h.substring(0, colon);
            }
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (!h.isEmpty() && !h.contains("$") && !h.contains("{")) {
            out.add(h); // $HOST, ${URL}: a variable, not a host anyone can check
        }
    }

    /** Whether a host matches a policy entry: the same name, or a pattern ({@code *.example.com}). */
    static boolean matches(String entry, String host) {
        String e = entry.strip().toLowerCase(Locale.ROOT);
        return Glob.hasWildcards(e) ? Glob.matchText(e, host, true) : e.equals(host);
    }
}
