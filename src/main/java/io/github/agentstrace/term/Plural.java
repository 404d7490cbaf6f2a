package io.github.agentstrace.term;

/** {@code 1 error}, {@code 2 errors}, {@code 1,204 tokens}: a count with its noun in the right number. */
public final class Plural {
    private Plural() {
    }

    public static String of(long n, String noun) {
        String count = Units.count(n);
        return count + " " + (n == 1 ? noun : noun.endsWith("s") ? noun + "es" : noun + "s");
    }
}
