package io.github.agentstrace.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shortest round-trip formatter: its table and integer logarithms against exact arithmetic, and its
 * output on millions of doubles (reads back, nothing shorter reads back, and the same digits as the
 * shortest-digit {@code Double.toString} of Java 19+ when such a JDK is on the machine). CPython's own
 * {@code repr} of 3,500 doubles is checked in {@link JsonWriteTest}.
 */
class ShortestDecimalTest {
    @TempDir
    Path tmp;

    @Test
    void tenPowers_are126BitApproximationsRoundedUp() {
        for (int e = TenPowers.MIN_EXPONENT; e <= TenPowers.MAX_EXPONENT; e++) {
            int r = ShortestDecimal.floorLog2Pow10(e) - 125;
            // g = ceil(10^e / 2^r) = ceil(num / den)
            BigInteger num = e >= 0 ? BigInteger.TEN.pow(e).shiftLeft(Math.max(0, -r)) : BigInteger.ONE.shiftLeft(-r);
            BigInteger den = e >= 0 ? BigInteger.ONE.shiftLeft(Math.max(0, r)) : BigInteger.TEN.pow(-e);
            BigInteger[] qr = num.divideAndRemainder(den);
            BigInteger g = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
            assertEquals(g.shiftRight(63).longValueExact(), TenPowers.high(e), "high bits of 10^" + e);
            assertEquals(g.and(BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE)).longValueExact(),
                    TenPowers.low(e), "low bits of 10^" + e);
            assertTrue(g.bitLength() == 126, "10^" + e + " has 126 bits");
        }
    }

    @Test
    void integerLogarithms_areExactOverEveryExponentADoubleHas() {
        for (int q = -1074; q <= 971; q++) {
            int k = ShortestDecimal.floorLog10Pow2(q);
            // 10^k <= 2^q < 10^(k+1)
            assertTrue(le(pow(10, k), pow(2, q)) && lt(pow(2, q), pow(10, k + 1)), "log10(2^" + q + ")");
            int k3 = ShortestDecimal.floorLog10ThreeQuartersPow2(q);
            Fraction three = pow(2, q - 2).times(3);
            assertTrue(le(pow(10, k3), three) && lt(three, pow(10, k3 + 1)), "log10(3/4 2^" + q + ")");
        }
        for (int e = TenPowers.MIN_EXPONENT; e <= TenPowers.MAX_EXPONENT; e++) {
            int r = ShortestDecimal.floorLog2Pow10(e);
            assertTrue(le(pow(2, r), pow(10, e)) && lt(pow(10, e), pow(2, r + 1)), "log2(10^" + e + ")");
        }
    }

    /** The floor of g * cp / 2^127, odd when a bit between 2^-63 and 2^-1 is set (lower ones do not count). */
    @Test
    void roundToOdd_isTheFloorWithAStickyBitAt63Bits() {
        SplittableRandom rnd = new SplittableRandom(7);
        BigInteger mask = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE.shiftLeft(64));
        for (int i = 0; i < 200_000; i++) {
            long g1 = rnd.nextLong() >>> 1;
            long g0 = i % 3 == 0 ? 0 : rnd.nextLong() >>> 1;
            long cp = i % 5 == 0 ? (rnd.nextLong() >>> 40) << 20 : rnd.nextLong() >>> 1;
            BigInteger product = BigInteger.valueOf(g1).shiftLeft(63).add(BigInteger.valueOf(g0))
                    .multiply(BigInteger.valueOf(cp));
            long floor = product.shiftRight(127).longValueExact();
            long expected = product.and(mask).signum() == 0 ? floor : floor | 1;
            assertEquals(expected, ShortestDecimal.roundToOdd(g1, g0, cp), g1 + " " + g0 + " " + cp);
        }
    }

    @Test
    void write_readsBackAndNoShorterDecimalDoes() {
        SplittableRandom rnd = new SplittableRandom(20261202);
        int checked = 0;
        for (int i = 0; i < 2_000_000; i++) {
            double d = sample(rnd, i);
            if (!Double.isFinite(d)) {
                continue;
            }
            String text = ShortestDecimal.toString(d);
            assertEquals(d, Double.parseDouble(text), text);
            Decimal ours = Decimal.of(text);
            if (ours.length() > 1) {
                // The two decimals one digit shorter on either side of ours: if any shorter decimal read
                // back, one of these would too (the doubles that read back as d form an interval).
                long down = ours.digits() / 10;
                String sign = d < 0 ? "-" : "";
                String below = sign + down + "e" + (ours.exponent() + 1);
                String above = sign + (down + 1) + "e" + (ours.exponent() + 1);
                assertNotEquals(d, Double.parseDouble(below), text + " has a shorter form " + below);
                assertNotEquals(d, Double.parseDouble(above), text + " has a shorter form " + above);
            }
            checked++;
        }
        assertTrue(checked > 1_900_000);
    }

    /**
     * Java 19+'s {@code Double.toString} gives the shortest decimal, the closest among those, except that it
     * never gives one digit where two are possible (4.9E-324 for Python's 5e-324). A JDK 19+ on the machine
     * (AGENT_STRACE_TEST_NEWER_JDK, else the newest under /usr/lib/jvm) prints the same 2,000,000 doubles.
     */
    @Test
    void write_hasTheDigitsOfANewerJdksDoubleToString() throws Exception {
        Path java = newerJava();
        Assumptions.assumeTrue(java != null, "no JDK 19+ found: set AGENT_STRACE_TEST_NEWER_JDK to check against one");
        Path src = tmp.resolve("Print.java");
        Files.writeString(src, """
                import java.util.SplittableRandom;
                public class Print {
                    public static void main(String[] a) {
                        StringBuilder sb = new StringBuilder(1 << 16);
                        SplittableRandom rnd = new SplittableRandom(Long.parseLong(a[0]));
                        int n = Integer.parseInt(a[1]);
                        for (int i = 0; i < n; i++) {
                            long bits = rnd.nextLong();
                            sb.append(Double.toString(Double.longBitsToDouble(bits))).append('\\n');
                            if (sb.length() > 60000) { System.out.print(sb); sb.setLength(0); }
                        }
                        System.out.print(sb);
                        System.out.flush();
                    }
                }
                """);
        int n = 2_000_000;
        Process p = new ProcessBuilder(java.toString(), src.toString(), "4711", Integer.toString(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> mismatches = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(4711);
        int compared = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            for (int i = 0; i < n; i++) {
                double d = Double.longBitsToDouble(rnd.nextLong());
                String theirs = r.readLine();
                if (theirs == null) {
                    break;
                }
                if (!Double.isFinite(d)) {
                    continue;
                }
                Decimal jdk = Decimal.of(theirs);
                Decimal ours = Decimal.of(ShortestDecimal.toString(d));
                boolean same = jdk.equals(ours)
                        || (d != 0 && jdk.length() == 2 && ours.length() == 1); // Java's two-digit minimum
                if (!same && mismatches.size() < 20) {
                    mismatches.add(Long.toHexString(Double.doubleToRawLongBits(d)) + ": java " + theirs + ", ours " + ours);
                }
                compared++;
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals(List.of(), mismatches);
        assertTrue(compared > 1_900_000, "compared " + compared);
    }

    /** Timestamps, durations, token-cost fractions, powers of two and their neighbours, subnormals, any bits. */
    private static double sample(SplittableRandom rnd, int i) {
        return switch (i % 8) {
            case 0 -> 1.6e9 + rnd.nextDouble() * 4e8;
            case 1 -> rnd.nextDouble() * 100_000;
            case 2 -> rnd.nextDouble() / 1000;
            case 3 -> Math.scalb(1.0, rnd.nextInt(-1074, 1024));
            case 4 -> Math.nextUp(Math.scalb(1.0, rnd.nextInt(-1074, 1023)));
            case 5 -> Math.nextDown(Math.scalb(1.0, rnd.nextInt(-1073, 1024)));
            case 6 -> i % 16 == 6 ? Double.longBitsToDouble(rnd.nextLong(1L << 52)) // subnormal
                    : Math.scalb((double) rnd.nextLong(1L << 53), rnd.nextInt(0, 40)); // large integers
            default -> Double.longBitsToDouble(rnd.nextLong());
        };
    }

    private static Path newerJava() throws IOException {
        String env = System.getenv("AGENT_STRACE_TEST_NEWER_JDK");
        if (env != null && !env.isEmpty()) {
            return Path.of(env, "bin", "java");
        }
        if (Runtime.version().feature() >= 19) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        Path best = null;
        int bestFeature = 18;
        try (Stream<Path> dirs = Files.list(jvms)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                Path release = dir.resolve("release");
                Path java = dir.resolve("bin/java");
                if (!Files.isRegularFile(release) || !Files.isExecutable(java)) {
                    continue;
                }
                for (String line : Files.readAllLines(release)) {
                    if (line.startsWith("JAVA_VERSION=")) {
                        String v = line.substring(line.indexOf('"') + 1);
                        int end = 0;
                        while (end < v.length() && Character.isDigit(v.charAt(end))) {
                            end++;
                        }
                        int feature = end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
                        if (feature > bestFeature) {
                            bestFeature = feature;
                            best = java;
                        }
                    }
                }
            }
        }
        return best;
    }

    /** |value| = digits * 10^exponent with no trailing zero in digits (0 is 0 * 10^0); length: of digits. */
    private record Decimal(long digits, int exponent, int length) {
        /** Reads a decimal as Java ({@code 1.5E-5}) or Python ({@code 1.5e-05}) writes it. */
        static Decimal of(String text) {
            int e = Math.max(text.indexOf('e'), text.indexOf('E'));
            String mantissa = e < 0 ? text : text.substring(0, e);
            int exponent = e < 0 ? 0 : Integer.parseInt(text.substring(e + 1).replace("+", ""));
            if (mantissa.startsWith("-")) {
                mantissa = mantissa.substring(1);
            }
            int dot = mantissa.indexOf('.');
            String all = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
            exponent -= dot < 0 ? 0 : mantissa.length() - dot - 1;
            int start = 0;
            while (start < all.length() - 1 && all.charAt(start) == '0') {
                start++;
            }
            int end = all.length();
            while (end > start + 1 && all.charAt(end - 1) == '0') {
                end--;
                exponent++;
            }
            long digits = Long.parseLong(all.substring(start, end));
            return digits == 0 ? new Decimal(0, 0, 1) : new Decimal(digits, exponent, end - start);
        }
    }

    // ---- exact comparisons of powers with integer exponents ----------------------------------------------

    private record Fraction(BigInteger num, BigInteger den) {
        Fraction times(int k) {
            return new Fraction(num.multiply(BigInteger.valueOf(k)), den);
        }
    }

    private static Fraction pow(int base, int exp) {
        BigInteger b = BigInteger.valueOf(base);
        return exp >= 0 ? new Fraction(b.pow(exp), BigInteger.ONE) : new Fraction(BigInteger.ONE, b.pow(-exp));
    }

    private static boolean le(Fraction a, Fraction b) {
        return a.num().multiply(b.den()).compareTo(b.num().multiply(a.den())) <= 0;
    }

    private static boolean lt(Fraction a, Fraction b) {
        return a.num().multiply(b.den()).compareTo(b.num().multiply(a.den())) < 0;
    }
}
