package io.github.agentstrace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.testsupport.TestJar;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlignmentTest {
    /** The LCS length by the textbook dynamic program. */
    private static int lcs(int[] a, int[] b) {
        int[][] t = new int[a.length + 1][b.length + 1];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
            }
        }
        return t[a.length][b.length];
    }

    private static void assertValid(int[] a, int[] b, List<Alignment.Op> ops) {
        int ia = 0;
        int ib = 0;
        for (Alignment.Op op : ops) {
            if (op.a() >= 0) {
                assertEquals(ia++, op.a(), "A in order");
            }
            if (op.b() >= 0) {
                assertEquals(ib++, op.b(), "B in order");
            }
            if (op.same()) {
                assertEquals(a[op.a()], b[op.b()], "only equal symbols are paired");
            }
        }
        assertEquals(a.length, ia, "every A symbol once");
        assertEquals(b.length, ib, "every B symbol once");
    }

    @Test
    void myers_findsALongestCommonSubsequence_onRandomSequences() {
        SplittableRandom r = new SplittableRandom(42);
        for (int round = 0; round < 500; round++) {
            int[] a = r.ints(r.nextInt(0, 40), 0, 1 + r.nextInt(1, 6)).toArray();
            int[] b = r.ints(r.nextInt(0, 40), 0, 1 + r.nextInt(1, 6)).toArray();
            List<Alignment.Op> ops = Alignment.of(a, b, 1000);
            assertValid(a, b, ops);
            assertEquals(lcs(a, b), Alignment.common(ops), "round " + round);
            List<Alignment.Op> small = Alignment.small(a, b);
            assertValid(a, b, small);
            assertEquals(lcs(a, b), Alignment.common(small));
        }
    }

    @Test
    void myers_isCheapForLongAlikeSequences_andGivesUpOnVeryDifferentOnes() {
        int n = 200_000;
        int[] a = new int[n];
        int[] b = new int[n + 1];
        for (int i = 0; i < n; i++) {
            a[i] = i;
            b[i < 1000 ? i : i + 1] = i;
        }
        b[1000] = -1; // one call inserted
        List<Alignment.Op> ops = Alignment.of(a, b, 10);
        assertEquals(n, Alignment.common(ops));
        int[] x = {1, 2, 3, 4, 5, 6};
        int[] y = {7, 8, 9, 10, 11, 12};
        assertNull(Alignment.of(x, y, 5));
        assertTrue(Alignment.of(x, y, 12) != null);
    }

    @Test
    void myers_givesUpOnUnrelatedMillionCallSequencesWithoutTheBacktrackingTrace() throws Exception {
        // The trace for the diff's edit limit alone is (4000 + 1)^2 ints, 64 MB: giving up must not build it.
        // Two 1M-symbol sequences take 8 MB; a 32 MB heap holds them and the search, not the trace.
        String cp = Path.of(Alignment.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(AlignmentGiveUpMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process p = new ProcessBuilder(TestJar.java(), "-Xmx32m", "-XX:+UseSerialGC",
                "-cp", cp, AlignmentGiveUpMain.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("gave up", out.strip());
    }
}
