package io.github.agentstrace.term;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void fixed_roundsTheShortestDecimalHalfUpAsTheFormatterDoes() {
        assertEquals("0.4", Units.fixed(0.35, 1)); // 0.34999999999999997779... in binary
        assertEquals("0.3", Units.fixed(0.25, 1));
        assertEquals("-0.0", Units.fixed(-0.04, 1));
        assertEquals("-10.00", Units.fixed(-9.996, 2));
        assertEquals("1795477018.168", Units.fixed(1795477018.1679265, 3));
        assertEquals("3", Units.fixed(2.5, 0));
        assertEquals("12.5000", Units.fixed(12.5, 4));
    }

    @Test
    void fixed_isStringFormat() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 300_000; i++) {
            int decimals = random.nextInt(5);
            double v = switch (i % 6) {
                case 0 -> random.nextDouble() * 100; // durations, dollars
                case 1 -> random.nextLong(1_000_000) / Math.pow(10, 1 + random.nextInt(5)); // short decimals, halves
                case 2 -> (random.nextLong(2_000_000) + 0.5) / Math.pow(10, decimals); // exact and inexact ties
                case 3 -> 1.7e9 + random.nextDouble() * 1e8; // epoch seconds
                case 4 -> Double.longBitsToDouble(random.nextLong()); // anything, NaN and infinities included
                default -> -random.nextDouble() * Math.pow(10, random.nextInt(-6, 16));
            };
            String expected = String.format(Locale.ROOT, "%." + decimals + "f", v);
            assertEquals(expected, Units.fixed(v, decimals), "fixed(" + v + ", " + decimals + ")");
        }
    }

    @Test
    void usd_hasTwoDecimalsFromOneDollarAndFourBelow() {
        assertEquals("$12.35", Units.usd(12.345));
        assertEquals("$0.0123", Units.usd(0.01234));
        assertEquals("$0.0000", Units.usd(0));
        assertEquals("$1.0000", Units.usd(0.99999)); // below a dollar: four decimals, as before, even when they round up
    }
}
