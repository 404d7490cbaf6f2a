package io.github.agentstrace.analysis;

/**
 * Run in a JVM with a small heap by {@link AlignmentTest}: aligns two unrelated sequences of a million symbols
 * with the diff's edit limit, and prints whether it gave up.
 */
public final class AlignmentGiveUpMain {
    private AlignmentGiveUpMain() {
    }

    public static void main(String[] args) {
        int n = 1_000_000;
        int[] a = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
            b[i] = n + i;
        }
        System.out.println(Alignment.of(a, b, SessionDiff.MAX_EDITS) == null ? "gave up" : "aligned");
    }
}
