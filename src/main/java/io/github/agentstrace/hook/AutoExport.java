package io.github.agentstrace.hook;

import io.github.agentstrace.otlp.OtlpSettings;
import io.github.agentstrace.store.FilePermissions;
import io.github.agentstrace.store.SessionIds;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exports a session over OTLP when it ends, without making anybody wait: a detached
 * {@code java ... agent-strace export <id> --format otlp} process is started and this call returns at once.
 * Capture paths call {@link #onSessionEnd} (the hook on session end, the proxies after they close). It lives
 * with the hooks, which launch it most, rather than with the OTLP encoders: it only starts a process.
 *
 * <p>Configured by {@value #ENDPOINT} (an OTLP/HTTP base URL; nothing happens when it is unset),
 * {@value #HEADERS} ({@code k=v,k2=v2}, percent-encoded, as {@code OTEL_EXPORTER_OTLP_HEADERS}),
 * {@value #PROTOCOL} ({@code http/protobuf} or {@code http/json}) and {@value #SERVICE_NAME}. These are
 * {@code AGENT_STRACE_*} rather than {@code OTEL_*} because Claude Code strips {@code OTEL_*} from hook
 * processes. Header values go to the child through its environment, never its command line (which any
 * local user can read). Failures — to start the child, or of the export itself — are appended to
 * {@value #LOG_FILE} in the trace directory and never raised; that log, like every file of the trace
 * directory, is never written through a symbolic link.
 */
public final class AutoExport {
    public static final String ENDPOINT = "AGENT_STRACE_OTLP_ENDPOINT";
    public static final String HEADERS = "AGENT_STRACE_OTLP_HEADERS";
    public static final String PROTOCOL = "AGENT_STRACE_OTLP_PROTOCOL";
    public static final String SERVICE_NAME = "AGENT_STRACE_OTLP_SERVICE_NAME";
    public static final String LOG_FILE = "otlp-export.log";
    static final long MAX_LOG_BYTES = 1 << 20;
    static final String MAIN_CLASS = "io.github.agentstrace.cli.Main";

    /** Starts the export process; the default starts it detached with output appended to the log. */
    interface Launcher {
        /** Starts {@code command} with exactly {@code env} as its environment; returns its pid, or -1. */
        long launch(List<String> command, Map<String, String> env, Path log) throws IOException;
    }

    private final Launcher launcher;
    private final List<String> javaCommand;

    AutoExport(Launcher launcher, List<String> javaCommand) {
        this.launcher = launcher;
        this.javaCommand = List.copyOf(javaCommand);
    }

    /**
     * Exports {@code sessionId} of {@code traceDir} in the background when {@value #ENDPOINT} is set in
     * {@code env}. Returns true when an export process was started; never throws.
     */
    public static boolean onSessionEnd(Path traceDir, String sessionId, Map<String, String> env) {
        try {
            return new AutoExport(AutoExport::launchDetached, currentJava()).trigger(traceDir, sessionId, env);
        } catch (RuntimeException | Error e) {
            log(traceDir, "session " + sessionId + ": auto-export failed: " + e);
            return false;
        }
    }

    /** True when {@code env} asks for auto-export. */
    public static boolean configured(Map<String, String> env) {
        String e = env.get(ENDPOINT);
        return e != null && !e.isBlank();
    }

    boolean trigger(Path traceDir, String sessionId, Map<String, String> env) {
        if (!configured(env)) {
            return false;
        }
        try {
            SessionIds.requireValid(sessionId);
            String endpoint = env.get(ENDPOINT).trim();
            OtlpSettings.Flags flags = new OtlpSettings.Flags(endpoint, env.get(PROTOCOL), List.of(), null, null,
                    env.get(SERVICE_NAME), null, null);
            // Checked now, so that a bad setting is logged here rather than by a process nobody watches.
            String shown = OtlpSettings.resolve(flags, Map.of()).endpointForDisplay();
            List<String> cmd = new ArrayList<>(javaCommand);
            cmd.addAll(List.of("--trace-dir", traceDir.toAbsolutePath().toString(), "export", sessionId,
                    "--format", "otlp", "--endpoint", endpoint));
            if (env.get(PROTOCOL) != null && !env.get(PROTOCOL).isBlank()) {
                cmd.addAll(List.of("--protocol", env.get(PROTOCOL).trim()));
            }
            if (env.get(SERVICE_NAME) != null && !env.get(SERVICE_NAME).isBlank()) {
                cmd.addAll(List.of("--service-name", env.get(SERVICE_NAME).trim()));
            }
            Map<String, String> childEnv = childEnvironment(env);
            Path logFile = traceDir.resolve(LOG_FILE);
            rotate(logFile);
            long pid = launcher.launch(cmd, childEnv, logFile);
            log(traceDir, "session " + sessionId + ": exporting to " + shown + (pid > 0 ? " (pid " + pid + ")" : ""));
            return true;
        } catch (IOException | RuntimeException e) {
            log(traceDir, "session " + sessionId + ": auto-export not started: " + e.getMessage());
            return false;
        }
    }

    /**
     * The child's environment: the caller's, minus any {@code OTEL_EXPORTER_OTLP_*} (so that only the
     * {@code AGENT_STRACE_OTLP_*} settings decide where data goes), plus the headers as the standard variable.
     */
    static Map<String, String> childEnvironment(Map<String, String> env) {
        Map<String, String> child = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith("OTEL_EXPORTER_OTLP_")) {
                child.put(e.getKey(), e.getValue());
            }
        }
        String headers = env.get(HEADERS);
        if (headers != null && !headers.isBlank()) {
            child.put("OTEL_EXPORTER_OTLP_TRACES_HEADERS", headers);
        }
        return child;
    }

    /** {@code java -cp <this jar or classes> Main}, with the running JVM's own executable. */
    static List<String> currentJava() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classpath;
        try {
            classpath = Path.of(AutoExport.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            classpath = System.getProperty("java.class.path");
        }
        // A small heap and no JIT tiers beyond C1: the export is short and must not compete with the agent.
        return List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath, MAIN_CLASS);
    }

    /** Starts the child in its own session (setsid, when present) so that the caller's exit does not end it. */
    static long launchDetached(List<String> command, Map<String, String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        File devNull = new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
        ensureLog(log);
        pb.redirectInput(ProcessBuilder.Redirect.from(devNull));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start().pid();
    }

    /** The log exists as a private regular file (the child appends to it by name: it must not be a link). */
    private static void ensureLog(Path log) throws IOException {
        FilePermissions.createPrivateDirectories(log.getParent());
        FilePermissions.createPrivateFile(log);
    }

    /** Keeps the log small: past {@value #MAX_LOG_BYTES} bytes it becomes {@code .1} and a new one starts. */
    private static void rotate(Path log) {
        try {
            if (FilePermissions.checkExisting(log, false) && Files.size(log) > MAX_LOG_BYTES) {
                Files.move(log, log.resolveSibling(LOG_FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException ignored) {
            // no log yet, or it cannot be rotated: appending still works
        }
    }

    /** Appends one timestamped line to the log; a failure to log is swallowed (nothing may escape). */
    static void log(Path traceDir, String line) {
        try {
            FilePermissions.createPrivateDirectories(traceDir);
            FilePermissions.append(traceDir.resolve(LOG_FILE),
                    (Instant.now() + " " + line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException ignored) {
            // the trace directory is gone or read-only: there is nowhere left to report to
        }
    }
}
