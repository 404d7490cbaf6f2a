package io.github.agentstrace.term;

import java.util.ArrayList;
import java.util.List;

/**
 * A text table that fits the terminal: columns are measured by visible width, and when the rows do not fit
 * in the width given, the one flexible column (a name, a label) shrinks to its minimum with an ellipsis, then
 * the optional columns are dropped, least important first. Cells keep their colour; a header row is dim.
 *
 * <pre>{@code
 * Table t = new Table().left("Tool", 6).right("calls").right("p95", 2);   // p95 may be dropped first
 * t.row("Bash", "4", "105ms");
 * out.print(t.render(ansi, width, "  "));
 * }</pre>
 */
public final class Table {
    /** A cell: its text and style (an {@link Ansi} code, or "" for plain). */
    public record Cell(String text, String style) {
        public Cell {
            text = text == null ? "" : text;
            style = style == null ? "" : style;
        }
    }

    private record Column(String header, boolean left, int minWidth, int drop) {
    }

    private final List<Column> columns = new ArrayList<>();
    private final List<List<Cell>> rows = new ArrayList<>();
    private final List<String> rowStyles = new ArrayList<>();
    private int flexible = -1;

    /**
     * A left-aligned column that may shrink down to {@code minWidth} (the first such column is the one that
     * shrinks; later ones keep their width).
     */
    public Table left(String header, int minWidth) {
        if (flexible < 0) {
            flexible = columns.size();
        }
        columns.add(new Column(header, true, minWidth, 0));
        return this;
    }

    /** A left-aligned column that never shrinks. */
    public Table left(String header) {
        columns.add(new Column(header, true, Integer.MAX_VALUE, 0));
        return this;
    }

    /** A right-aligned column that is always shown. */
    public Table right(String header) {
        return right(header, 0);
    }

    /**
     * A right-aligned column; {@code drop} &gt; 0 makes it optional: when the table is too wide, columns
     * with the highest {@code drop} go first.
     */
    public Table right(String header, int drop) {
        columns.add(new Column(header, false, Integer.MAX_VALUE, drop));
        return this;
    }

    /** A row of plain cells. */
    public Table row(String... cells) {
        List<Cell> r = new ArrayList<>(cells.length);
        for (String c : cells) {
            r.add(new Cell(c, ""));
        }
        return row(r, "");
    }

    /** A row of styled cells; {@code rowStyle} (e.g. bold for a total) applies to cells without a style. */
    public Table row(List<Cell> cells, String rowStyle) {
        rows.add(List.copyOf(cells));
        rowStyles.add(rowStyle == null ? "" : rowStyle);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * The table as lines, each starting with {@code indent} and ending in a newline, at most {@code width}
     * visible columns wide ({@code width <= 0}: as wide as the cells).
     */
    public String render(Ansi ansi, int width, String indent) {
        int n = columns.size();
        int[] w = new int[n];
        for (int c = 0; c < n; c++) {
            w[c] = Line.width(columns.get(c).header);
        }
        for (List<Cell> r : rows) {
            for (int c = 0; c < n && c < r.size(); c++) {
                w[c] = Math.max(w[c], Line.width(r.get(c).text()));
            }
        }
        boolean[] shown = new boolean[n];
        java.util.Arrays.fill(shown, true);
        if (width > 0) {
            int room = width - Line.width(indent);
            int natural = flexible >= 0 ? w[flexible] : 0;
            if (total(w, shown) > room && flexible >= 0) {
                int min = Math.min(w[flexible], Math.max(Line.width(columns.get(flexible).header),
                        columns.get(flexible).minWidth));
                w[flexible] = Math.max(min, w[flexible] - (total(w, shown) - room));
            }
            while (total(w, shown) > room) {
                int victim = -1;
                for (int c = 0; c < n; c++) {
                    if (shown[c] && columns.get(c).drop > 0
                            && (victim < 0 || columns.get(c).drop > columns.get(victim).drop)) {
                        victim = c;
                    }
                }
                if (victim < 0) {
                    break; // nothing left to drop: lines are cut at the edge below
                }
                shown[victim] = false;
            }
            if (flexible >= 0 && total(w, shown) < room) {
                // Dropping columns freed room: give it back to the name.
                w[flexible] = Math.min(natural, w[flexible] + room - total(w, shown));
            }
        }
        StringBuilder sb = new StringBuilder();
        List<Cell> header = new ArrayList<>();
        for (Column c : columns) {
            header.add(new Cell(c.header, Ansi.DIM));
        }
        line(sb, header, "", w, shown, ansi, width, indent);
        for (int i = 0; i < rows.size(); i++) {
            line(sb, rows.get(i), rowStyles.get(i), w, shown, ansi, width, indent);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, List<Cell> cells, String rowStyle, int[] w, boolean[] shown, Ansi ansi,
                      int width, String indent) {
        Line line = new Line().plain(indent);
        boolean first = true;
        int pendingSpaces = 0;
        for (int c = 0; c < columns.size(); c++) {
            if (!shown[c]) {
                continue;
            }
            Cell cell = c < cells.size() ? cells.get(c) : new Cell("", "");
            String text = cell.text();
            if (Line.width(text) > w[c]) {
                text = Line.cut(text, w[c] - 1) + "…";
            }
            int pad = w[c] - Line.width(text);
            if (!first) {
                pendingSpaces += 2;
            }
            first = false;
            String style = cell.style().isEmpty() ? rowStyle : cell.style();
            if (columns.get(c).left) {
                line.plain(" ".repeat(pendingSpaces)).add(style, text);
                pendingSpaces = pad;
            } else {
                line.plain(" ".repeat(pendingSpaces + pad)).add(style, text);
                pendingSpaces = 0;
            }
        }
        sb.append(line.render(ansi, width)).append('\n');
    }

    private static int total(int[] w, boolean[] shown) {
        int t = 0;
        int count = 0;
        for (int c = 0; c < w.length; c++) {
            if (shown[c]) {
                t += w[c];
                count++;
            }
        }
        return t + Math.max(0, count - 1) * 2;
    }
}
