package io.github.agentstrace.replay;

import io.github.agentstrace.model.Texts;

import java.util.regex.Pattern;

/**
 * Turns markdown into one line of plain text for a timeline detail.
 *
 * <p>Unlike the original, emphasis markers count only at word boundaries, so identifiers such as
 * {@code test_auth.py::test_login} or {@code __init__.py} keep their underscores.
 */
final class Markdown {
    private static final Pattern FENCE = Pattern.compile("```[^\\n]*\\n?(.*?)```", Pattern.DOTALL);
    private static final Pattern BOLD = Pattern.compile("(?<![\\w*])\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*(?![\\w*])");
    private static final Pattern BOLD_U = Pattern.compile("(?<![\\w_/.])__(?=\\S)(.+?)(?<=\\S)__(?![\\w_]|\\.\\w)");
    private static final Pattern ITALIC = Pattern.compile("(?<![\\w*])\\*(?=[^\\s*])([^*\\n]+?)(?<=\\S)\\*(?![\\w*])");
    private static final Pattern ITALIC_U = Pattern.compile("(?<![\\w_/.])_(?=[^\\s_])([^_\\n]+?)(?<=\\S)_(?![\\w_]|\\.\\w)");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]*)`");
    private static final Pattern HEADING = Pattern.compile("(?m)^[ \\t]*#{1,6}[ \\t]+");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]*)\\]\\(([^)\\s]*)\\)");
    private static final Pattern TABLE_RULE = Pattern.compile("(?m)^[ \\t]*\\|?[ \\t]*:?-{3,}:?[ \\t]*(\\|[ \\t]*:?-{3,}:?[ \\t]*)*\\|?[ \\t]*$");
    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^[ \\t]*\\|(.*)\\|[ \\t]*$");
    private static final Pattern LIST = Pattern.compile("(?m)^[ \\t]*(?:[-*+]|\\d+\\.)[ \\t]+");

    private Markdown() {
    }

    static String strip(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = text.replace("\r\n", "\n");
        if (s.indexOf('`') >= 0) {
            s = FENCE.matcher(s).replaceAll(m -> quote(m.group(1)));
            s = CODE.matcher(s).replaceAll(m -> quote(m.group(1)));
        }
        if (s.indexOf('*') >= 0) {
            s = BOLD.matcher(s).replaceAll(m -> quote(m.group(1)));
            s = ITALIC.matcher(s).replaceAll(m -> quote(m.group(1)));
        }
        if (s.indexOf('_') >= 0) {
            s = BOLD_U.matcher(s).replaceAll(m -> quote(m.group(1)));
            s = ITALIC_U.matcher(s).replaceAll(m -> quote(m.group(1)));
        }
        if (s.indexOf('#') >= 0) {
            s = HEADING.matcher(s).replaceAll("");
        }
        if (s.indexOf('[') >= 0) {
            s = LINK.matcher(s).replaceAll(m -> quote(m.group(1)));
        }
        if (s.indexOf('|') >= 0) {
            s = TABLE_RULE.matcher(s).replaceAll("");
            s = TABLE_ROW.matcher(s).replaceAll(m -> quote(cells(m.group(1))));
        }
        if (mayHaveList(s)) {
            s = LIST.matcher(s).replaceAll("");
        }
        return oneLine(s);
    }

    /** A cheap test before the list regex: does any line start with a bullet or a number? */
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

    /** Whitespace runs (newlines included) become one space; trimmed. */
    static String oneLine(String s) {
        return Texts.oneLine(s);
    }

    private static String cells(String row) {
        String[] parts = row.split("\\|", -1);
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(p.trim());
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return java.util.regex.Matcher.quoteReplacement(s);
    }
}
