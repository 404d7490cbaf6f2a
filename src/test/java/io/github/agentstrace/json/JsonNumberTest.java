package io.github.agentstrace.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonNumberTest {
    private static void same(String text) {
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)),
                Double.doubleToRawLongBits(JsonNumber.parseDouble(text)), text);
    }

    @Test
    void doubleValue_isTheJdksOnWhatTracesHold() {
        for (String t : new String[] {"1795477018.1679265", "1795477018.014381", "6423.072814941406",
                "264.74642753601074", "0", "-0", "-0.0", "0.0", "1", "-1", "12.5", "0.1", "0.3", "123456789012345678",
                "999999999999999999", "0.000000000000000001", "1.7976931348623157e308", "1e-5", "5E3", "-2.5e-3",
                "9007199254740993", "9007199254740993.0", "4503599627370496.5", "2251799813685248.25",
                "2251799813685248.75", "1125899906842624.125", "0.30000000000000004", "4.35", "1.000000000000000001",
                "12345678901234567890", "0.1000000000000000055511151231257827"}) {
            same(t);
        }
    }

    /** Random decimals of up to 19 digits at every point position, and the shapes of timestamps and durations. */
    @Test
    void doubleValue_isTheJdksOnRandomDecimals() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 2_000_000; i++) {
            String digits;
            switch (i % 4) {
                case 0 -> digits = Long.toString(random.nextLong(1, Long.MAX_VALUE) >>> random.nextInt(63));
                case 1 -> digits = Long.toString(1_700_000_000_000_000L + random.nextLong(200_000_000_000_000L));
                case 2 -> digits = Long.toString(random.nextLong(1L << 53, 1_000_000_000_000_000_000L));
                default -> digits = Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(-3, 12)))
                        .replace(".", "").replace("E", "").replace("-", "");
            }
            int point = random.nextInt(digits.length() + 1);
            String text = (i % 3 == 0 ? "-" : "") + (point == 0 ? "0" : digits.substring(0, point))
                    + (point < digits.length() ? "." + digits.substring(point) : "");
            same(text);
        }
    }

    /** Exact midpoints between neighbouring doubles, and the values just beside them and beside powers of two. */
    @Test
    void doubleValue_isTheJdksAtTiesAndPowersOfTwo() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            double d = i % 2 == 0 ? Math.scalb(1.0, random.nextInt(-20, 55)) : random.nextDouble() * Math.pow(10,
                    random.nextInt(-2, 15));
            for (double x : new double[] {d, Math.nextDown(d), Math.nextUp(d)}) {
                java.math.BigDecimal exact = new java.math.BigDecimal(x);
                java.math.BigDecimal up = new java.math.BigDecimal(Math.nextUp(x));
                java.math.BigDecimal mid = exact.add(up).divide(java.math.BigDecimal.valueOf(2));
                for (java.math.BigDecimal v : new java.math.BigDecimal[] {exact, mid}) {
                    String s = v.toPlainString();
                    for (int cut : new int[] {s.length(), Math.min(s.length(), 19), Math.min(s.length(), 18),
                            Math.min(s.length(), 17)}) {
                        String t = s.substring(0, cut);
                        if (!t.endsWith(".")) {
                            same(t);
                        }
                    }
                }
            }
        }
    }
}
