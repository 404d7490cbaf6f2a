package io.github.agentstrace.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextDiffTest {
    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) {
            sb.append(i).append('\n');
        }
        return sb.toString();
    }

    @Test
    void unified_mergesChangesCloserThanTwoContexts() {
        String a = lines(1, 10);
        String b = lines(1, 4) + "five\n" + lines(6, 11);
        assertEquals("""
                --- a
                +++ b
                @@ -2,9 +2,10 @@
                 2
                 3
                 4
                -5
                +five
                 6
                 7
                 8
                 9
                 10
                +11
                """, TextDiff.unified(a, b, "a", "b"));
    }

    @Test
    void unified_separatesDistantChangesIntoHunks() {
        String a = lines(1, 20);
        String b = "zero\n" + lines(1, 19) + "20b\n";
        assertEquals("""
                --- a
                +++ b
                @@ -1,3 +1,4 @@
                +zero
                 1
                 2
                 3
                @@ -17,4 +18,4 @@
                 17
                 18
                 19
                -20
                +20b
                """, TextDiff.unified(a, b, "a", "b"));
    }

    @Test
    void unified_isEmptyForEqualTexts() {
        assertEquals("", TextDiff.unified("x\n", "x\n", "a", "b"));
    }
}
