package io.github.agentstrace.hook;

import io.github.agentstrace.model.Ids;
import io.github.agentstrace.store.FilePermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * State shared between hook processes, in small files under {@code <session>/.hook/}, keyed by what the
 * payload carries. Every operation touches a constant number of files (or lists a directory holding only
 * calls still in flight), whatever the size of the session.
 *
 * <pre>
 * &lt;session&gt;/.hook/pending/id-&lt;tool_use_id&gt;             an open tool call: "&lt;event_id&gt; &lt;timestamp&gt;"
 * &lt;session&gt;/.hook/pending/name-&lt;tool&gt;-&lt;nanos&gt;-&lt;id&gt;  the same, for payloads without tool_use_id (FIFO per tool)
 * &lt;main&gt;/.hook/spawn/&lt;nanos&gt;-&lt;tool_use_id&gt;           an Agent/Task call whose subagent has not started:
 *                                                   "&lt;event_id&gt; &lt;spawning session&gt; &lt;subagent_type&gt;"
 * &lt;main&gt;/.hook/agents/&lt;agent_id&gt;                      the exact spawning call of a subagent, from PostToolUse
 * </pre>
 *
 * Files are written to a unique temporary name ({@code .<name>.<hex>.tmp}) and renamed into place, so a
 * reader sees all or nothing; a taker claims an entry by renaming it ({@code .<name>.taken-<id>}), so two
 * processes never take the same one. Names starting with a dot are such temporaries; a hook killed between
 * the two steps leaves one behind, and {@link #clearSession} removes them. Nothing here is read or written
 * through a symbolic link ({@link FilePermissions}).
 */
final class HookState {
    static final String DIR = ".hook";
    private static final String PENDING = "pending";
    private static final String SPAWN = "spawn";
    private static final String AGENTS = "agents";

    /** An open call as stored: its event id and our timestamp (epoch seconds). */
    record Open(String eventId, double timestamp, String extra1, String extra2) {
    }

    /**
     * What {@link #clearSession} removed: open calls that never got a result, and temporaries of hooks
     * that were stopped between writing and renaming (or claiming and deleting).
     */
    record Cleared(int openCalls, int strayFiles) {
        String describe() {
            return openCalls + " tool call" + (openCalls == 1 ? "" : "s") + " that never got a result and "
                    + strayFiles + " temporary file" + (strayFiles == 1 ? "" : "s") + " of hooks stopped mid-write";
        }
    }

    private final Path root;

    HookState(Path traceRoot) {
        this.root = traceRoot;
    }

    private Path dir(String sessionId, String kind) {
        return root.resolve(sessionId).resolve(DIR).resolve(kind);
    }

    // ---- open tool calls -------------------------------------------------------------------------------

    void putPending(String sessionId, String toolUseId, String toolName, String eventId, double ts, long nanos)
            throws IOException {
        Path d = dir(sessionId, PENDING);
        String name = toolUseId != null
                ? "id-" + safe(toolUseId)
                : "name-" + safe(toolName) + "-" + pad(nanos) + "-" + eventId;
        write(d, name, eventId + " " + ts);
    }

    /** Takes (removes) the open call for a tool_use_id; null when there is none. */
    Open takePending(String sessionId, String toolUseId, String claimant) throws IOException {
        return claim(dir(sessionId, PENDING).resolve("id-" + safe(toolUseId)), claimant);
    }

    /** Takes the oldest open call of a tool recorded without a tool_use_id; null when there is none. */
    Open takeOldestByName(String sessionId, String toolName, String claimant) throws IOException {
        String prefix = "name-" + safe(toolName) + "-";
        for (Path p : sorted(dir(sessionId, PENDING), prefix)) {
            Open o = claim(p, claimant);
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    /**
     * At session end: forgets the open calls and unstarted spawns of a session (they will never finish) and
     * removes the temporaries that killed hooks left in its state directories. Subagent links stay, for a
     * resumed session. A hook still running for this session loses its state (a result then has no
     * duration unless the payload gives one), never its event.
     */
    Cleared clearSession(String sessionId) throws IOException {
        int open = 0;
        int stray = 0;
        for (String kind : new String[] {PENDING, SPAWN, AGENTS}) {
            for (Path p : entries(dir(sessionId, kind))) {
                boolean temporary = p.getFileName().toString().startsWith(".");
                if (temporary || !kind.equals(AGENTS)) {
                    Files.deleteIfExists(p);
                    if (temporary) {
                        stray++;
                    } else if (kind.equals(PENDING)) {
                        open++;
                    }
                }
            }
        }
        return new Cleared(open, stray);
    }

    // ---- subagent spawning -----------------------------------------------------------------------------

    void putSpawn(String mainSessionId, String toolUseId, String eventId, String spawningSession,
                  String subagentType, long nanos) throws IOException {
        String key = toolUseId != null ? safe(toolUseId) : eventId;
        write(dir(mainSessionId, SPAWN), pad(nanos) + "-" + key,
                eventId + " " + spawningSession + " " + (subagentType == null ? "-" : safe(subagentType)));
    }

    /**
     * Claims the oldest unclaimed spawning call, preferring one whose subagent type matches: a subagent's
     * start carries no tool_use_id, so this is the best link available until PostToolUse names the agent.
     * Returns {@code Open(eventId, 0, spawningSession, subagentType)} or null.
     */
    Open claimSpawn(String mainSessionId, String agentType, String claimant) throws IOException {
        List<Path> all = sorted(dir(mainSessionId, SPAWN), "");
        String wanted = agentType == null ? null : safe(agentType);
        if (wanted != null) {
            for (Path p : all) {
                Open peek = read(p);
                if (peek != null && wanted.equals(peek.extra2())) {
                    Open o = claim(p, claimant);
                    if (o != null) {
                        return o;
                    }
                }
            }
        }
        for (Path p : all) {
            Open o = claim(p, claimant);
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    /** Drops the spawn entry of a finished Agent call (its subagent never started, or already linked). */
    void dropSpawn(String mainSessionId, String toolUseId) throws IOException {
        if (toolUseId == null) {
            return;
        }
        String suffix = "-" + safe(toolUseId);
        for (Path p : sorted(dir(mainSessionId, SPAWN), "")) {
            if (p.getFileName().toString().endsWith(suffix)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Remembers which call spawned a subagent: {@code "<event_id> <spawning session>"}. */
    void putAgentLink(String mainSessionId, String agentId, String eventId, String spawningSession)
            throws IOException {
        write(dir(mainSessionId, AGENTS), safe(agentId), eventId + " " + spawningSession + " -");
    }

    /** The exact spawning call of a subagent, if PostToolUse named it already; else null. */
    Open agentLink(String mainSessionId, String agentId) throws IOException {
        return read(dir(mainSessionId, AGENTS).resolve(safe(agentId)));
    }

    // ---- files -----------------------------------------------------------------------------------------

    private void write(Path dir, String name, String content) throws IOException {
        FilePermissions.createPrivateDirectories(root, dir);
        try {
            FilePermissions.replace(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            // The session ended meanwhile and its state was cleared: the state is moot, the event still counts.
        }
    }

    private static Open claim(Path p, String claimant) throws IOException {
        Path taken = p.resolveSibling("." + p.getFileName() + ".taken-" + claimant);
        try {
            FilePermissions.moveReplacing(p, taken);
        } catch (NoSuchFileException e) {
            return null; // nobody put it there, or another process took it first
        }
        try {
            return read(taken);
        } finally {
            Files.deleteIfExists(taken);
        }
    }

    private static Open read(Path p) throws IOException {
        String text;
        try {
            text = new String(FilePermissions.read(p), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        String[] parts = split(text.trim());
        if (parts.length < 2 || parts[0].isEmpty()) {
            return null;
        }
        double ts = 0;
        String extra1 = null;
        String extra2 = null;
        if (parts.length == 2) {
            try {
                ts = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            extra1 = parts[1];
            extra2 = parts[2];
        }
        return new Open(parts[0], ts, extra1, extra2);
    }

    private static String[] split(String s) {
        List<String> out = new ArrayList<>(3);
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == ' ') {
                if (i > start) {
                    out.add(s.substring(start, i));
                }
                start = i + 1;
            }
        }
        return out.toArray(new String[0]);
    }

    /** Entries whose names start with {@code prefix}, skipping temporaries, in name order. */
    private static List<Path> sorted(Path dir, String prefix) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : entries(dir)) {
            String n = p.getFileName().toString();
            if (!n.startsWith(".") && n.startsWith(prefix)) {
                out.add(p);
            }
        }
        out.sort(null);
        return out;
    }

    /** Every entry of a state directory (none when it is missing); a link in its place is refused. */
    private static List<Path> entries(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!FilePermissions.checkExisting(dir, true)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                out.add(p);
            }
        }
        return out;
    }

    private static String pad(long nanos) {
        String s = Long.toString(Math.max(0, nanos));
        StringBuilder sb = new StringBuilder(20);
        for (int i = s.length(); i < 19; i++) {
            sb.append('0');
        }
        return sb.append(s).toString();
    }

    /**
     * A file-name-safe form of a payload value: kept as is when it is 1-100 characters of
     * {@code [A-Za-z0-9_]} (no dots, no separators), else a 64-bit hash in hex.
     */
    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "_";
        }
        boolean ok = value.length() <= 100;
        for (int i = 0; ok && i < value.length(); i++) {
            char c = value.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
        return ok ? value : "h" + Long.toHexString(Ids.hash64(value));
    }
}
