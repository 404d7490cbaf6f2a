package io.github.agentstrace.redact;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A project's {@code .agent-strace/config.json}: settings that travel with the repository. Found by looking in
 * the directory a capture starts from and its parents, up to and including the first one holding {@code .git}
 * (the project's root). Only {@code privacy} is read here; other fields are left to the features that own them,
 * so the file can grow without this loader refusing it. ({@code .agent-strace/policy.json} beside it is the
 * guard's.)
 *
 * @param file    the file read; null when there is none
 * @param privacy the {@code privacy} field; null when absent
 */
public record ProjectConfig(Path file, Privacy privacy) {
    /** The directory and file names, relative to the project root. */
    public static final String DIR = ".agent-strace";
    public static final String FILE = "config.json";

    /** No file. */
    public static final ProjectConfig NONE = new ProjectConfig(null, null);

    /**
     * The config for a capture starting in {@code dir} (null: none); a {@link RedactConfigException} (a data
     * error) when the file is there but unreadable, not a JSON object or has a bad {@code privacy}.
     */
    public static ProjectConfig find(Path dir) {
        for (Path d = dir == null ? null : dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            Path file = d.resolve(DIR).resolve(FILE);
            if (Files.isRegularFile(file)) {
                return load(file);
            }
            if (Files.exists(d.resolve(".git"))) {
                break;
            }
        }
        return NONE;
    }

    /** Reads one config file. */
    public static ProjectConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new RedactConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (JsonException e) {
            throw new RedactConfigException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new RedactConfigException(file + ": expected a JSON object");
        }
        Object p = Json.asObject(root).get("privacy");
        if (p == null) {
            return new ProjectConfig(file, null);
        }
        if (!(p instanceof String s)) {
            throw new RedactConfigException(file + ": privacy must be a string (metadata, standard or full)");
        }
        try {
            return new ProjectConfig(file, Privacy.parse(s, file + ": privacy"));
        } catch (IllegalArgumentException e) {
            throw new RedactConfigException(e.getMessage());
        }
    }

    /**
     * The tier of a capture: {@code flag} (null: not given) wins, then {@value Privacy#ENV}, then the project's
     * config found from {@code dir}, else {@link Privacy#STANDARD}. A bad flag is an
     * {@link IllegalArgumentException} (a usage error); a bad variable or file a {@link RedactConfigException}.
     */
    public static Privacy resolve(String flag, Map<String, String> env, Path dir) {
        if (flag != null) {
            return Privacy.parse(flag, "--privacy");
        }
        String fromEnv = env.get(Privacy.ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            try {
                return Privacy.parse(fromEnv, Privacy.ENV);
            } catch (IllegalArgumentException e) {
                throw new RedactConfigException(e.getMessage());
            }
        }
        Privacy fromFile = find(dir).privacy();
        return fromFile != null ? fromFile : Privacy.STANDARD;
    }

    /**
     * As {@link #resolve}, for paths that must not fail (hooks): a bad setting becomes {@link Privacy#METADATA},
     * the tier that keeps least, since the user asked for something other than the default and it is not clear
     * what.
     */
    public static Privacy resolveOrMetadata(Map<String, String> env, Path dir) {
        try {
            return resolve(null, env, dir);
        } catch (RuntimeException e) {
            return Privacy.METADATA;
        }
    }
}
