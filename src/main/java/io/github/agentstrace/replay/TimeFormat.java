package io.github.agentstrace.replay;

import io.github.agentstrace.term.Units;
import java.util.Locale;

/** The timeline's time column: offset from the start, wall-clock time (UTC), or epoch seconds. */
public enum TimeFormat {
    /** {@code +  3.55s}, {@code +1m43.67s}, {@code +2h05m01s} from the first event (the default). */
    REL,
    /** {@code 23:36:57.170}, UTC. */
    WALL,
    /** {@code 1795477017.173}. */
    EPOCH;

    /** The value of {@code --ts}; null for an unknown word. */
    public static TimeFormat parse(String word) {
        if (word == null) {
            return null;
        }
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "rel", "relative" -> REL;
            case "wall", "clock" -> WALL;
            case "epoch", "unix" -> EPOCH;
            default -> null;
        };
    }

    String format(double ts, double base) {
        return switch (this) {
            case REL -> offset(ts - base);
            case WALL -> wall(ts);
            case EPOCH -> Units.fixed(ts, 3);
        };
    }

    /** Columns the time text takes, for aligning detail lines under the title. */
    int columns() {
        return switch (this) {
            case REL -> 8;
            case WALL -> 12;
            case EPOCH -> 14;
        };
    }

    static String offset(double seconds) {
        if (seconds < 0) {
            seconds = 0; // an event stamped before the first one (clock skew between writers)
        }
        // Hand-formatted: String.format costs more than the rest of a timeline line.
        long hundredths = Math.round(seconds * 100);
        if (hundredths < 6000) {
            String s = Units.fixed2(hundredths);
            return "+" + "      ".substring(Math.min(6, s.length())) + s + "s";
        }
        long whole = (long) seconds;
        if (seconds < 3600) {
            long minutes = hundredths / 6000;
            String rest = Units.fixed2(hundredths - minutes * 6000);
            return "+" + minutes + "m" + (rest.length() < 5 ? "0" : "") + rest + "s";
        }
        StringBuilder sb = new StringBuilder(16).append('+').append(whole / 3600).append('h');
        digits(sb, (whole % 3600) / 60, 2).append('m');
        return digits(sb, whole % 60, 2).append('s').toString();
    }

    private static String wall(double ts) {
        long millis = Math.round(ts * 1000.0);
        long dayMillis = Math.floorMod(millis, 86_400_000L);
        StringBuilder sb = new StringBuilder(12);
        digits(sb, dayMillis / 3_600_000, 2).append(':');
        digits(sb, (dayMillis / 60_000) % 60, 2).append(':');
        digits(sb, (dayMillis / 1000) % 60, 2).append('.');
        return digits(sb, dayMillis % 1000, 3).toString();
    }

    /** {@code n} (0 or more) with leading zeros to {@code width} digits, as {@code %0<width>d}. */
    private static StringBuilder digits(StringBuilder sb, long n, int width) {
        int length = 1;
        for (long rest = n; rest >= 10; rest /= 10) {
            length++;
        }
        for (int i = length; i < width; i++) {
            sb.append('0');
        }
        return sb.append(n); // StringBuilder writes the digits itself: no String per column
    }

    /** A duration for a result line: {@code 115ms}, {@code 1.51s}, {@code 2m05.3s}. */
    static String duration(double ms) {
        return Units.duration(ms);
    }
}
