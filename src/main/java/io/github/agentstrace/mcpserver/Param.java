package io.github.agentstrace.mcpserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One argument of a tool. The tool's {@code inputSchema} is generated from its params and {@link Arguments}
 * checks calls against the same params, so what a tool announces and what it accepts cannot drift apart.
 *
 * @param name        the argument's name
 * @param kind        its JSON type
 * @param description what it means, for the model
 * @param required    whether a call must give it
 * @param fallback    the value when it is left out (null: none)
 * @param min         the smallest integer accepted
 * @param max         the largest integer accepted
 * @param choices     the only strings accepted (empty: any non-blank string)
 */
record Param(String name, Kind kind, String description, boolean required, Object fallback, long min, long max,
             List<String> choices) {

    /** JSON types of arguments. */
    enum Kind {
        STRING, INTEGER, BOOLEAN,
        /** An event: its number (an integer) or its event id (a string). */
        EVENT
    }

    /** {@code session_id}: optional, the latest session when left out. */
    static Param sessionId() {
        return string("session_id", "The session: its id or a unique prefix of it (list_sessions shows them). "
                + "Leave it out for the most recently started session.");
    }

    static Param string(String name, String description) {
        return new Param(name, Kind.STRING, description, false, null, 0, 0, List.of());
    }

    static Param requiredString(String name, String description) {
        return new Param(name, Kind.STRING, description, true, null, 0, 0, List.of());
    }

    static Param choice(String name, String description, String fallback, List<String> choices) {
        return new Param(name, Kind.STRING, description, false, fallback, 0, 0, List.copyOf(choices));
    }

    static Param integer(String name, String description, long fallback, long min, long max) {
        return new Param(name, Kind.INTEGER, description, false, fallback, min, max, List.of());
    }

    static Param bool(String name, String description) {
        return new Param(name, Kind.BOOLEAN, description, false, false, 0, 0, List.of());
    }

    static Param event(String name, String description) {
        return new Param(name, Kind.EVENT, description, true, null, 0, 0, List.of());
    }

    /** {@code limit}: page size. */
    static Param limit(long fallback, long max) {
        return integer("limit", "Most items in one page (default " + fallback + ", at most " + max + ").", fallback, 1,
                max);
    }

    /** {@code cursor}: the {@code next_cursor} of the previous page. */
    /** {@code since}: only sessions started since a date, a time or an age (read by {@link SessionFacts#since}). */
    static Param since() {
        return string("since", "Only sessions started since then: a date (2026-11-24), a time (2026-11-24T10:00:00Z)"
                + " or an age (90m, 24h, 7d).");
    }

    static Param cursor() {
        return string("cursor", "The next_cursor of the previous page, unchanged; leave it out for the first page.");
    }

    /** The JSON Schema of one argument. */
    Map<String, Object> schema() {
        Map<String, Object> s = new LinkedHashMap<>();
        switch (kind) {
            case STRING -> {
                s.put("type", "string");
                s.put("minLength", 1);
                if (!choices.isEmpty()) {
                    s.put("enum", choices);
                }
            }
            case INTEGER -> {
                s.put("type", "integer");
                s.put("minimum", min);
                s.put("maximum", max);
            }
            case BOOLEAN -> s.put("type", "boolean");
            case EVENT -> {
                List<Object> either = new ArrayList<>();
                either.add(Map.of("type", "integer", "minimum", 1));
                either.add(Map.of("type", "string", "minLength", 1));
                s.put("anyOf", either);
            }
        }
        s.put("description", description);
        if (fallback != null) {
            s.put("default", fallback);
        }
        return s;
    }

    /** The {@code inputSchema} of a tool with these params: an object that takes nothing else. */
    static Map<String, Object> inputSchema(List<Param> params) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<Object> required = new ArrayList<>();
        for (Param p : params) {
            props.put(p.name(), p.schema());
            if (p.required()) {
                required.add(p.name());
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", props);
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        s.put("additionalProperties", false);
        return s;
    }
}
