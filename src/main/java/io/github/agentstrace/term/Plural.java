package io.github.agentstrace.term;

/**
 * Counted nouns for what a person reads: {@code count(1, "error")} is {@code "1 error"}, {@code count(2,
 * "error")} is {@code "2 errors"}, {@code count(1204, "token")} is {@code "1,204 tokens"}. Nouns whose
 * plural is not the singular plus "s" pass both forms.
 */
public final class Plural {
    private Plural() {
    }

    /** The noun for {@code n} things: the singular for exactly one, else the singular plus "s". */
    public static String noun(long n, String singular) {
        return n == 1 ? singular : singular + "s";
    }

    /** The noun for {@code n} things, with an irregular plural. */
    public static String noun(long n, String singular, String plural) {
        return n == 1 ? singular : plural;
    }

    /** {@code n} (with thousands separators) and its noun: {@code "1 session"}, {@code "1,204 tokens"}. */
    public static String count(long n, String singular) {
        return Units.count(n) + " " + noun(n, singular);
    }

    /** {@code n} and its noun, with an irregular plural. */
    public static String count(long n, String singular, String plural) {
        return Units.count(n) + " " + noun(n, singular, plural);
    }
}
