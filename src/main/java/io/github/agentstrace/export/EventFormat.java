package io.github.agentstrace.export;

import java.util.Locale;

/** The flat event formats of {@code export}: the original's three, byte for byte where it matters. */
public enum EventFormat {
    /** One JSON array of event objects, two-space indent, ASCII-only (Python's {@code json.dumps(indent=2)}). */
    JSON,
    /** The event lines exactly as {@code events.ndjson} holds them. */
    NDJSON,
    /** RFC 4180 CSV with CRLF line ends and the header {@link CsvEventWriter#HEADER}. */
    CSV;

    /** The format for a command-line word ({@code json}, {@code ndjson}, {@code csv}), or null. */
    public static EventFormat parse(String word) {
        if (word == null) {
            return null;
        }
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "ndjson", "jsonl" -> NDJSON;
            case "csv" -> CSV;
            default -> null;
        };
    }
}
