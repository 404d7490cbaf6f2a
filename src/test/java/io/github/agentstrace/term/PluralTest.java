package io.github.agentstrace.term;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PluralTest {
    @Test
    void count_singularForExactlyOne() {
        assertEquals("1 error", Plural.count(1, "error"));
        assertEquals("0 errors", Plural.count(0, "error"));
        assertEquals("2 errors", Plural.count(2, "error"));
        assertEquals("1 entry", Plural.count(1, "entry", "entries"));
        assertEquals("3 entries", Plural.count(3, "entry", "entries"));
        assertEquals("turns", Plural.noun(1_000, "turn"));
        assertEquals("turn", Plural.noun(1, "turn"));
    }
}
