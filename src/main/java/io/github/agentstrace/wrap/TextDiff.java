package io.github.agentstrace.wrap;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified line diff ({@code ---}/{@code +++} headers, {@code @@} hunks, three lines of context), enough
 * to show what {@code wrap --dry-run} would change in a config file of a few hundred lines.
 */
public final class TextDiff {
    private static final int CONTEXT = 3;
    private static final int MAX_CELLS = 25_000_000;

    private TextDiff() {
    }

    /** The diff of two texts, empty when they are equal. */
    public static String unified(String before, String after, String fromName, String toName) {
        if (before.equals(after)) {
            return "";
        }
        String[] a = lines(before);
        String[] b = lines(after);
        List<char[]> ops = ops(a, b);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(fromName).append('\n');
        out.append("+++ ").append(toName).append('\n');
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i)[0] == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // Extend the hunk while changes are closer than two contexts apart.
            while (end < ops.size()) {
                if (ops.get(end)[0] != ' ') {
                    end++;
                    continue;
                }
                int run = end;
                while (run < ops.size() && ops.get(run)[0] == ' ') {
                    run++;
                }
                if (run < ops.size() && run - end <= 2 * CONTEXT) {
                    end = run;
                } else {
                    end = Math.min(ops.size(), end + CONTEXT);
                    break;
                }
            }
            appendHunk(out, ops, start, end, a, b);
            i = end;
        }
        return out.toString();
    }

    private static void appendHunk(StringBuilder out, List<char[]> ops, int start, int end, String[] a, String[] b) {
        int aLine = 0;
        int bLine = 0;
        for (int k = 0; k < start; k++) {
            char op = ops.get(k)[0];
            if (op != '+') {
                aLine++;
            }
            if (op != '-') {
                bLine++;
            }
        }
        int aCount = 0;
        int bCount = 0;
        StringBuilder body = new StringBuilder();
        int ai = aLine;
        int bi = bLine;
        for (int k = start; k < end; k++) {
            char op = ops.get(k)[0];
            switch (op) {
                case ' ' -> {
                    body.append(' ').append(a[ai++]).append('\n');
                    bi++;
                    aCount++;
                    bCount++;
                }
                case '-' -> {
                    body.append('-').append(a[ai++]).append('\n');
                    aCount++;
                }
                default -> {
                    body.append('+').append(b[bi++]).append('\n');
                    bCount++;
                }
            }
        }
        out.append("@@ -").append(range(aLine, aCount)).append(" +").append(range(bLine, bCount)).append(" @@\n");
        out.append(body);
    }

    private static String range(int start, int count) {
        return (count == 0 ? start : start + 1) + "," + count;
    }

    private static String[] lines(String text) {
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return t.isEmpty() ? new String[0] : t.replace("\r\n", "\n").split("\n", -1);
    }

    /** Edit script from a longest-common-subsequence table; whole replacement when the table would be huge. */
    private static List<char[]> ops(String[] a, String[] b) {
        List<char[]> ops = new ArrayList<>();
        if ((long) a.length * b.length > MAX_CELLS) {
            for (int i = 0; i < a.length; i++) {
                ops.add(new char[] {'-'});
            }
            for (int j = 0; j < b.length; j++) {
                ops.add(new char[] {'+'});
            }
            return ops;
        }
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                ops.add(new char[] {' '});
                i++;
                j++;
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new char[] {'-'});
                i++;
            } else {
                ops.add(new char[] {'+'});
                j++;
            }
        }
        return ops;
    }
}
