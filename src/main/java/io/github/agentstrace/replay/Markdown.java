package io.github.agentstrace.replay;

import io.github.agentstrace.model.Texts;

/**
 * Turns markdown into one line of plain text for a timeline detail.
 *
 * <p>Unlike the original, emphasis markers count only at word boundaries, so identifiers such as
 * {@code test_auth.py::test_login} or {@code __init__.py} keep their underscores.
 *
 * <p>Each rule is a hand-written scan that does exactly what one regular expression did (the test keeps
 * those expressions and compares on random text): replay strips every result and response it shows, and
 * eleven {@code replaceAll} calls per event cost more than parsing the event. The rules, in order, each
 * over the previous one's output:
 * <ol>
 *   <li>fence {@code ```[^\n]*\n?(.*?)```} (dot matches all) and code {@code `([^`\n]*)`}: their text;</li>
 *   <li>bold {@code (?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])}, then italic
 *       {@code (?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])}: their text;</li>
 *   <li>the same with underscores, which must not follow {@code [\w/.]} nor precede {@code \w} or
 *       {@code .\w}: their text;</li>
 *   <li>headings {@code ^[ \t]*#{1,6}[ \t]+}: removed;</li>
 *   <li>links {@code \[([^\]\n]*)\]\(([^)\s]*)\)}: their text;</li>
 *   <li>table rules ({@code |---|:--:|}) removed, table rows {@code ^[ \t]*\|(.*)\|[ \t]*$}: their cells
 *       trimmed and joined by {@code ", "};</li>
 *   <li>list markers {@code ^[ \t]*(?:[-*+]|\d+\.)[ \t]+}: removed;</li>
 * </ol>
 * then whitespace runs become one space. {@code ^} and {@code $} are Java's multi-line anchors: a line ends at
 * {@code \n}, {@code \r}, U+0085, U+2028 or U+2029, and {@code .} matches none of those.
 */
final class Markdown {
    private Markdown() {
    }

    static String strip(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = text.indexOf('\r') >= 0 ? text.replace("\r\n", "\n") : text;
        if (s.indexOf('`') >= 0) {
            s = code(fences(s));
        }
        if (s.indexOf('*') >= 0) {
            s = emphasis(emphasis(s, '*', true), '*', false);
        }
        if (s.indexOf('_') >= 0) {
            s = emphasis(emphasis(s, '_', true), '_', false);
        }
        if (s.indexOf('#') >= 0) {
            s = headings(s);
        }
        if (s.indexOf('[') >= 0) {
            s = links(s);
        }
        if (s.indexOf('|') >= 0) {
            s = tableRows(tableRules(s));
        }
        if (mayHaveList(s)) {
            s = lists(s);
        }
        return oneLine(s);
    }

    /** Whitespace runs (newlines included) become one space; trimmed. */
    static String oneLine(String s) {
        return Texts.oneLine(s);
    }

    /** Builds the output of one rule: the input's text between matches, and each match's replacement. */
    private static final class Edit {
        private final String in;
        private StringBuilder out;
        private int copied;

        Edit(String in) {
            this.in = in;
        }

        /** Replaces {@code in[from, to)} with {@code in[keepFrom, keepTo)}. */
        void replace(int from, int to, int keepFrom, int keepTo) {
            start(from);
            out.append(in, keepFrom, keepTo);
            copied = to;
        }

        /** Replaces {@code in[from, to)} with {@code text}. */
        void replace(int from, int to, CharSequence text) {
            start(from);
            out.append(text);
            copied = to;
        }

        private void start(int from) {
            if (out == null) {
                out = new StringBuilder(in.length());
            }
            out.append(in, copied, from);
        }

        String result() {
            return out == null ? in : out.append(in, copied, in.length()).toString();
        }
    }

    /** {@code ```[^\n]*\n?(.*?)```} (dot matches all): the fenced text, without the fence line. */
    private static String fences(String s) {
        Edit edit = new Edit(s);
        int n = s.length();
        int i = s.indexOf("```");
        while (i >= 0) {
            int lineEnd = s.indexOf('\n', i + 3);
            if (lineEnd < 0) {
                lineEnd = n;
            }
            // The info string runs to the end of the line (greedy); the text starts after the newline and ends
            // at the first ``` after it. Without one, the regex backtracks into the opening line: the last ```
            // there closes an empty text.
            int body = Math.min(lineEnd + 1, n);
            int close = s.indexOf("```", body);
            if (close < 0) {
                close = s.lastIndexOf("```", lineEnd - 3);
                body = close;
            }
            if (close >= i + 3) {
                edit.replace(i, close + 3, body, close);
                i = s.indexOf("```", close + 3);
            } else {
                i = s.indexOf("```", i + 1);
            }
        }
        return edit.result();
    }

    /** {@code `([^`\n]*)`}: the code's text. */
    private static String code(String s) {
        Edit edit = new Edit(s);
        int n = s.length();
        int i = s.indexOf('`');
        while (i >= 0) {
            int p = i + 1;
            while (p < n && s.charAt(p) != '`' && s.charAt(p) != '\n') {
                p++;
            }
            if (p < n && s.charAt(p) == '`') {
                edit.replace(i, p + 1, i + 1, p);
                i = s.indexOf('`', p + 1);
            } else {
                i = s.indexOf('`', i + 1);
            }
        }
        return edit.result();
    }

    /**
     * Bold ({@code double}: two markers) or italic (one) with {@code *} or {@code _}: the text between markers
     * that open at a word boundary before a non-space and close after a non-space at a word boundary. Bold
     * text is any run of characters within a line ({@code .+?}); italic text has no marker and no newline.
     */
    private static String emphasis(String s, char marker, boolean dbl) {
        Edit edit = new Edit(s);
        int n = s.length();
        int width = dbl ? 2 : 1;
        int i = s.indexOf(marker);
        while (i >= 0) {
            int end = dbl ? (i + 1 < n && s.charAt(i + 1) == marker ? emphasisEnd(s, i, marker, true) : -1)
                    : emphasisEnd(s, i, marker, false);
            if (end >= 0) {
                edit.replace(i, end, i + width, end - width);
                i = s.indexOf(marker, end);
            } else {
                i = s.indexOf(marker, i + 1);
            }
        }
        return edit.result();
    }

    /** The end of the emphasis that opens at {@code i}, or -1 when none does. */
    private static int emphasisEnd(String s, int i, char marker, boolean dbl) {
        int n = s.length();
        boolean star = marker == '*';
        if (i > 0 && blocksOpening(s.charAt(i - 1), star)) {
            return -1;
        }
        int width = dbl ? 2 : 1;
        int text = i + width;
        if (text >= n || isSpace(s.charAt(text)) || (!dbl && s.charAt(text) == marker)) {
            return -1;
        }
        for (int e = text + 1; e < n; e++) {
            char last = s.charAt(e - 1);
            if (dbl ? isLineEnd(last) : last == marker || last == '\n') {
                return -1;
            }
            if (s.charAt(e) == marker && (!dbl || (e + 1 < n && s.charAt(e + 1) == marker)) && !isSpace(last)
                    && !blocksClosing(s, e + width, star)) {
                return e + width;
            }
        }
        return -1;
    }

    /** {@code [\w*]} before a star, {@code [\w_/.]} before an underscore. */
    private static boolean blocksOpening(char c, boolean star) {
        return isWord(c) || (star ? c == '*' : c == '/' || c == '.');
    }

    /** {@code [\w*]} after a star, {@code [\w_]} or {@code .\w} after an underscore. */
    private static boolean blocksClosing(String s, int at, boolean star) {
        if (at >= s.length()) {
            return false;
        }
        char c = s.charAt(at);
        if (isWord(c)) {
            return true;
        }
        return star ? c == '*' : c == '.' && at + 1 < s.length() && isWord(s.charAt(at + 1));
    }

    /** {@code ^[ \t]*#{1,6}[ \t]+}: removed. */
    private static String headings(String s) {
        Edit edit = new Edit(s);
        int n = s.length();
        for (int i = 0; i < n; i = nextLine(s, i)) {
            int k = skipBlanks(s, i, n);
            int hashes = k;
            while (hashes < n && s.charAt(hashes) == '#') {
                hashes++;
            }
            if (hashes > k && hashes - k <= 6 && hashes < n && isBlank(s.charAt(hashes))) {
                edit.replace(i, skipBlanks(s, hashes, n), i, i);
            }
        }
        return edit.result();
    }

    /** {@code \[([^\]\n]*)\]\(([^)\s]*)\)}: the link's text. */
    private static String links(String s) {
        Edit edit = new Edit(s);
        int n = s.length();
        int i = s.indexOf('[');
        while (i >= 0) {
            int p = i + 1;
            while (p < n && s.charAt(p) != ']' && s.charAt(p) != '\n') {
                p++;
            }
            int q = -1;
            if (p + 1 < n && s.charAt(p) == ']' && s.charAt(p + 1) == '(') {
                q = p + 2;
                while (q < n && s.charAt(q) != ')' && !isSpace(s.charAt(q))) {
                    q++;
                }
            }
            if (q >= 0 && q < n && s.charAt(q) == ')') {
                edit.replace(i, q + 1, i + 1, p);
                i = s.indexOf('[', q + 1);
            } else {
                i = s.indexOf('[', i + 1);
            }
        }
        return edit.result();
    }

    /**
     * Table rules, whole lines of
     * {@code [ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*}: removed (the line end stays).
     */
    private static String tableRules(String s) {
        Edit edit = new Edit(s);
        int n = s.length();
        for (int i = 0; i < n; i = nextLine(s, i)) {
            int end = lineEnd(s, i);
            if (isTableRule(s, i, end)) {
                edit.replace(i, end, i, i);
            }
        }
        return edit.result();
    }

    private static boolean isTableRule(String s, int from, int to) {
        int i = skipBlanks(s, from, to);
        if (i < to && s.charAt(i) == '|') {
            i++;
        }
        while (true) {
            // a cell: [ \t]*:?-{3,}:?[ \t]*
            i = skipBlanks(s, i, to);
            if (i < to && s.charAt(i) == ':') {
                i++;
            }
            int dashes = i;
            while (i < to && s.charAt(i) == '-') {
                i++;
            }
            if (i - dashes < 3) {
                return false;
            }
            if (i < to && s.charAt(i) == ':') {
                i++;
            }
            i = skipBlanks(s, i, to);
            if (i == to) {
                return true;
            }
            if (s.charAt(i) != '|') {
                return false;
            }
            i++;
            if (skipBlanks(s, i, to) == to) {
                return true; // the closing pipe
            }
        }
    }

    /** {@code ^[ \t]*\|(.*)\|[ \t]*$}: the row's cells, trimmed, joined by ", ". */
    private static String tableRows(String s) {
        Edit edit = new Edit(s);
        int n = s.length();
        for (int i = 0; i < n; i = nextLine(s, i)) {
            int end = lineEnd(s, i);
            int open = skipBlanks(s, i, end);
            if (open == end || s.charAt(open) != '|') {
                continue;
            }
            int close = s.lastIndexOf('|', end - 1);
            if (close > open && skipBlanks(s, close + 1, end) == end) {
                edit.replace(i, end, cells(s, open + 1, close));
            }
        }
        return edit.result();
    }

    /** {@code ^[ \t]*(?:[-*+]|\d+\.)[ \t]+}: removed. */
    private static String lists(String s) {
        Edit edit = new Edit(s);
        int n = s.length();
        for (int i = 0; i < n; i = nextLine(s, i)) {
            int k = skipBlanks(s, i, n);
            int after = -1;
            if (k < n && (s.charAt(k) == '-' || s.charAt(k) == '*' || s.charAt(k) == '+')) {
                after = k + 1;
            } else {
                int d = k;
                while (d < n && s.charAt(d) >= '0' && s.charAt(d) <= '9') {
                    d++;
                }
                if (d > k && d < n && s.charAt(d) == '.') {
                    after = d + 1;
                }
            }
            if (after > 0 && after < n && isBlank(s.charAt(after))) {
                edit.replace(i, skipBlanks(s, after, n), i, i);
            }
        }
        return edit.result();
    }

    /** A cheap test before the list rule: does any line start with a bullet or a number? */
    private static boolean mayHaveList(String s) {
        boolean lineStart = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (lineStart && c != ' ' && c != '\t') {
                if (c == '-' || c == '*' || c == '+' || (c >= '0' && c <= '9')) {
                    return true;
                }
                lineStart = false;
            }
            if (c == '\n') {
                lineStart = true;
            }
        }
        return false;
    }

    /** The cells of a table row's inside, split at {@code |}, each trimmed, joined by ", " once text has begun. */
    private static String cells(String s, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from + 8);
        int start = from;
        while (true) {
            int bar = s.indexOf('|', start);
            int end = bar < 0 || bar >= to ? to : bar;
            if (sb.length() > 0) { // as the original: empty leading cells leave no separator
                sb.append(", ");
            }
            int a = start;
            int b = end;
            while (a < b && s.charAt(a) <= ' ') {
                a++;
            }
            while (b > a && s.charAt(b - 1) <= ' ') {
                b--;
            }
            sb.append(s, a, b);
            if (end == to) {
                return sb.toString();
            }
            start = end + 1;
        }
    }

    /**
     * The next position after {@code i} where {@code ^} matches in multi-line mode: just after a line
     * terminator ({@code \r\n} counts as one), never at the end of the text; {@code s.length()} when none.
     */
    private static int nextLine(String s, int i) {
        int n = s.length();
        for (int k = i; k < n; k++) {
            char c = s.charAt(k);
            if (isLineEnd(c)) {
                if (c == '\r' && k + 1 < n && s.charAt(k + 1) == '\n') {
                    k++;
                }
                return k + 1;
            }
        }
        return n;
    }

    /** The position of the first line terminator at or after {@code i}, or the end of the text. */
    private static int lineEnd(String s, int i) {
        int n = s.length();
        while (i < n && !isLineEnd(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipBlanks(String s, int i, int to) {
        while (i < to && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code [ \t]}. */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** {@code \s} without the Unicode flag. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** {@code \w} without the Unicode flag. */
    private static boolean isWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** A line terminator: what {@code .} does not match and what {@code ^}/{@code $} stand next to. */
    private static boolean isLineEnd(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || (c | 1) == '\u2029';
    }
}
