package io.github.agentstrace.api;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.redact.Privacy;
import io.github.agentstrace.redact.ProjectConfig;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceDirs;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Starts trace sessions for an agent running in this JVM.
 *
 * <pre>{@code
 * try (TraceSession session = AgentTrace.builder()
 *         .agentName("release-bot")
 *         .traceDir(Path.of(".agent-traces"))
 *         .start()) {
 *     session.tool("git_tag", Map.of("version", "1.2.0"), () -> git.tag("1.2.0"));
 * }
 * }</pre>
 *
 * <p>Defaults: the trace directory is {@code $AGENT_TRACE_DIR}, else {@code .agent-traces} in the working
 * directory; secrets are redacted unless {@link Builder#redaction(boolean) redaction(false)} is set or the
 * environment has {@code AGENT_TRACE_REDACT=0}; timestamps come from the system UTC clock and durations
 * from {@link System#nanoTime()}.
 */
public final class AgentTrace {
    private AgentTrace() {
    }

    /** Starts a session with every default and the given agent name. */
    public static TraceSession start(String agentName) {
        return builder().agentName(agentName).start();
    }

    /** A builder for a session with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of one session; {@link #start()} creates it on disk. Not thread-safe; use it once. */
    public static final class Builder {
        private Path traceDir;
        private String agentName = "";
        private String command = "";
        private Boolean redaction;
        private Map<String, String> env;
        private Clock clock = Clock.system();
        private Ids ids = Ids.secure();
        private Consumer<? super RuntimeException> onRecordingError;
        private String privacy;
        private Path workingDir;
        private boolean provenance = true;

        private Builder() {
        }

        /** Where sessions are written (default {@code $AGENT_TRACE_DIR} or {@code ./.agent-traces}). */
        public Builder traceDir(Path dir) {
            this.traceDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** The agent's name, shown by {@code list} and {@code replay} (default empty). */
        public Builder agentName(String name) {
            this.agentName = name == null ? "" : name;
            return this;
        }

        /** A free-text description of what runs, stored as the session's {@code command} (default empty). */
        public Builder command(String command) {
            this.command = command == null ? "" : command;
            return this;
        }

        /**
         * Turns secret redaction on or off explicitly. Without this call redaction is on unless the
         * environment has {@code AGENT_TRACE_REDACT=0} (or false/no/off).
         */
        public Builder redaction(boolean on) {
            this.redaction = on;
            return this;
        }

        /** The environment read for {@code AGENT_TRACE_DIR} and {@code AGENT_TRACE_REDACT} (default: the process's). */
        public Builder environment(Map<String, String> environment) {
            this.env = Map.copyOf(environment);
            return this;
        }

        /**
         * How much is kept: {@code "metadata"} (event types, timings, tool names, outcomes, tokens, file paths; no
         * prompts, tool inputs or outputs, answers), {@code "standard"} (everything, redacted) or {@code "full"}.
         * Without this call: {@code AGENT_STRACE_PRIVACY}, else the project's {@code .agent-strace/config.json},
         * else standard.
         *
         * @throws IllegalArgumentException for another name
         */
        public Builder privacy(String tier) {
            this.privacy = Privacy.parse(tier, "privacy").wire();
            return this;
        }

        /**
         * The directory whose git work tree the session works on, recorded in its {@code provenance.json}
         * (default: the process's working directory).
         */
        public Builder workingDirectory(Path dir) {
            this.workingDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Whether to record git provenance at all (default true). */
        public Builder provenance(boolean on) {
            this.provenance = on;
            return this;
        }

        /**
         * The clock for event timestamps (default: the system clock); durations are measured on the machine's
         * monotonic clock whatever this one says.
         */
        public Builder clock(java.time.Clock clock) {
            this.clock = Clock.of(Objects.requireNonNull(clock, "clock"));
            return this;
        }

        /**
         * Called when an event cannot be written after the session started (disk full, directory removed).
         * The agent's own work is never interrupted by a recording failure. Default: one line on stderr,
         * once per session.
         */
        public Builder onRecordingError(Consumer<? super RuntimeException> handler) {
            this.onRecordingError = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Both the timestamps' and the durations' time (tests drive it by hand). */
        Builder time(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The id generator (tests use a seeded one). */
        Builder ids(Ids generator) {
            this.ids = Objects.requireNonNull(generator, "generator");
            return this;
        }

        /**
         * Creates the session directory, writes {@code meta.json} and the {@code session_start} event.
         *
         * @throws TraceException when the trace directory cannot be written
         */
        public TraceSession start() {
            Map<String, String> environment = env != null ? env : System.getenv();
            Path dir = traceDir != null ? traceDir
                    : TraceDirs.resolve(null, environment, Path.of("").toAbsolutePath());
            Path cwd = workingDir != null ? workingDir : Path.of("").toAbsolutePath();
            Redactor redactor = (redaction == null ? Redactor.forCapture(false, environment)
                    : redaction ? Redactor.standard() : Redactor.disabled())
                    .withPrivacy(ProjectConfig.resolve(privacy, environment, cwd));
            return TraceSession.open(new TraceSession.Settings(dir, agentName, command, redactor, clock,
                    ids, onRecordingError, provenance ? cwd : null));
        }
    }
}
