package io.github.agentstrace.term;

import java.util.ArrayList;
import java.util.List;

/**
 * One output line built from styled pieces, so that it can be cut to the terminal width by visible
 * columns before any escape code is added (cutting a styled string would split escapes).
 */
public final class Line {
    private static final String ELLIPSIS = "…";

    private record Piece(String style, String text) {
    }

    private final List<Piece> pieces = new ArrayList<>(8);

    /** Appends text in a style (one of the {@link Ansi} codes, possibly concatenated, or "" for plain). */
    public Line add(String style, String text) {
        if (text != null && !text.isEmpty()) {
            pieces.add(new Piece(style, text));
        }
        return this;
    }

    public Line plain(String text) {
        return add("", text);
    }

    /** Appends a space then the text, when the text is not empty. */
    public Line word(String style, String text) {
        if (text != null && !text.isEmpty()) {
            if (!pieces.isEmpty()) {
                pieces.add(new Piece("", " "));
            }
            pieces.add(new Piece(style, text));
        }
        return this;
    }

    /**
     * The line with colour when {@code ansi} is enabled, cut to {@code width} visible columns (an ellipsis
     * marks the cut); {@code width <= 0} means no limit.
     */
    public String render(Ansi ansi, int width) {
        StringBuilder sb = new StringBuilder(96);
        int used = 0;
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            String text = p.text;
            boolean cut = false;
            if (width > 0) {
                int w = width(text);
                boolean last = i == pieces.size() - 1;
                if (used + w > width || (!last && used + w == width && restWidth(i + 1) > 0)) {
                    text = cut(text, width - used - 1) + ELLIPSIS;
                    cut = true;
                }
                used += w;
            }
            if (p.style.isEmpty() || !ansi.enabled()) {
                sb.append(text);
            } else {
                sb.append(p.style).append(text).append(Ansi.RESET);
            }
            if (cut) {
                break;
            }
        }
        return sb.toString();
    }

    private int restWidth(int from) {
        int w = 0;
        for (int i = from; i < pieces.size(); i++) {
            w += width(pieces.get(i).text);
        }
        return w;
    }

    /**
     * An already styled line cut to {@code width} visible columns: escape sequences are copied but not
     * counted, and a reset follows the ellipsis so a cut inside a coloured span does not bleed.
     */
    public static String fit(String styled, int width) {
        if (width <= 0) {
            return styled;
        }
        int visible = 0;
        boolean styledSeen = false;
        StringBuilder sb = new StringBuilder(styled.length());
        int i = 0;
        while (i < styled.length()) {
            char ch = styled.charAt(i);
            if (ch == '\033' && i + 1 < styled.length() && styled.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < styled.length() && !Character.isLetter(styled.charAt(end))) {
                    end++;
                }
                end = Math.min(end + 1, styled.length());
                sb.append(styled, i, end);
                styledSeen = true;
                i = end;
                continue;
            }
            int cp = styled.codePointAt(i);
            int c = columns(cp);
            if (visible + c > width - 1 && width(Ansi.strip(styled.substring(i))) > width - visible) {
                sb.append(ELLIPSIS);
                if (styledSeen) {
                    sb.append(Ansi.RESET);
                }
                return sb.toString();
            }
            visible += c;
            sb.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** Visible columns of a text: wide (emoji, CJK) code points count two, combining marks none. */
    public static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += columns(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    private static int columns(int cp) {
        if (cp < 0x300) {
            return cp < 0x20 ? 0 : 1;
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || cp == 0xFE0F) {
            return 0;
        }
        if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
            return 2;
        }
        return 1;
    }

    /** The longest prefix of {@code s} that fits in {@code columns} visible columns. */
    public static String cut(String s, int columns) {
        if (columns <= 0) {
            return "";
        }
        int w = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int c = columns(cp);
            if (w + c > columns) {
                break;
            }
            w += c;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /** {@code s} cut to {@code max} characters with "..." appended when it was longer; max <= 0: no limit. */
    public static String clip(String s, int max) {
        if (max <= 0 || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max)) + "...";
    }
}
