package io.github.agentstrace.redact;

import java.util.Set;

/**
 * {@code KEY=value} and {@code key: value} inside text whose key is sensitive: {@code .env} and ini lines,
 * shell assignments, URL query parameters, connection strings ({@code Password=...;}), YAML, HTTP header lines,
 * and JSON or Python dicts held as text ({@code "api_key": "..."}, also with escaped quotes).
 *
 * <p>It is a hand-written scan from each {@code =} and {@code :} outwards rather than a regular expression,
 * because what counts as a value depends on the surroundings, and code must survive: {@code password = getpass()},
 * {@code password: str}, {@code f(password=password)}, {@code self.token = token} and {@code password == other}
 * are not secrets, while quoted literals ({@code password = "hunter2"}) are.
 */
final class KeyValueDetector implements Detector {
    private static final int PRIORITY = 8;
    private static final int MAX_KEY = 100;
    private static final Set<String> LINE_WORDS =
            Set.of("export", "set", "setenv", "ENV", "env", "declare", "readonly");

    /** Scheme words alone are not credentials: {@code default_token='Bearer'}. */
    private static final Set<String> SCHEMES = Set.of("bearer", "basic", "digest", "token", "negotiate", "bot");

    /** Option words that sensitive names take as values in APIs: fetch's {@code credentials: 'include'}. */
    private static final Set<String> OPTIONS = Set.of("include", "omit", "sameorigin", "none", "required", "optional",
            "enabled", "disabled", "auto", "hidden", "masked");

    private final SensitiveKeys keys;

    KeyValueDetector(SensitiveKeys keys) {
        this.keys = keys;
    }

    @Override
    public String name() {
        return "key_value";
    }

    @Override
    public String[] triggers() {
        return keys.hasExtra() ? new String[0] : SensitiveKeys.STEMS;
    }

    @Override
    public void find(String s, Spans spans) {
        int n = s.length();
        for (int p = 0; p < n; p++) {
            char c = s.charAt(p);
            if (c != '=' && c != ':') {
                continue;
            }
            char next = p + 1 < n ? s.charAt(p + 1) : 0;
            char prev = p > 0 ? s.charAt(p - 1) : 0;
            boolean colon;
            int valueFrom;
            if (c == ':') {
                if (next == ':' || next == '/' || prev == ':') {
                    continue; // scope operator, URL scheme
                }
                colon = next != '=';
                valueFrom = colon ? p + 1 : p + 2; // `:=` assigns
            } else {
                if (next == '=' || next == '>' || next == '~') {
                    p++; // comparison, arrow, match operator
                    continue;
                }
                if (prev != 0 && "!<>=+-*/%&|^".indexOf(prev) >= 0) {
                    continue;
                }
                colon = false;
                valueFrom = p + 1;
            }
            int end = inspect(s, p, colon, valueFrom, spans);
            if (end > p) {
                p = end - 1;
            }
        }
    }

    /** Looks at one separator; returns the end of a recorded value (to skip past it) or -1. */
    private int inspect(String s, int sep, boolean colon, int valueFrom, Spans spans) {
        int n = s.length();
        int q = sep - 1;
        while (q >= 0 && (s.charAt(q) == ' ' || s.charAt(q) == '\t')) {
            q--;
        }
        if (q < 0) {
            return -1;
        }
        boolean spaceBefore = q < sep - 1;
        int keyStart;
        int keyEnd;
        int before;
        boolean quotedKey = false;
        char kq = s.charAt(q);
        if (kq == '"' || kq == '\'') {
            boolean esc = q > 0 && s.charAt(q - 1) == '\\';
            keyEnd = esc ? q - 1 : q;
            int limit = Math.max(0, keyEnd - MAX_KEY);
            int r = keyEnd - 1;
            while (r >= limit && s.charAt(r) != kq && s.charAt(r) != '\n') {
                r--;
            }
            if (r < limit || s.charAt(r) != kq) {
                return -1;
            }
            keyStart = r + 1;
            int open = r;
            if (esc) {
                if (r == 0 || s.charAt(r - 1) != '\\') {
                    return -1;
                }
                keyStart = r + 1;
                open = r - 1;
            }
            before = open - 1;
            quotedKey = true;
        } else if (kq == ']' && q >= 2 && (s.charAt(q - 1) == '"' || s.charAt(q - 1) == '\'')) {
            // a subscript: os.environ["API_KEY"] = "...", headers['Authorization'] = ...
            char quote = s.charAt(q - 1);
            keyEnd = q - 1;
            int limit = Math.max(0, keyEnd - MAX_KEY);
            int r = keyEnd - 1;
            while (r >= limit && s.charAt(r) != quote && s.charAt(r) != '\n') {
                r--;
            }
            if (r < 1 || r < limit || s.charAt(r) != quote || s.charAt(r - 1) != '[') {
                return -1;
            }
            keyStart = r + 1;
            before = r - 2;
        } else {
            keyEnd = q + 1;
            int r = q;
            while (r >= 0 && isKeyChar(s.charAt(r)) && keyEnd - r <= MAX_KEY && !isEscapedBreak(s, r - 1)) {
                r--;
            }
            keyStart = r + 1;
            if (keyStart == keyEnd) {
                return -1;
            }
            before = r;
        }
        String key = s.substring(keyStart, keyEnd);
        String type = keys.classify(key);
        if (type == null) {
            return -1;
        }
        char pre = before >= 0 ? s.charAt(before) : '\n';
        boolean lineStart = atLineStart(s, before, 2);
        if (colon && !quotedKey && !lineStart && key.indexOf('.') > 0) {
            return -1; // a dict keyed by a constant: {Attribute.PASSWORD: "challengePassword"}
        }
        int t = before;
        while (t >= 0 && (s.charAt(t) == ' ' || s.charAt(t) == '\t')) {
            t--;
        }
        char preToken = t >= 0 ? s.charAt(t) : '\n';

        int v = valueFrom;
        while (v < n && (s.charAt(v) == ' ' || s.charAt(v) == '\t')) {
            v++;
        }
        if (v >= n) {
            return -1;
        }
        boolean spaceAfter = v > valueFrom;
        char vc = s.charAt(v);
        if (vc == '"' || vc == '\'' || vc == '`'
                || (vc == '\\' && v + 1 < n && (s.charAt(v + 1) == '"' || s.charAt(v + 1) == '\''))) {
            boolean esc = vc == '\\';
            char quote = esc ? s.charAt(v + 1) : vc;
            if (!quotedKey && !esc && quote == pre) {
                return -1; // the quote closes the string the key is in: print("Password: " + pw)
            }
            int vs = v + (esc ? 2 : 1);
            int ve = closingQuote(s, vs, quote, esc);
            if (ve < 0) {
                return -1;
            }
            int after = ve + (esc ? 2 : 1);
            if (after < n && Character.isLetterOrDigit(s.charAt(after))) {
                return -1; // not a literal on its own: "Password: " + x + "y"
            }
            if (isOperatorAfter(s, after)) {
                return -1; // an expression: "Basic " + encoded, "%s" % x, '{0}'.format(x)
            }
            String val = s.substring(vs, ve);
            if (Checks.isPlaceholder(val) || isDirectory(key, val) || !hasLetterOrDigit(val) || isColor(val)
                    || isNameOrOption(key, val)
                    || SCHEMES.contains(val.toLowerCase(java.util.Locale.ROOT))) {
                return -1; // Token: "#d8dee9" (a style sheet), default_token='Bearer'
            }
            spans.add(vs, ve, type, PRIORITY);
            return ve;
        }
        if (vc == '{' || vc == '[' || vc == '(' || vc == '\n' || vc == '\r') {
            return -1; // an object, array or expression, or nothing on this line
        }
        if (colon && (quotedKey || !spaceAfter)) {
            // JSON's unquoted values are numbers and literals, a dict's are code ({'auth': auth}); header and YAML
            // values follow a blank ("passwd:gid" is a name)
            return -1;
        }
        return colon ? colonValue(s, v, type, key, pre, quotedKey, lineStart, spans)
                : equalsValue(s, v, type, key, preToken, lineStart, spaceBefore || spaceAfter, spans);
    }

    /** {@code key: value} without quotes: YAML and header lines, quoted headers ({@code -H "X-Api-Key: v"}), JSON. */
    private static int colonValue(String s, int v, String type, String key, char pre, boolean quotedKey,
                                  boolean lineStart, Spans spans) {
        boolean headerQuoted = pre == '"' || pre == '\'';
        boolean identifier = !(quotedKey || lineStart || headerQuoted) && isIdentifierKey(key);
        if (!(quotedKey || lineStart || headerQuoted || identifier)) {
            return -1; // prose: "enter your password: ..."
        }
        int n = s.length();
        int end = v;
        if (identifier) {
            while (end < n && !isTerminator(s.charAt(end)) && !isEscapedBreak(s, end)) {
                end++;
            }
        } else if (headerQuoted && !quotedKey) {
            while (end < n && s.charAt(end) != pre && s.charAt(end) != '\n' && s.charAt(end) != '\r'
                    && !isEscapedBreak(s, end)) {
                end++;
            }
        } else if (quotedKey) {
            while (end < n && ",}] \t\r\n".indexOf(s.charAt(end)) < 0 && !isEscapedBreak(s, end)) {
                end++;
            }
        } else {
            while (end < n && s.charAt(end) != '\n' && s.charAt(end) != '\r' && !isEscapedBreak(s, end)) {
                end++;
            }
            for (int h = v; h + 1 < end; h++) {
                if (s.charAt(h) == ' ' && s.charAt(h + 1) == '#') {
                    end = h; // a YAML comment
                    break;
                }
            }
        }
        while (end > v && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        String val = s.substring(v, end);
        boolean header = type.equals("authorization") || type.equals("cookie");
        if (val.isEmpty() || Checks.isPlaceholder(val) || isDirectory(key, val)) {
            return -1;
        }
        if (hasAny(val, "\"'`")) {
            return -1; // an f-string or concatenation: "Authorization": f"Bearer {token}"
        }
        String bare = stripTrailingPunctuation(val);
        if ((identifier || isCamelCase(key)) && Checks.isWordLike(bare)) {
            return -1; // refreshToken: newToken; withCredentials: kEnumerableProperty; "a Set-Cookie: header."
        }
        if (Checks.isCodeWord(bare) || !hasLetterOrDigit(val) || isNameOrOption(key, bare)) {
            return -1;
        }
        if (header && (Checks.isWordLike(bare) || Checks.isIdentifierPath(bare, true) || hasAny(val, "()[]{}|&"))) {
            return -1; // auth: parsedURL.username || parsedURL.password
        }
        if (!header) {
            if (Checks.isCodeWord(val) || val.endsWith(";") || val.endsWith(",")
                    || hasAny(val, " \t([{<)]") || Checks.isIdentifierPath(val, true)) {
                return -1; // a type annotation, a call, a sentence
            }
        }
        int start = v;
        if (type.equals("authorization")) {
            start = afterScheme(s, v, end);
            if (Markers.isMarkerAt(s, start) || Checks.isPlaceholder(s.substring(start, end))) {
                return -1;
            }
        }
        spans.add(start, end, type, PRIORITY);
        return end;
    }

    /** {@code KEY=value} without quotes: .env, shell, URL query, connection strings, command-line flags. */
    private static int equalsValue(String s, int v, String type, String key, char pre, boolean lineStart,
                                   boolean spaced, Spans spans) {
        int n = s.length();
        int end = v;
        while (end < n && !isTerminator(s.charAt(end)) && !isEscapedBreak(s, end)) {
            end++;
        }
        char term = end < n ? s.charAt(end) : 0;
        if (term == '(' || term == '[' || term == '{') {
            return -1; // a call or an index: code
        }
        String val = s.substring(v, end);
        if (val.isEmpty() || Checks.isPlaceholder(val) || isDirectory(key, val)
                || Checks.isIdentifierPath(val, true)) {
            return -1;
        }
        if (Checks.isLiteralKeyword(val) || !hasLetterOrDigit(val) || isNameOrOption(key, val)) {
            return -1; // credentials=None
        }
        boolean code = spaced || pre == '(' || pre == ',' || pre == '$' || (key.indexOf('.') >= 0 && !lineStart)
                || ((term == ',' || term == ')') && Checks.isWordLike(val));
        if (code && (!Checks.looksRandom(val) || isNumber(val))) {
            // password = user_password, f(password=password), ERROR_TOKEN = 60, UNEXPECTED_TOKEN = /^.../;
            // an ini line's generated value (aws_secret_access_key = wJalr...) still goes
            return -1;
        }
        spans.add(v, end, type, PRIORITY);
        return end;
    }

    /** The key's own name as its value ({@code USE_CREDENTIALS = 'use-credentials'}), or a fetch option. */
    private static boolean isNameOrOption(String key, String val) {
        if (val.length() > 40) {
            return false;
        }
        String v = SensitiveKeys.normalise(val);
        return v.isEmpty() || (v.length() >= 4 && SensitiveKeys.normalise(key).endsWith(v)) || OPTIONS.contains(v);
    }

    /** {@code withCredentials}, {@code accessToken}: a program's name, not a configuration file's. */
    private static boolean isCamelCase(String key) {
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 'A' && c <= 'Z' && Character.isLowerCase(key.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isColor(String v) {
        if (v.length() < 4 || v.length() > 9 || v.charAt(0) != '#') {
            return false;
        }
        for (int i = 1; i < v.length(); i++) {
            if (Character.digit(v.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** After a closing quote (and spaces): {@code +}, {@code %}, {@code .method} or {@code [}: an expression. */
    private static boolean isOperatorAfter(String s, int i) {
        int n = s.length();
        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        if (i >= n) {
            return false;
        }
        char c = s.charAt(i);
        return c == '+' || c == '%' || c == '[' || (c == '.' && i + 1 < n && Character.isLetter(s.charAt(i + 1)));
    }

    private static boolean hasLetterOrDigit(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (Character.isLetterOrDigit(v.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static String stripTrailingPunctuation(String v) {
        int end = v.length();
        while (end > 0 && ".,;:!?".indexOf(v.charAt(end - 1)) >= 0) {
            end--;
        }
        return v.substring(0, end);
    }

    /** Keeps the scheme of an Authorization value readable: {@code Bearer [REDACTED:authorization]}. */
    static int afterScheme(CharSequence s, int from, int end) {
        int i = from;
        while (i < end && Character.isLetter(s.charAt(i))) {
            i++;
        }
        if (i == from || i - from > 12 || i >= end || s.charAt(i) != ' ') {
            return from;
        }
        int j = i;
        while (j < end && s.charAt(j) == ' ') {
            j++;
        }
        return j < end ? j : from;
    }

    /**
     * {@code ANTHROPIC_API_KEY}, {@code apiKey}, {@code X-Api-Key}: a name no sentence uses, so {@code name: value}
     * in the middle of a log line is an assignment, not prose.
     */
    private static boolean isIdentifierKey(String key) {
        boolean separator = false;
        boolean innerUpper = false;
        boolean lower = false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '_' || (c == '-' && i > 0)) {
                separator = true;
            } else if (c >= 'A' && c <= 'Z' && i > 0 && lower) {
                innerUpper = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            }
        }
        return separator || innerUpper;
    }

    /** {@code PWD} and {@code OLDPWD} are directories in every shell, not passwords. */
    private static boolean isDirectory(String key, String val) {
        if (!(val.startsWith("/") || val.startsWith("~"))) {
            return false;
        }
        String k = SensitiveKeys.normalise(key);
        return k.equals("pwd") || k.equals("oldpwd");
    }

    private static boolean atLineStart(String s, int i, int words) {
        while (i >= 0 && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i--;
        }
        if (i < 0 || s.charAt(i) == '\n' || s.charAt(i) == '\r' || isEscapedBreak(s, i - 1)) {
            return true;
        }
        if (words == 0) {
            return false;
        }
        if (s.charAt(i) == '-') {
            return atLineStart(s, i - 1, words - 1); // a YAML list item: - KEY=value
        }
        int e = i;
        while (i >= 0 && Character.isLetter(s.charAt(i))) {
            i--;
        }
        return e > i && LINE_WORDS.contains(s.substring(i + 1, e + 1)) && atLineStart(s, i, words - 1);
    }

    private static int closingQuote(String s, int from, char quote, boolean escaped) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return -1;
            }
            if (c == '\\') {
                if (escaped && i + 1 < n && s.charAt(i + 1) == quote) {
                    return i;
                }
                i++;
                continue;
            }
            if (c == quote && !escaped) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A {@code \n} or {@code \r} escape at {@code i}: text that was JSON-encoded twice (a tool's JSON output
     * held in a string) keeps its line breaks as escapes, and its lines must end there too.
     */
    private static boolean isEscapedBreak(String s, int i) {
        return i >= 0 && i + 1 < s.length() && s.charAt(i) == '\\'
                && (s.charAt(i + 1) == 'n' || s.charAt(i + 1) == 'r');
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.';
    }

    private static boolean isTerminator(char c) {
        return c <= ' ' || "&;\"'`,)}]<>|([{".indexOf(c) >= 0;
    }

    private static boolean hasAny(String v, String chars) {
        for (int i = 0; i < v.length(); i++) {
            if (chars.indexOf(v.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
