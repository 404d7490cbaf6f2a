package io.github.agentstrace.wrap;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.store.FilePermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reading, backing up and replacing config files. A replacement is written to a temporary file in the
 * same directory and renamed over the original, keeping its permissions, so a crash leaves either the old
 * or the new file, never half of one. Symbolic links are followed: the file they point at is replaced.
 */
public final class ConfigFiles {
    /** Suffix of the backup {@code wrap} writes beside the config. */
    public static final String BACKUP_SUFFIX = ".agent-strace.bak";

    private ConfigFiles() {
    }

    public static Path backupOf(Path config) {
        return config.resolveSibling(config.getFileName() + BACKUP_SUFFIX);
    }

    /** The file as text (strict UTF-8). */
    public static String read(Path file) {
        try {
            return Json.decodeUtf8(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JsonException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** The file as text, or null when it does not exist or cannot be read. */
    public static String readIfPresent(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return read(file);
        } catch (ConfigException e) {
            return null;
        }
    }

    /** Copies {@code config} to its backup, replacing an older backup. Returns the backup path. */
    public static Path backup(Path config) {
        Path backup = backupOf(config);
        try {
            Files.copy(config, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            return backup;
        } catch (IOException e) {
            throw new ConfigException("cannot write backup " + backup + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file's content atomically, keeping its POSIX permissions. */
    public static void replace(Path config, String text) {
        Path target;
        try {
            target = config.toRealPath();
        } catch (IOException e) {
            throw new ConfigException("cannot write " + config + ": " + e.getMessage(), e);
        }
        try {
            // The user's file keeps its own mode; the new content replaces the old in one rename.
            FilePermissions.writeAtomically(target, text.getBytes(StandardCharsets.UTF_8),
                    FilePermissions.permissionsOf(target));
        } catch (IOException e) {
            throw new ConfigException("cannot write " + config + ": " + e.getMessage(), e);
        }
    }

    /** Writes a config file that does not exist yet (0600: it may come to hold tokens in {@code env}). */
    public static void create(Path config, String text) {
        try {
            FilePermissions.writeAtomically(config, text.getBytes(StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new ConfigException("cannot write " + config + ": " + e.getMessage(), e);
        }
    }

    /** Removes the backup (after an exact restore made it redundant). */
    public static void deleteBackup(Path config) {
        try {
            Files.deleteIfExists(backupOf(config));
        } catch (IOException e) {
            throw new ConfigException("cannot delete " + backupOf(config) + ": " + e.getMessage(), e);
        }
    }
}
