package io.github.agentstrace.mcpserver;

import io.github.agentstrace.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one tool call, checked against the tool's {@link Param}s before the tool runs: no unknown
 * names, the right JSON types, integers in range, strings not blank and among the choices. Anything else is
 * a {@link BadArgument} naming the argument and what it should be.
 */
final class Arguments {
    private final Map<String, Object> values;

    private Arguments(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * Checks {@code raw} (the call's {@code arguments}; null when the call gave none) and fills in defaults.
     */
    static Arguments of(Object raw, List<Param> params) throws BadArgument {
        if (raw != null && !(raw instanceof Map<?, ?>)) {
            throw new BadArgument("arguments must be an object of named values, got " + Json.write(raw));
        }
        Map<String, Object> given = Json.asObject(raw);
        Map<String, Param> byName = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Param p : params) {
            byName.put(p.name(), p);
            names.add(p.name());
        }
        for (String key : given.keySet()) {
            if (!byName.containsKey(key)) {
                throw new BadArgument("unknown argument '" + key + "'"
                        + (names.isEmpty() ? "; this tool takes none" : "; it takes " + String.join(", ", names)));
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (Param p : params) {
            Object v = given.get(p.name());
            if (v == null) {
                if (p.required()) {
                    throw new BadArgument("missing argument '" + p.name() + "': " + p.description());
                }
                values.put(p.name(), p.fallback());
                continue;
            }
            values.put(p.name(), check(p, v));
        }
        return new Arguments(values);
    }

    private static Object check(Param p, Object v) throws BadArgument {
        switch (p.kind()) {
            case STRING -> {
                if (!(v instanceof String s) || s.isBlank()) {
                    throw new BadArgument("argument '" + p.name() + "' must be a non-empty string"
                            + choices(p) + ", got " + shown(v));
                }
                if (!p.choices().isEmpty() && !p.choices().contains(s)) {
                    throw new BadArgument("argument '" + p.name() + "' must be one of " + String.join(", ", p.choices())
                            + ", got " + shown(v));
                }
                return s;
            }
            case INTEGER -> {
                Long n = integer(v);
                if (n == null || n < p.min() || n > p.max()) {
                    throw new BadArgument("argument '" + p.name() + "' must be a whole number from " + p.min() + " to "
                            + p.max() + ", got " + shown(v));
                }
                return n;
            }
            case BOOLEAN -> {
                if (!(v instanceof Boolean)) {
                    throw new BadArgument("argument '" + p.name() + "' must be true or false, got " + shown(v));
                }
                return v;
            }
            case EVENT -> {
                Long n = integer(v);
                if (n != null && n >= 1) {
                    return Long.toString(n);
                }
                if (v instanceof String s && !s.isBlank()) {
                    return s.strip();
                }
                throw new BadArgument("argument '" + p.name() + "' must be an event number (1 or more) or an event id"
                        + " such as \"7d7d6a4bf42b\", got " + shown(v));
            }
        }
        throw new IllegalStateException(p.kind().name());
    }

    private static String choices(Param p) {
        return p.choices().isEmpty() ? "" : " (" + String.join(", ", p.choices()) + ")";
    }

    /** A JSON number with no fraction, as a long; else null. */
    private static Long integer(Object v) {
        if (!(v instanceof Number n)) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(n.toString());
            return d.stripTrailingZeros().scale() <= 0 ? d.longValueExact() : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static String shown(Object v) {
        String s = Json.write(v);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** A string argument, or null when left out without a default. */
    String string(String name) {
        return (String) values.get(name);
    }

    long integer(String name) {
        return (Long) values.get(name);
    }

    boolean flag(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }
}
