package io.github.agentstrace.term;

import io.github.agentstrace.json.Json;
import java.util.Locale;

/** How numbers read in every report: durations, dollars and counts. No {@code String.format} on hot paths. */
public final class Units {
    private Units() {
    }

    /** A duration: {@code 115ms}, {@code 1.51s}, {@code 2m05.3s}, {@code 3h07m}; {@code -} for NaN. */
    public static String duration(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        if (ms < 999.5) {
            return Math.round(Math.max(0, ms)) + "ms";
        }
        double s = ms / 1000.0;
        if (s < 59.995) {
            return fixed2(Math.round(s * 100)) + "s";
        }
        if (s < 3600) {
            long tenths = Math.round(s * 10);
            long minutes = tenths / 600;
            long rest = tenths - minutes * 600;
            return minutes + "m" + (rest < 100 ? "0" : "") + rest / 10 + "." + rest % 10 + "s";
        }
        long minutes = Math.round(s / 60);
        return minutes / 60 + "h" + (minutes % 60 < 10 ? "0" : "") + minutes % 60 + "m";
    }

    /** {@code n / 100} with two decimals, for n &gt;= 0. */
    public static String fixed2(long hundredths) {
        long frac = hundredths % 100;
        return (hundredths / 100) + (frac < 10 ? ".0" : ".") + frac;
    }

    /** Dollars: {@code $12.34} from one dollar up, {@code $0.0123} below. */
    public static String usd(double dollars) {
        return "$" + fixed(dollars, dollars >= 1 ? 2 : 4);
    }

    /** Above these magnitudes {@link #fixed} leaves the work to the formatter (see there why). */
    private static final double[] FIXED_LIMITS = {1e14, 1e13, 1e12, 1e11, 1e10, 1e9, 1e8};

    /**
     * {@code String.format(Locale.ROOT, "%.Nf", value)} for {@code N = decimals} (0 to 6), with the same text
     * but without the formatter's cost (it parses its pattern with a regular expression on every call).
     *
     * <p>The formatter rounds half up the digits of the shortest decimal that reads back as the value (JDK 17's
     * digit generator, which is not always the shortest), not the exact binary value: 0.35 gives 0.4. Below
     * {@code 10^(14-N)} two decimals with N+1 fraction digits cannot both read back as one double, so every such
     * digit string rounds the same way as the truly shortest one ({@link Json#formatNumber}) unless that one
     * ends exactly on the half (its digit N+1 is its last and a 5): then, and for larger or tiny values, the
     * formatter itself decides.
     */
    public static String fixed(double value, int decimals) {
        if (decimals < 0 || decimals >= FIXED_LIMITS.length || !(Math.abs(value) < FIXED_LIMITS[decimals])) {
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
        String repr = Json.formatNumber(value); // positional from 1e-4 up: "-12.5", "0.0001", "3.0"
        int dot = repr.indexOf('.');
        if (dot < 0 || repr.indexOf('e') >= 0) {
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
        int fraction = repr.length() - dot - 1;
        StringBuilder sb = new StringBuilder(dot + 2 + decimals);
        if (fraction <= decimals) {
            sb.append(repr, 0, decimals == 0 ? dot : repr.length());
            for (int i = fraction; i < decimals; i++) {
                sb.append('0');
            }
            return sb.toString();
        }
        char next = repr.charAt(dot + 1 + decimals);
        if (next == '5' && fraction == decimals + 1) {
            return String.format(Locale.ROOT, "%." + decimals + "f", value); // exactly on the half
        }
        sb.append(repr, 0, decimals == 0 ? dot : dot + 1 + decimals);
        if (next >= '5') {
            roundUp(sb);
        }
        return sb.toString();
    }

    /** Adds one unit in the last place of a decimal text ({@code -9.99} becomes {@code -10.00}). */
    private static void roundUp(StringBuilder sb) {
        for (int i = sb.length() - 1; i >= 0; i--) {
            char c = sb.charAt(i);
            if (c == '.') {
                continue;
            }
            if (c == '-') {
                sb.insert(i + 1, '1');
                return;
            }
            if (c != '9') {
                sb.setCharAt(i, (char) (c + 1));
                return;
            }
            sb.setCharAt(i, '0');
        }
        sb.insert(0, '1');
    }

    /** A count with thousands separators: {@code 1,234,567}. */
    public static String count(long n) {
        String digits = Long.toString(Math.abs(n));
        StringBuilder sb = new StringBuilder(digits.length() + 8);
        if (n < 0) {
            sb.append('-');
        }
        int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        sb.append(digits, 0, lead);
        for (int i = lead; i < digits.length(); i += 3) {
            sb.append(',').append(digits, i, i + 3);
        }
        return sb.toString();
    }

    /** A share: {@code 42%}; empty when the whole is zero. */
    public static String percent(double part, double whole) {
        return whole > 0 ? Math.round(100 * part / whole) + "%" : "";
    }
}
