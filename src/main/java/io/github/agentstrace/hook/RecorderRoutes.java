package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.store.FilePermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the resident recorder writes each Claude session: a POSTed payload carries no environment, so the
 * command hooks that keep running as processes (SessionStart, UserPromptSubmit) note, per Claude session
 * id, the trace directory and redaction choice they resolved from theirs. One small file per session under
 * {@code <cache>/recorder/routes/} (0600 in 0700 directories, never through a link), {@code <cache>} being
 * {@code $AGENT_STRACE_CACHE_DIR}, else {@code $XDG_CACHE_HOME/agent-strace}, else
 * {@code ~/.cache/agent-strace} (where the launcher keeps its class-data archive). The recorder only writes
 * where such a file of this user says, so a POST can never choose a directory; SessionEnd removes the file.
 */
final class RecorderRoutes {
    /** Where one session's events go, as its command hooks resolved it. */
    record Route(Path traceDir, boolean noRedact) {
    }

    private final Path root;

    RecorderRoutes(Path stateDir) {
        this.root = stateDir;
    }

    /** The recorder's state directory for this environment: {@code <cache>/recorder}. */
    static Path stateDir(Map<String, String> env) {
        String cache = env.get("AGENT_STRACE_CACHE_DIR");
        if (cache == null || cache.isEmpty()) {
            String xdg = env.get("XDG_CACHE_HOME");
            if (xdg != null && !xdg.isEmpty()) {
                cache = Path.of(xdg, "agent-strace").toString();
            } else {
                String home = env.getOrDefault("HOME", System.getProperty("user.home"));
                cache = Path.of(home, ".cache", "agent-strace").toString();
            }
        }
        return Path.of(cache).toAbsolutePath().resolve("recorder");
    }

    Path root() {
        return root;
    }

    private Path file(String claudeSessionId) {
        return root.resolve("routes").resolve(HookState.safe(claudeSessionId));
    }

    /** Notes where a session's events go (replacing what was noted before). */
    void put(String claudeSessionId, Path traceDir, boolean noRedact) throws IOException {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("session_id", claudeSessionId);
        route.put("trace_dir", traceDir.toAbsolutePath().toString());
        route.put("redact", !noRedact);
        Path f = file(claudeSessionId);
        FilePermissions.createPrivateDirectories(root, f.getParent());
        FilePermissions.replace(f, Json.write(route).getBytes(StandardCharsets.UTF_8));
    }

    /** The route of a session, or null when none was noted (or the note is not one of ours). */
    Route get(String claudeSessionId) throws IOException {
        byte[] bytes;
        try {
            bytes = FilePermissions.read(file(claudeSessionId));
        } catch (NoSuchFileException e) {
            return null;
        }
        Map<String, Object> m = Json.asObject(Json.parse(bytes));
        // The file name is a hash for ids that are not plain: the id inside tells two such ids apart.
        if (!claudeSessionId.equals(m.get("session_id")) || !(m.get("trace_dir") instanceof String dir)) {
            return null;
        }
        Path traceDir = Path.of(dir);
        return traceDir.isAbsolute() ? new Route(traceDir, Boolean.FALSE.equals(m.get("redact"))) : null;
    }

    /** Forgets a session's route (its session ended; a resume notes it again). */
    void remove(String claudeSessionId) throws IOException {
        Path f = file(claudeSessionId);
        if (FilePermissions.checkExisting(f, false)) {
            Files.deleteIfExists(f);
        }
    }
}
