package io.github.agentstrace.guard;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.model.DataError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds and reads policy files. A project's policy is {@code .agent-strace/policy.json}, else the
 * original's {@code .agent-scope.json}, which loads as it is. A file that is not valid JSON, or whose values
 * have the wrong type, is refused with one line naming the file and the place ({@code $.files.read.allow[2]
 * must be a string, got 3}); keys the format does not know are reported as warnings and ignored, so a file
 * written for a newer version, or by the original with fields of its own, still loads.
 */
public final class PolicyFile {
    /** The project's policy file, relative to the project directory. */
    public static final String DEFAULT = ".agent-strace/policy.json";
    /** The original's policy file, relative to the project directory. */
    public static final String ORIGINAL = ".agent-scope.json";
    /** Largest policy file read (a policy is a few hundred bytes; this only stops a wrong file). */
    static final long MAX_BYTES = 4L << 20;

    private static final Set<String> TOP = Set.of("description", "files", "commands", "network", "tools",
            "sensitive");

    /** A policy file that cannot be used; the message names the file and what is wrong. */
    public static final class Invalid extends DataError {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private PolicyFile() {
    }

    /** The policy file of a project directory, or null when it has none. */
    public static Path find(Path projectDir) {
        for (String name : List.of(DEFAULT, ORIGINAL)) {
            Path p = projectDir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** Reads a policy file, named in messages by its path. */
    public static Policy load(Path file) {
        return load(file, file.toString());
    }

    /**
     * Reads a policy file, named in messages (and as the policy's source) by its path relative to {@code dir}
     * when it is inside it, else by its absolute path.
     */
    public static Policy loadIn(Path file, Path dir) {
        Path base = dir.toAbsolutePath().normalize();
        Path abs = file.toAbsolutePath().normalize();
        return load(file, abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString());
    }

    /** Reads a policy file, named in messages (and as the policy's source) as {@code name}. */
    public static Policy load(Path file, String name) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new Invalid("policy " + name + " is larger than " + MAX_BYTES + " bytes; is it the right file?");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Invalid("policy " + name + " does not exist");
        } catch (IOException e) {
            throw new Invalid("cannot read policy " + name + ": " + e.getMessage());
        }
        return parse(bytes, name);
    }

    /** Reads a policy from its JSON text; {@code source} names it in messages. */
    public static Policy parse(byte[] json, String source) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (JsonException e) {
            throw new Invalid("policy " + source + " is not valid JSON: " + e.getMessage());
        }
        Reader r = new Reader(source);
        Map<String, Object> top = r.object(root, "$");
        r.unknown(top, "$", TOP);
        String description = r.string(top.get("description"), "$.description");
        Map<String, Object> files = r.object(top.get("files"), "$.files");
        r.unknown(files, "$.files", Set.of("read", "write"));
        Policy.Lists read = r.lists(files.get("read"), "$.files.read", Set.of());
        Policy.Lists write = r.lists(files.get("write"), "$.files.write", Set.of());
        Policy.Lists commands = r.lists(top.get("commands"), "$.commands", Set.of());
        Policy.Lists network = r.lists(top.get("network"), "$.network", Set.of("deny_all"));
        boolean denyAll = r.bool(r.object(top.get("network"), "$.network").get("deny_all"), "$.network.deny_all");
        Policy.Lists tools = r.lists(top.get("tools"), "$.tools", Set.of());
        Map<String, Object> s = r.object(top.get("sensitive"), "$.sensitive");
        r.unknown(s, "$.sensitive", Set.of("deny", "add", "ignore"));
        Policy.Sensitivity sensitive = new Policy.Sensitivity(r.bool(s.get("deny"), "$.sensitive.deny"),
                r.strings(s.get("add"), "$.sensitive.add"), r.strings(s.get("ignore"), "$.sensitive.ignore"));
        return new Policy(source, description == null ? "" : description, read, write, commands, network, denyAll,
                tools, sensitive, r.warnings);
    }

    /** Reads values against the format, naming the JSON path of whatever is wrong. */
    private static final class Reader {
        private final String source;
        private final List<String> warnings = new ArrayList<>();

        Reader(String source) {
            this.source = source;
        }

        /** An object, or an empty one when absent (null). */
        Map<String, Object> object(Object v, String path) {
            if (v == null) {
                return Map.of();
            }
            if (!(v instanceof Map<?, ?>)) {
                throw wrong(path, "an object", v);
            }
            return Json.asObject(v);
        }

        Policy.Lists lists(Object v, String path, Set<String> alsoKnown) {
            Map<String, Object> m = object(v, path);
            java.util.Set<String> known = new java.util.HashSet<>(alsoKnown);
            known.add("allow");
            known.add("deny");
            unknown(m, path, known);
            return new Policy.Lists(strings(m.get("allow"), path + ".allow"), strings(m.get("deny"), path + ".deny"));
        }

        List<String> strings(Object v, String path) {
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> list)) {
                throw wrong(path, "a list of strings", v);
            }
            List<String> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (!(item instanceof String s)) {
                    throw wrong(path + "[" + i + "]", "a string", item);
                }
                if (s.isBlank()) {
                    throw new Invalid("policy " + source + ": " + path + "[" + i + "] is empty; remove it or give a pattern");
                }
                out.add(s.strip());
            }
            return out;
        }

        String string(Object v, String path) {
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw wrong(path, "a string", v);
            }
            return s;
        }

        boolean bool(Object v, String path) {
            if (v == null) {
                return false;
            }
            if (!(v instanceof Boolean b)) {
                throw wrong(path, "true or false", v);
            }
            return b;
        }

        void unknown(Map<String, Object> m, String path, Set<String> known) {
            for (String key : m.keySet()) {
                if (!known.contains(key) && !key.startsWith("_") && !key.startsWith("$")) {
                    warnings.add("policy " + source + ": unknown key " + path + "." + key + " ignored (known: "
                            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
            }
        }

        private Invalid wrong(String path, String expected, Object got) {
            return new Invalid("policy " + source + ": " + path + " must be " + expected + ", got " + describe(got));
        }

        private static String describe(Object v) {
            String kind = v == null ? "null" : v instanceof String ? "a string" : v instanceof Boolean ? "a boolean"
                    : v instanceof Number ? "a number" : v instanceof List<?> ? "a list" : "an object";
            String text = Json.write(v);
            return (text.length() > 40 ? text.substring(0, 40) + "..." : text) + " (" + kind + ")";
        }
    }
}
