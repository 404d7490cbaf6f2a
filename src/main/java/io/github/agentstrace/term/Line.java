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

    /** Visible columns of a text (the measure is {@link TerminalWidth}'s, the terminal policy's). */
    public static int width(String s) {
        return TerminalWidth.columns(s);
    }

    /** The longest prefix of {@code s} that fits in {@code columns} visible columns. */
    public static String cut(String s, int columns) {
        return TerminalWidth.cut(s, columns);
    }

    /** {@code s} cut to {@code max} characters with "..." appended when it was longer; max <= 0: no limit. */
    public static String clip(String s, int max) {
        if (max <= 0 || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max)) + "...";
    }
}
