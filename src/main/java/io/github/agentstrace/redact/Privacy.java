package io.github.agentstrace.redact;

import java.util.Locale;

/**
 * How much of a session is kept, chosen per session with {@code --privacy}, {@value #ENV} or the project's
 * {@code .agent-strace/config.json} ({@link ProjectConfig}); the default is {@link #STANDARD}.
 *
 * <ul>
 *   <li>{@link #METADATA}: event types, timings, tool names, outcomes, token counts, cost, models and file
 *       paths; no prompt text, tool inputs or outputs, assistant text, error messages or decision reasons
 *       ({@link MetadataOnly}). Redaction still runs over what is kept.</li>
 *   <li>{@link #STANDARD}: everything the capture path records, each field capped, secrets redacted.</li>
 *   <li>{@link #FULL}: as standard, with the hook's per-field cap lifted; still redacted unless
 *       {@code --no-redact}.</li>
 * </ul>
 */
public enum Privacy {
    METADATA("metadata"),
    STANDARD("standard"),
    FULL("full");

    /** Environment variable naming the tier. */
    public static final String ENV = "AGENT_STRACE_PRIVACY";

    private final String wire;

    Privacy(String wire) {
        this.wire = wire;
    }

    /** The name in flags, files and sidecars. */
    public String wire() {
        return wire;
    }

    /**
     * The tier named {@code text} (any case, surrounding blanks ignored); an {@link IllegalArgumentException}
     * whose message names what was wrong and the three right values.
     */
    public static Privacy parse(String text, String source) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Privacy p : values()) {
            if (p.wire.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException(source + ": unknown privacy tier '" + text
                + "' (expected metadata, standard or full)");
    }

    /** The tier of a stored wire name; {@link #STANDARD} for anything else (older sessions have none). */
    public static Privacy ofStored(String wire) {
        for (Privacy p : values()) {
            if (p.wire.equals(wire)) {
                return p;
            }
        }
        return STANDARD;
    }

    @Override
    public String toString() {
        return wire;
    }
}
