package io.github.agentstrace.term;

import java.util.ArrayList;
import java.util.List;

/** Text wrapped at word boundaries to a width in visible columns; a word longer than the width is cut. */
public final class Paragraph {
    private Paragraph() {
    }

    /** The lines of {@code text} at most {@code width} columns wide ({@code width <= 0}: one line). */
    public static List<String> lines(String text, int width) {
        List<String> out = new ArrayList<>();
        if (width <= 0) {
            out.add(text);
            return out;
        }
        StringBuilder line = new StringBuilder();
        int used = 0;
        for (String word : text.split(" ")) {
            int w = Line.width(word);
            if (used > 0 && used + 1 + w > width) {
                out.add(line.toString());
                line.setLength(0);
                used = 0;
            }
            if (w > width) {
                word = Line.cut(word, width - 1) + "…";
                w = width;
            }
            if (used > 0) {
                line.append(' ');
                used++;
            }
            line.append(word);
            used += w;
        }
        if (used > 0 || out.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }
}
