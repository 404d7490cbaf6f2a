package io.github.agentstrace.hook;

import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.transcript.TranscriptTail;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * At each Stop, SubagentStop and SessionEnd: the LLM turns (model, exact token usage) that Claude Code's
 * transcript gained since the last read, appended to the session. The read offset lives in
 * {@value #STATE_FILE} beside meta.json, outside the hook state that session end clears, so a resumed
 * session goes on where it stopped. Off with {@code AGENT_STRACE_HOOK_TRANSCRIPT=0}.
 */
final class TranscriptEnrichment {
    /** Per-session file holding how far the Claude Code transcript has been read. */
    static final String STATE_FILE = ".transcript-state.json";

    private final TraceStore store;
    private final Redactor redactor;
    private final Ids ids;
    private final boolean enabled;

    TranscriptEnrichment(TraceStore store, Redactor redactor, Ids ids, boolean enabled) {
        this.store = store;
        this.redactor = redactor;
        this.ids = ids;
        this.enabled = enabled;
    }

    /** Appends the new turns of {@code transcriptPath} (null: none) to session {@code sid}. */
    void enrich(String sid, String transcriptPath, boolean last) throws IOException {
        if (transcriptPath == null || transcriptPath.isEmpty() || !enabled) {
            return;
        }
        Path transcript = Path.of(transcriptPath);
        try (SessionWriter w = store.writer(sid, redactor)) {
            // A corrupt transcript line costs one turn at most; the hook has nowhere to say so but its error log.
            TranscriptTail.Enriched added = TranscriptTail.enrich(transcript,
                    store.sessionDir(sid).resolve(STATE_FILE), w, ids, HookConfig.SILENT, last);
            if (added.tokens() > 0) {
                w.flushMeta(new UnaryOperator<SessionMeta>() {
                    @Override
                    public SessionMeta apply(SessionMeta m) {
                        return m.withTotalTokens(m.totalTokens() + added.tokens());
                    }
                });
            }
        }
    }
}
