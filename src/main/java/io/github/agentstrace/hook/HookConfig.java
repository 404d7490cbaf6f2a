package io.github.agentstrace.hook;

import io.github.agentstrace.redact.Privacy;
import io.github.agentstrace.redact.ProjectConfig;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceDirs;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a hook process needs, resolved once from flags and environment.
 *
 * @param traceDir       where sessions go ({@link #traceDir(String, Map, Path)})
 * @param redactor       applied to every event and meta before it is written, with the session's privacy tier
 *                       ({@value Privacy#ENV}, else the project's {@code .agent-strace/config.json} found from
 *                       {@code $CLAUDE_PROJECT_DIR} or the working directory; a bad setting keeps least)
 * @param maxField       longest string stored, in characters ({@link FieldLimits}); as large as a payload at privacy
 *                       {@code full} unless {@value FieldLimits#ENV} says otherwise
 * @param pairWaitMillis how long a tool result waits for its call's state file when the call's hook
 *                       (started earlier, but asynchronous) has not written it yet; default
 *                       {@value #DEFAULT_PAIR_WAIT_MS}, env {@value #PAIR_WAIT_ENV}
 * @param readTranscripts whether stop and session-end hooks read Claude Code's transcript for the LLM
 *                       turns and their exact token usage (env {@value #TRANSCRIPT_ENV}{@code =0} turns it off)
 */
public record HookConfig(Path traceDir, Redactor redactor, int maxField, long pairWaitMillis, boolean readTranscripts) {
    public static final String TRANSCRIPT_ENV = "AGENT_STRACE_HOOK_TRANSCRIPT";
    public static final String PAIR_WAIT_ENV = "AGENT_STRACE_HOOK_PAIR_WAIT_MS";
    public static final long DEFAULT_PAIR_WAIT_MS = 500;
    /** The largest payload recorded, from stdin or a POST; larger ones are drained and dropped (and logged). */
    public static final int MAX_PAYLOAD = 64 * 1024 * 1024;

    /**
     * Where a hook's warnings go: nowhere, since hooks stay silent (one instance for all of them, and an
     * anonymous class rather than a lambda: the first lambda of a JVM costs a hook tens of milliseconds).
     */
    static final Consumer<String> SILENT = new Consumer<String>() {
        @Override
        public void accept(String warning) {
            // a broken redaction config keeps the built-in rules; a bad transcript line costs one turn
        }
    };

    /**
     * The trace directory of a hook: the {@code --trace-dir} flag, else {@code AGENT_TRACE_DIR}, else
     * {@code $CLAUDE_PROJECT_DIR/.agent-traces} (so hooks write into the project whatever directory Claude
     * has moved to), else {@code ./.agent-traces}.
     */
    public static Path traceDir(String flag, Map<String, String> env, Path cwd) {
        String project = env.get("CLAUDE_PROJECT_DIR");
        return TraceDirs.resolve(flag, env, cwd,
                project != null && !project.isEmpty() ? cwd.resolve(project) : cwd);
    }

    /** The configuration for a hook process. */
    public static HookConfig of(String traceDirFlag, boolean noRedact, Map<String, String> env, Path cwd) {
        long wait = DEFAULT_PAIR_WAIT_MS;
        String w = env.get(PAIR_WAIT_ENV);
        if (w != null && !w.isBlank()) {
            try {
                wait = Math.max(0, Math.min(10_000, Long.parseLong(w.trim())));
            } catch (NumberFormatException ignored) {
                // keep the default: a typo must not stop recording
            }
        }
        // A broken redaction config must not switch redaction off, nor stop recording: keep the built-in rules.
        String project = env.get("CLAUDE_PROJECT_DIR");
        Privacy privacy = ProjectConfig.resolveOrMetadata(env,
                project != null && !project.isEmpty() ? cwd.resolve(project) : cwd);
        Redactor redactor = Redactor.forCaptureOrBuiltin(noRedact, false, env, SILENT).withPrivacy(privacy);
        int maxField = privacy == Privacy.FULL && env.get(FieldLimits.ENV) == null ? MAX_PAYLOAD
                : FieldLimits.fromEnv(env);
        return new HookConfig(traceDir(traceDirFlag, env, cwd), redactor, maxField, wait,
                !"0".equals(env.getOrDefault(TRANSCRIPT_ENV, "").trim()));
    }
}
