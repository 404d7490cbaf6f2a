package io.github.agentstrace.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A glob over file paths, the one matcher of the policy's file rules and the sensitive-path list. A path is
 * a list of segments separated by {@code /}; within a segment {@code *} is any run of characters,
 * {@code ?} one character and {@code [a-z]} / {@code [!abc]} one of (or none of) a set.
 *
 * <ul>
 *   <li>A pattern without a {@code /} (a trailing one aside) matches any one segment of the path, as in
 *       {@code .gitignore}: {@code .env} matches {@code config/.env}, {@code *.pem} any {@code .pem} file,
 *       {@code secrets/} anything inside a directory called {@code secrets}.</li>
 *   <li>A pattern with a {@code /} is anchored at the project root and matched against the whole path:
 *       {@code src/*.py} matches {@code src/app.py} only, {@code **} is any number of segments (none
 *       included), so {@code src/**} matches everything below {@code src} and {@code **&#47;.ssh/**} a
 *       {@code .ssh} directory at any depth, inside the project or not.</li>
 *   <li>A pattern starting with {@code /} (or {@code ~/}, the home directory) is matched against the
 *       absolute path.</li>
 * </ul>
 * The project root is where relative paths start; an absolute path inside it is taken relative to it, one
 * outside it is matched by absolute patterns, by segment patterns and by patterns that start with
 * {@code **}. Matching is case-sensitive unless the glob was made {@link #ignoringCase}. Immutable.
 */
final class Glob {
    private enum Kind { SEGMENT, ANCHORED, ABSOLUTE }

    private final String text;
    private final Kind kind;
    private final List<Segment> segments;
    private final boolean ignoreCase;

    private Glob(String text, Kind kind, List<Segment> segments, boolean ignoreCase) {
        this.text = text;
        this.kind = kind;
        this.segments = segments;
        this.ignoreCase = ignoreCase;
    }

    /**
     * The glob of a pattern as written in a policy; {@code home} expands a leading {@code ~/} (null: no
     * expansion, the pattern is then relative).
     */
    static Glob of(String pattern, String home) {
        String p = pattern.strip().replace('\\', '/');
        if (home != null && (p.equals("~") || p.startsWith("~/"))) {
            p = trimSlash(home) + p.substring(1);
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        Kind kind;
        if (p.startsWith("/")) {
            kind = Kind.ABSOLUTE;
        } else if (p.indexOf('/') >= 0) {
            kind = Kind.ANCHORED;
            if (p.startsWith("./")) {
                p = p.substring(2);
            }
        } else {
            kind = Kind.SEGMENT;
        }
        List<Segment> segments = new ArrayList<>();
        for (String s : p.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s.equals("**") ? Segment.ANY_DEPTH : new Segment(Token.parse(s)));
            }
        }
        return new Glob(pattern, kind, List.copyOf(segments), false);
    }

    /** The same glob, matching letters of either case (for the built-in sensitive paths). */
    Glob ignoringCase() {
        return new Glob(text, kind, segments, true);
    }

    /** The pattern as written. */
    String text() {
        return text;
    }

    /** Whether the path matches. */
    boolean matches(FilePath path) {
        return switch (kind) {
            case SEGMENT -> anySegment(path.relative() != null ? path.relative() : path.absolute());
            case ABSOLUTE -> path.absolute() != null && matchSegments(path.absolute());
            case ANCHORED -> path.relative() != null ? matchSegments(path.relative())
                    : path.absolute() != null && !segments.isEmpty() && segments.get(0) == Segment.ANY_DEPTH
                    && matchSegments(path.absolute());
        };
    }

    private boolean anySegment(List<String> parts) {
        if (parts == null || segments.isEmpty()) {
            return false;
        }
        Segment only = segments.get(0);
        for (String part : parts) {
            if (only == Segment.ANY_DEPTH || only.matches(part, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pattern's segments against the path's parts. {@code **} is to segments what {@code *} is to
     * characters, so the same linear matcher serves: on a mismatch, the last {@code **} takes one more part.
     */
    private boolean matchSegments(List<String> parts) {
        int s = 0;
        int p = 0;
        int star = -1;
        int resume = 0;
        while (p < parts.size()) {
            if (s < segments.size() && segments.get(s) == Segment.ANY_DEPTH) {
                star = s++;
                resume = p;
            } else if (s < segments.size() && segments.get(s).matches(parts.get(p), ignoreCase)) {
                s++;
                p++;
            } else if (star >= 0) {
                s = star + 1;
                p = ++resume;
            } else {
                return false;
            }
        }
        while (s < segments.size() && segments.get(s) == Segment.ANY_DEPTH) {
            s++;
        }
        return s == segments.size();
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * A text matched whole against one pattern of {@link Token}s, with {@code *} crossing every character:
     * the command patterns ({@code "curl * | sh"}) and host patterns ({@code "*.example.com"}) of a policy.
     */
    static boolean matchText(String pattern, String text, boolean ignoreCase) {
        return Token.match(Token.parse(pattern), text, ignoreCase);
    }

    /** Whether a pattern has wildcards (else it is compared as plain text). */
    static boolean hasWildcards(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /** One segment of a path pattern. {@link #ANY_DEPTH} is {@code **}. */
    private record Segment(List<Token> tokens) {
        static final Segment ANY_DEPTH = new Segment(List.of());

        boolean matches(String part, boolean ignoreCase) {
            return Token.match(tokens, part, ignoreCase);
        }
    }

    /** A piece of a pattern: a literal character, {@code ?}, {@code *} or a bracket set. */
    private record Token(char kind, String chars, boolean negated) {
        static final char LITERAL = 'l';
        static final char ONE = '?';
        static final char ANY = '*';
        static final char SET = '[';

        static List<Token> parse(String s) {
            List<Token> out = new ArrayList<>(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '*') {
                    if (out.isEmpty() || out.get(out.size() - 1).kind != ANY) {
                        out.add(new Token(ANY, null, false)); // ** inside a segment is one *
                    }
                } else if (c == '?') {
                    out.add(new Token(ONE, null, false));
                } else if (c == '[' && s.indexOf(']', i + 2) > 0) {
                    int end = s.indexOf(']', i + 2);
                    String body = s.substring(i + 1, end);
                    boolean neg = body.startsWith("!") || body.startsWith("^");
                    out.add(new Token(SET, expand(neg ? body.substring(1) : body), neg));
                    i = end;
                } else {
                    out.add(new Token(LITERAL, String.valueOf(c), false));
                }
            }
            return out;
        }

        /** {@code a-cx} as {@code abcx}. */
        private static String expand(String body) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (i + 2 < body.length() && body.charAt(i + 1) == '-' && body.charAt(i + 2) >= c
                        && body.charAt(i + 2) - c < 256) {
                    for (char x = c; x <= body.charAt(i + 2); x++) {
                        sb.append(x);
                    }
                    i += 2;
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }

        boolean one(char c, boolean ignoreCase) {
            return switch (kind) {
                case ONE -> true;
                case LITERAL -> same(chars.charAt(0), c, ignoreCase);
                case SET -> {
                    boolean in = false;
                    for (int i = 0; i < chars.length() && !in; i++) {
                        in = same(chars.charAt(i), c, ignoreCase);
                    }
                    yield in != negated;
                }
                default -> false;
            };
        }

        private static boolean same(char a, char b, boolean ignoreCase) {
            return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
        }

        /**
         * The tokens against the whole text: the linear wildcard matcher (on a mismatch the last star takes
         * one more character), so no pattern can make a long command slow.
         */
        static boolean match(List<Token> tokens, String s, boolean ignoreCase) {
            int t = 0;
            int i = 0;
            int star = -1;
            int resume = 0;
            while (i < s.length()) {
                if (t < tokens.size() && tokens.get(t).kind == ANY) {
                    star = t++;
                    resume = i;
                } else if (t < tokens.size() && tokens.get(t).one(s.charAt(i), ignoreCase)) {
                    t++;
                    i++;
                } else if (star >= 0) {
                    t = star + 1;
                    i = ++resume;
                } else {
                    return false;
                }
            }
            while (t < tokens.size() && tokens.get(t).kind == ANY) {
                t++;
            }
            return t == tokens.size();
        }
    }

    /** Lower-cases for comparisons that ignore case. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
