package io.github.agentstrace.redact;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.model.ConfigDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The user's additions to redaction, read from a JSON file:
 *
 * <pre>{@code
 * {
 *   "patterns": [ {"name": "acme_token", "regex": "acme_[A-Za-z0-9]{32}"},
 *                 {"name": "pin", "regex": "PIN: (\\d{4})", "group": 1} ],
 *   "keys": ["x-acme-session"],
 *   "allow": ["sk-test-fixture-000000000000000000000000"],
 *   "allow_patterns": ["AKIA[A-Z0-9]{8}EXAMPLE"],
 *   "disable": ["basic_auth"]
 * }
 * }</pre>
 *
 * <p>{@code patterns} are extra secret formats (marker {@code [REDACTED:name]}; {@code group} picks the part to
 * replace, default the whole match); {@code keys} are extra sensitive key names; {@code allow} are exact strings
 * and {@code allow_patterns} whole-match regular expressions that are never redacted; {@code disable} switches
 * built-in detectors off by name. Every field is optional. The file is {@code $AGENT_STRACE_REDACT_CONFIG} when
 * set (it must then exist), else {@code $XDG_CONFIG_HOME/agent-strace/redact.json} or
 * {@code ~/.config/agent-strace/redact.json} when present. Anything invalid is a {@link RedactConfigException}
 * naming the file and the field.
 */
public record RedactConfig(List<UserPattern> patterns, List<String> keys, List<String> allow,
                           List<Pattern> allowPatterns, List<String> disable, String source) {

    /** Environment variable naming the config file. */
    public static final String ENV = "AGENT_STRACE_REDACT_CONFIG";
    /** No additions: the built-in detectors only. */
    public static final RedactConfig NONE = new RedactConfig(List.of(), List.of(), List.of(), List.of(), List.of(), "");

    private static final Set<String> FIELDS = Set.of("patterns", "keys", "allow", "allow_patterns", "disable");

    /** One extra secret format; {@code group} 0 replaces the whole match. */
    public record UserPattern(String name, Pattern regex, int group) {
    }

    public RedactConfig {
        patterns = List.copyOf(patterns);
        keys = List.copyOf(keys);
        allow = List.copyOf(allow);
        allowPatterns = List.copyOf(allowPatterns);
        disable = List.copyOf(disable);
    }

    boolean isEmpty() {
        return patterns.isEmpty() && keys.isEmpty() && allow.isEmpty() && allowPatterns.isEmpty() && disable.isEmpty();
    }

    /**
     * The config the environment points at: {@code $AGENT_STRACE_REDACT_CONFIG}, else the per-user file if it
     * exists, else {@link #NONE}.
     */
    public static RedactConfig fromEnvironment(Map<String, String> env) {
        String explicit = env.getOrDefault(ENV, "").trim();
        if (!explicit.isEmpty()) {
            return load(Path.of(explicit));
        }
        Optional<Path> user = userFile(env);
        if (user.isPresent() && Files.isRegularFile(user.get())) {
            return load(user.get());
        }
        return NONE;
    }

    /** {@code redact.json} in the user's config directory ({@link ConfigDir}). */
    static Optional<Path> userFile(Map<String, String> env) {
        return Optional.ofNullable(ConfigDir.file(env, "redact.json"));
    }

    /** Reads and validates one config file. */
    public static RedactConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new RedactConfigException("redaction config " + file + " does not exist (from " + ENV + ")");
        } catch (IOException e) {
            throw new RedactConfigException("cannot read redaction config " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses and validates config text; {@code source} names it in error messages. */
    public static RedactConfig parse(String text, String source) {
        Object root;
        try {
            root = Json.parse(text);
        } catch (JsonException e) {
            throw new RedactConfigException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new RedactConfigException(source + ": expected a JSON object");
        }
        Map<String, Object> m = Json.asObject(root);
        for (String k : m.keySet()) {
            if (!FIELDS.contains(k)) {
                throw new RedactConfigException(source + ": unknown field '" + k + "' (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        List<UserPattern> patterns = new ArrayList<>();
        List<Object> raw = array(m, "patterns", source);
        for (int i = 0; i < raw.size(); i++) {
            patterns.add(userPattern(raw.get(i), source + ": patterns[" + i + "]"));
        }
        List<Pattern> allowPatterns = new ArrayList<>();
        List<String> allowRegexes = strings(m, "allow_patterns", source);
        for (int i = 0; i < allowRegexes.size(); i++) {
            allowPatterns.add(compile(allowRegexes.get(i), source + ": allow_patterns[" + i + "]"));
        }
        return new RedactConfig(patterns, strings(m, "keys", source), strings(m, "allow", source), allowPatterns,
                strings(m, "disable", source), source);
    }

    private static UserPattern userPattern(Object o, String where) {
        if (!(o instanceof Map<?, ?>)) {
            throw new RedactConfigException(where + ": expected an object {\"name\": ..., \"regex\": ...}");
        }
        Map<String, Object> p = Json.asObject(o);
        for (String k : p.keySet()) {
            if (!Set.of("name", "regex", "group").contains(k)) {
                throw new RedactConfigException(where + ": unknown field '" + k + "' (expected name, regex, group)");
            }
        }
        String name = Json.asString(p.get("name"));
        if (!validName(name)) {
            throw new RedactConfigException(where + ".name: must be 1-40 characters of a-z, 0-9 and _, got "
                    + (p.get("name") == null ? "nothing" : Json.write(p.get("name"))));
        }
        String regex = Json.asString(p.get("regex"));
        if (regex == null || regex.isEmpty()) {
            throw new RedactConfigException(where + ".regex: a non-empty string is required");
        }
        Pattern compiled = compile(regex, where + ".regex");
        if (compiled.matcher("").matches()) {
            throw new RedactConfigException(where + ".regex: matches the empty string, so it would match everywhere");
        }
        int group = 0;
        if (p.containsKey("group")) {
            if (!(p.get("group") instanceof Number g) || g.doubleValue() != Math.floor(g.doubleValue())
                    || g.intValue() < 0) {
                throw new RedactConfigException(where + ".group: must be a non-negative integer");
            }
            group = g.intValue();
            int groups = compiled.matcher("").groupCount();
            if (group > groups) {
                throw new RedactConfigException(where + ".group: " + group + " but the regex has only " + groups
                        + " group(s)");
            }
        }
        return new UserPattern(name, compiled, group);
    }

    /** 1-40 characters of a-z, 0-9 and _ (a loop: this class is on every hook's start-up path). */
    private static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > 40) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static Pattern compile(String regex, String where) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new RedactConfigException(where + ": invalid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex() + " in " + regex, e);
        }
    }

    private static List<Object> array(Map<String, Object> m, String field, String source) {
        Object v = m.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?>)) {
            throw new RedactConfigException(source + ": " + field + ": expected an array");
        }
        return Json.asArray(v);
    }

    private static List<String> strings(Map<String, Object> m, String field, String source) {
        List<Object> raw = array(m, field, source);
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof String s) || s.isEmpty()) {
                throw new RedactConfigException(source + ": " + field + "[" + i + "]: expected a non-empty string");
            }
            out.add(s);
        }
        return out;
    }
}
