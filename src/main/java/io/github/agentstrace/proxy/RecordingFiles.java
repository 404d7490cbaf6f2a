package io.github.agentstrace.proxy;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.FilePermissions;
import io.github.agentstrace.store.RecorderMark;
import io.github.agentstrace.store.StoreException;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** What both proxies keep beside a session's events: the recorder mark and {@code mcp.json}. */
final class RecordingFiles {
    private RecordingFiles() {
    }

    /** The session's recorder mark, or null (with a warning) when it cannot be taken: recording goes on. */
    static RecorderMark markOrWarn(TraceStore store, String sessionId, Consumer<String> warn) {
        try {
            return store.markRecorder(sessionId);
        } catch (StoreException e) {
            warn.accept(e.getMessage() + " (readers cannot tell whether this recording is still alive)");
            return null;
        }
    }

    /** {@code mcp.json}: what the peers said about themselves, redacted; nothing when they said nothing. */
    static void writeMcpInfo(TraceStore store, String sessionId, Redactor redactor, Map<String, Object> info,
                             Consumer<String> warn) {
        if (info.isEmpty()) {
            return;
        }
        Path file = store.sessionDir(sessionId).resolve(StdioProxy.MCP_INFO_FILE);
        try {
            FilePermissions.createPrivateFile(file);
            Files.write(file, Json.write(redactor.redactValue(info), Json.Style.PRETTY_ASCII)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            warn.accept("cannot write " + file + ": " + e.getMessage());
        }
    }
}
