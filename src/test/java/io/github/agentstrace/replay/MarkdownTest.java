package io.github.agentstrace.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.agentstrace.model.Texts;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MarkdownTest {
    @Test
    void strip_keepsUnderscoresInIdentifiers() {
        assertEquals("FAILED tests/test_auth.py::test_login - AssertionError: expected True",
                Markdown.strip("FAILED tests/test_auth.py::test_login - AssertionError: expected **True**"));
        assertEquals("__init__.py and snake_case_name and MAX_VALUE", Markdown.strip("__init__.py and snake_case_name and MAX_VALUE"));
        assertEquals("a*b*c stays", Markdown.strip("a*b*c stays"));
    }

    @Test
    void strip_removesEmphasisAtWordBoundaries() {
        assertEquals("bold italic under strong code", Markdown.strip("**bold** *italic* _under_ __strong__ `code`"));
    }

    @Test
    void strip_headingsListsLinksTablesAndFences() {
        assertEquals("Title item one item two see docs a, b 1, 2 x = 1 after",
                Markdown.strip("## Title\n\n- item one\n1. item two\n\nsee [docs](https://x.y)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n```py\nx = 1\n```\nafter"));
    }

    @Test
    void strip_handlesEmptyAndNull() {
        assertEquals("", Markdown.strip(null));
        assertEquals("", Markdown.strip("  \n "));
    }

    @Test
    void strip_followsTheRegularExpressionsInTheirCorners() {
        // A fence with no ``` after its line closes at the last ``` of that line, with nothing inside.
        assertEquals("a b", Markdown.strip("a ```x``` b"));
        assertEquals("keep `open", Markdown.strip("keep ```open")); // then two backticks are empty code
        // Seven hashes are no heading; a heading needs a blank after its hashes.
        assertEquals("####### seven #tag", Markdown.strip("####### seven\n#tag"));
        // ^ also starts a line after a lone \r or U+2028, and . stops there.
        assertEquals("title **a b**", Markdown.strip("\r# title\u2028**a\u2028b**"));
        assertEquals("x, y", Markdown.strip(" | x | y |  "));
        assertEquals("keep", Markdown.strip("|:---|---:|\nkeep"));
        assertEquals("a __b__.c", Markdown.strip("a __b__.c")); // a closing marker must not precede a word or .word
    }

    /** The rules compared with the regular expressions they replace, on random text made of markdown's characters. */
    @Test
    void strip_isWhatTheRegularExpressionsDid() {
        String[] pieces = {"*", "**", "_", "__", "`", "```", "#", "## ", "[", "]", "(", ")", "](", "|", "---", ":",
                "-", "+", "1.", "12. ", " ", "  ", "\t", "\n", "\r", "\r\n", "\u2028", "\u0085", ".", "/", "a", "bc",
                "x_y", "é", "😀", "\u000B", "\f", "7"};
        SplittableRandom random = new SplittableRandom(20251202);
        StringBuilder sb = new StringBuilder();
        for (int round = 0; round < 100_000; round++) {
            sb.setLength(0);
            int length = 1 + random.nextInt(round % 10 == 0 ? 60 : 14);
            for (int i = 0; i < length; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            assertEquals(Reference.strip(text), Markdown.strip(text), () -> "for " + escape(text));
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return sb.append('"').toString();
    }

    /** The regular expressions Markdown used to apply, kept as the definition of its rules. */
    private static final class Reference {
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
            return Texts.oneLine(s);
        }

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
}
