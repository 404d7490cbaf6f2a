package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.store.FilePermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reading and replacing a Claude Code settings file. A file that is not a JSON object is refused, never
 * rewritten; the previous file is copied to {@value #BACKUP_SUFFIX} beside it before it is replaced
 * (atomically, keeping its permissions).
 */
public final class ClaudeSettingsFile {
    public static final String BACKUP_SUFFIX = ".agent-strace.bak";

    /** A settings file that cannot be merged into; the message says why, naming the file. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    private ClaudeSettingsFile() {
    }

    /** {@code <base>/.claude/settings.json}: the project's file under cwd, or the user's under HOME. */
    public static Path path(Path base) {
        return base.resolve(".claude").resolve("settings.json");
    }

    /** The settings object, or an empty one when the file does not exist. */
    public static Map<String, Object> read(Path file) throws IOException, RefusedException {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        byte[] bytes = Files.readAllBytes(file);
        Object parsed;
        try {
            parsed = Json.parse(bytes);
        } catch (JsonException e) {
            throw new RefusedException("refusing to change " + file + ": it is not valid JSON (" + e.getMessage()
                    + "); fix or move it, then run setup again");
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new RefusedException("refusing to change " + file + ": it is JSON but not an object");
        }
        return Json.asObject(parsed);
    }

    /**
     * Replaces the file with {@code settings} (pretty JSON and a newline), first copying the old one to the
     * backup. Returns the backup path, or null when there was no previous file.
     */
    public static Path write(Path file, Map<String, Object> settings) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path backup = null;
        Set<PosixFilePermission> perms = null;
        if (Files.exists(file)) {
            backup = file.resolveSibling(file.getFileName() + BACKUP_SUFFIX);
            Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            perms = FilePermissions.permissionsOf(file);
        }
        FilePermissions.writeAtomically(file, (Json.write(settings, Json.Style.PRETTY) + "\n").getBytes(StandardCharsets.UTF_8),
                perms);
        return backup;
    }
}
