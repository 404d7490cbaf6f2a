package io.github.agentstrace.mcpserver;

import io.github.agentstrace.analysis.Explanation;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.session.SessionView;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What several tools say about a session, said once: its headline with its start time, ages and dates. */
final class SessionFacts {
    /** Most subagent sessions listed with a session (its headline counts them all). */
    static final int SUBAGENTS_LISTED = 50;

    private SessionFacts() {
    }

    /** {@code explain}'s headline of the session, then when it started (ISO-8601, UTC). */
    static Map<String, Object> headline(SessionView view) {
        Map<String, Object> m = new LinkedHashMap<>(Explanation.of(view).headline());
        m.put("started_at", iso(view.meta().startedAt()));
        return m;
    }

    /** Epoch seconds as ISO-8601 UTC with milliseconds. */
    static String iso(double epochSeconds) {
        return Instant.ofEpochMilli(Math.round(epochSeconds * 1000)).toString();
    }

    /** Top-level sessions, most recently started first: those without a parent in the directory. */
    static List<SessionMeta> topLevel(SessionTree tree) {
        return tree.all().stream().filter(m -> m.parentSessionId().isEmpty()
                || m.parentSessionId().equals(m.sessionId()) || !tree.exists(m.parentSessionId())).toList();
    }

    /**
     * A {@code since} argument as epoch seconds: a date ({@code 2026-11-24}, midnight UTC), a time
     * ({@code 2026-11-24T10:00:00Z}, or without zone: UTC), or an age before now ({@code 90m}, {@code 24h},
     * {@code 7d}, {@code 2w}).
     */
    static double since(String value, double nowSeconds) throws BadArgument {
        String v = value.strip();
        try {
            if (v.matches("\\d+[smhdw]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                Duration d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
                return nowSeconds - d.toMillis() / 1000.0;
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            }
            String upper = v.toUpperCase(Locale.ROOT);
            if (upper.endsWith("Z") || upper.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(upper).toInstant().toEpochMilli() / 1000.0;
            }
            return LocalDateTime.parse(upper).toInstant(ZoneOffset.UTC).toEpochMilli() / 1000.0;
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new BadArgument("argument 'since' must be a date (2026-11-24), a time (2026-11-24T10:00:00Z)"
                    + " or an age such as 90m, 24h or 7d, got \"" + value + "\"");
        }
    }
}
