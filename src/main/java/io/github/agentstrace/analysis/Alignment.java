package io.github.agentstrace.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A longest common subsequence of two sequences of symbols, by Myers' O((N+M)D) difference algorithm:
 * cheap when the sequences are alike, whatever their length. Beyond {@code maxEdits} differences it gives
 * up (the sequences are too different for a call-by-call alignment to mean much) and says so.
 */
final class Alignment {
    /** One step of the alignment: both sides ({@code a} and {@code b} set), only A, or only B (the other -1). */
    record Op(int a, int b) {
        boolean same() {
            return a >= 0 && b >= 0;
        }
    }

    private Alignment() {
    }

    /** The alignment of {@code a} and {@code b}, or null when they differ in more than {@code maxEdits} places. */
    static List<Op> of(int[] a, int[] b, int maxEdits) {
        // The backtracking trace grows with the square of the differences (64 MB at 4000): find out first, in
        // constant memory, whether the sequences are alike enough to align; two unrelated sessions of a million
        // events are not, and then nothing is kept.
        if (search(a, b, maxEdits, null) < 0) {
            return null;
        }
        List<int[]> trace = new ArrayList<>();
        search(a, b, maxEdits, trace);
        return backtrack(trace, a, b, a.length, b.length);
    }

    /**
     * Myers' forward search: the number of differences, or -1 beyond {@code maxEdits}; with a {@code trace}, the
     * furthest points of every round are added to it, for {@link #backtrack}.
     */
    private static int search(int[] a, int[] b, int maxEdits, List<int[]> trace) {
        int n = a.length;
        int m = b.length;
        int max = Math.min(n + m, maxEdits);
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        for (int d = 0; d <= max; d++) {
            int[] snapshot = trace == null ? null : new int[2 * d + 1];
            for (int k = -d; k <= d; k += 2) {
                int x;
                if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) {
                    x = v[offset + k + 1];
                } else {
                    x = v[offset + k - 1] + 1;
                }
                int y = x - k;
                while (x < n && y < m && a[x] == b[y]) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    if (trace != null) {
                        snapshot[k + d] = x;
                        trace.add(snapshot);
                    }
                    return d;
                }
            }
            if (trace != null) {
                for (int k = -d; k <= d; k++) {
                    snapshot[k + d] = v[offset + k];
                }
                trace.add(snapshot);
            }
        }
        return -1;
    }

    private static List<Op> backtrack(List<int[]> trace, int[] a, int[] b, int n, int m) {
        List<Op> ops = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = trace.size() - 1; d > 0; d--) {
            int[] prev = trace.get(d - 1);
            int k = x - y;
            int prevK;
            if (k == -d || (k != d && at(prev, d - 1, k - 1) < at(prev, d - 1, k + 1))) {
                prevK = k + 1;
            } else {
                prevK = k - 1;
            }
            int prevX = at(prev, d - 1, prevK);
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                ops.add(new Op(--x, --y));
            }
            if (x == prevX) {
                ops.add(new Op(-1, --y));
            } else {
                ops.add(new Op(--x, -1));
            }
        }
        while (x > 0 && y > 0) {
            ops.add(new Op(--x, --y));
        }
        Collections.reverse(ops);
        return ops;
    }

    private static int at(int[] snapshot, int d, int k) {
        int i = k + d;
        return i < 0 || i >= snapshot.length ? -1 : snapshot[i];
    }

    /** The longest common subsequence by dynamic programming, for short sequences (phases). */
    static List<Op> small(int[] a, int[] b) {
        int n = a.length;
        int m = b.length;
        int[][] len = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                len[i][j] = a[i] == b[j] ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a[i] == b[j]) {
                ops.add(new Op(i++, j++));
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                ops.add(new Op(i++, -1));
            } else {
                ops.add(new Op(-1, j++));
            }
        }
        while (i < n) {
            ops.add(new Op(i++, -1));
        }
        while (j < m) {
            ops.add(new Op(-1, j++));
        }
        return ops;
    }

    /** Symbols for texts: equal texts get equal numbers, across both sequences. */
    static int[][] symbols(List<String> a, List<String> b) {
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        int[] x = new int[a.size()];
        int[] y = new int[b.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = ids.computeIfAbsent(a.get(i), k -> ids.size());
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = ids.computeIfAbsent(b.get(i), k -> ids.size());
        }
        return new int[][] {x, y};
    }

    static int common(List<Op> ops) {
        int c = 0;
        for (Op o : ops) {
            if (o.same()) {
                c++;
            }
        }
        return c;
    }
}
