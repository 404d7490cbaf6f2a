package io.github.agentstrace.redact;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from everything on its way to disk. {@link #standard()} is on by default on every
 * capture path; {@link #disabled()} passes values through untouched.
 */
public final class Redactor {
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern OPENAI = Pattern.compile("\\bsk-[A-Za-z0-9_-]{20,}");

    private final boolean enabled;

    private Redactor(boolean enabled) {
        this.enabled = enabled;
    }

    public static Redactor standard() {
        return new Redactor(true);
    }

    public static Redactor disabled() {
        return new Redactor(false);
    }

    /**
     * The redactor for a capture path: on unless {@code --no-redact} was given or
     * {@code AGENT_TRACE_REDACT} is 0/false/no/off. ({@code --redact} and {@code AGENT_TRACE_REDACT=1} are
     * accepted and change nothing: redaction is the default.)
     */
    public static Redactor forCapture(boolean noRedactFlag, java.util.Map<String, String> env) {
        if (noRedactFlag) {
            return disabled();
        }
        String v = env.getOrDefault("AGENT_TRACE_REDACT", "").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "0", "false", "no", "off" -> disabled();
            default -> standard();
        };
    }

    public boolean enabled() {
        return enabled;
    }

    public String redact(String text) {
        if (!enabled || text == null) {
            return text;
        }
        String out = BEARER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " [REDACTED:bearer]"));
        return OPENAI.matcher(out).replaceAll("[REDACTED:openai_key]");
    }

    /** Redacts every string inside a JSON value (maps and lists are copied, not changed in place). */
    public Object redactValue(Object value) {
        if (!enabled) {
            return value;
        }
        if (value instanceof String s) {
            return redact(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
            map.forEach((k, v) -> copy.put(String.valueOf(k), redactValue(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(redactValue(v)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public TraceEvent redact(TraceEvent event) {
        if (!enabled) {
            return event;
        }
        return event.withData((Map<String, Object>) redactValue(event.data()));
    }

    public SessionMeta redact(SessionMeta meta) {
        if (!enabled) {
            return meta;
        }
        return meta.withCommand(redact(meta.command()));
    }
}
