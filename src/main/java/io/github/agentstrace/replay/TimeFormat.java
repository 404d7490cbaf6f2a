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
            case EPOCH -> String.format(Locale.ROOT, "%.3f", ts);
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
        long hundredths = Math.round(seconds * 100);
        if (hundredths < 6000) {
            // Hand-formatted: String.format costs more than the rest of a timeline line.
            String s = Units.fixed2(hundredths);
            return "+" + "      ".substring(Math.min(6, s.length())) + s + "s";
        }
        long whole = (long) seconds;
        if (seconds < 3600) {
            long minutes = hundredths / 6000;
            String rest = Units.fixed2(hundredths - minutes * 6000);
            return "+" + minutes + "m" + (rest.length() < 5 ? "0" : "") + rest + "s";
        }
        return String.format(Locale.ROOT, "+%dh%02dm%02ds", whole / 3600, (whole % 3600) / 60, whole % 60);
    }

    private static String wall(double ts) {
        long millis = Math.round(ts * 1000.0);
        long dayMillis = Math.floorMod(millis, 86_400_000L);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", dayMillis / 3_600_000, (dayMillis / 60_000) % 60,
                (dayMillis / 1000) % 60, dayMillis % 1000);
    }

    /** A duration for a result line: {@code 115ms}, {@code 1.51s}, {@code 2m05.3s}. */
    static String duration(double ms) {
        return Units.duration(ms);
    }
}
