package io.github.agentstrace.term;

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
        return String.format(Locale.ROOT, dollars >= 1 ? "$%.2f" : "$%.4f", dollars);
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
