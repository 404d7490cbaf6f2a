package io.github.agentstrace.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line, read by hand from a {@link Deque} against a command's option list.
 *
 * <p>{@code --} ends the options and everything after it belongs to {@link #rest()} (a child command
 * line, untouched). Commands that wrap a child may also stop at their first positional argument, so that
 * {@code record npx server --port 3} keeps {@code --port 3} for the child.
 */
final class Args {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();
    private final List<String> rest = new ArrayList<>();
    private boolean sawDoubleDash;

    static Args parse(List<String> raw, List<Opt> spec, boolean stopAtFirstPositional) throws UsageException {
        return parse(raw, spec, stopAtFirstPositional, false);
    }

    /**
     * As {@link #parse(List, List, boolean)}; with {@code dashedWords}, a {@code -word} (one dash) that names no
     * option is a positional ({@code search}'s negations), while an unknown {@code --option} is still an error.
     */
    static Args parse(List<String> raw, List<Opt> spec, boolean stopAtFirstPositional, boolean dashedWords)
            throws UsageException {
        Args args = new Args();
        Deque<String> in = new ArrayDeque<>(raw);
        while (!in.isEmpty()) {
            String token = in.poll();
            if (token.equals("--")) {
                args.sawDoubleDash = true;
                args.rest.addAll(in);
                break;
            }
            if (token.length() < 2 || !token.startsWith("-") || isNegativeNumber(token)) {
                if (stopAtFirstPositional) {
                    args.rest.add(token);
                    args.rest.addAll(in);
                    break;
                }
                args.positionals.add(token);
                continue;
            }
            String name = token;
            String inline = null;
            int eq = token.indexOf('=');
            if (token.startsWith("--") && eq > 0) {
                name = token.substring(0, eq);
                inline = token.substring(eq + 1);
            }
            Opt opt = find(spec, name);
            if (opt == null && dashedWords && !token.startsWith("--")) {
                args.positionals.add(token);
                continue;
            }
            if (opt == null) {
                throw new UsageException("unknown option " + name + hint(name, spec));
            }
            if (opt.takesValue()) {
                String value = inline != null ? inline : in.poll();
                if (value == null) {
                    throw new UsageException("option " + opt.name() + " needs a value (" + opt.valueName() + ")");
                }
                args.values.computeIfAbsent(opt.name(), k -> new ArrayList<>()).add(value);
            } else {
                if (inline != null) {
                    throw new UsageException("option " + opt.name() + " takes no value");
                }
                args.values.computeIfAbsent(opt.name(), k -> new ArrayList<>()).add("true");
            }
        }
        return args;
    }

    private static boolean isNegativeNumber(String token) {
        return token.length() > 1 && token.charAt(0) == '-' && Character.isDigit(token.charAt(1));
    }

    private static Opt find(List<Opt> spec, String name) {
        for (Opt o : spec) {
            if (o.matches(name)) {
                return o;
            }
        }
        return null;
    }

    private static String hint(String name, List<Opt> spec) {
        List<String> names = new ArrayList<>();
        for (Opt o : spec) {
            names.add(o.name());
        }
        return DidYouMean.hint(name, names);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The last value given for an option, or null. */
    String value(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    String value(String name, String fallback) {
        String v = value(name);
        return v == null ? fallback : v;
    }

    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    int intValue(String name, int fallback, int min, int max) throws UsageException {
        String v = value(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException("option " + name + " must be between " + min + " and " + max + ", got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("option " + name + " needs a whole number, got '" + v + "'");
        }
    }

    double doubleValue(String name, double fallback, double min, double max) throws UsageException {
        String v = value(name);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= min && d <= max)) {
                throw new UsageException("option " + name + " must be between " + min + " and " + max + ", got " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("option " + name + " needs a number, got '" + v + "'");
        }
    }

    List<String> positionals() {
        return positionals;
    }

    /** At most {@code max} positionals, or a usage error naming the first extra one. */
    List<String> positionals(int max) throws UsageException {
        if (positionals.size() > max) {
            throw new UsageException("unexpected argument '" + positionals.get(max) + "'");
        }
        return positionals;
    }

    /**
     * The single optional positional, a session id: null when none was given. An empty one is a usage
     * error rather than "the latest session", which is what leaving it out means.
     */
    String optionalPositional() throws UsageException {
        List<String> p = positionals(1);
        return p.isEmpty() ? null : sessionIds().get(0);
    }

    /** The positionals as session ids (ids or unique prefixes); an empty one is a usage error. */
    List<String> sessionIds() throws UsageException {
        for (String p : positionals) {
            if (p.isBlank()) {
                throw new UsageException("empty session id (give an id or a unique prefix, or none for the latest session)");
            }
        }
        return positionals;
    }

    /** What followed {@code --} (or the first positional, for commands that stop there). */
    List<String> rest() {
        return rest;
    }

    boolean sawDoubleDash() {
        return sawDoubleDash;
    }
}
