package io.github.agentstrace.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's agent-strace configuration directory, from the environment alone: {@code $XDG_CONFIG_HOME/agent-strace}
 * when that variable holds an absolute path (the XDG base directory rules ignore a relative one), else
 * {@code $HOME/.config/agent-strace}; none when neither is set. The redaction config ({@code redact.json}) and
 * the registry of trace directories ({@code trace-dirs}) live there. Nothing here touches the disk.
 */
public final class ConfigDir {
    /** The directory's name under the config home. */
    public static final String NAME = "agent-strace";

    private ConfigDir() {
    }

    /** The directory, or null when the environment names no config home. */
    public static Path of(Map<String, String> env) {
        String xdg = env.getOrDefault("XDG_CONFIG_HOME", "").trim();
        if (!xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, NAME);
        }
        String home = env.getOrDefault("HOME", "").trim();
        return home.isEmpty() ? null : Path.of(home, ".config", NAME);
    }

    /** A file in the directory, or null when there is no directory. */
    public static Path file(Map<String, String> env, String name) {
        Path dir = of(env);
        return dir == null ? null : dir.resolve(name);
    }
}
