package io.github.agentstrace.provenance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code git} for what its files do not tell cheaply (dirty state, commits, diff stats): an argument
 * vector (never a shell), in the work tree, with stdin closed, prompts, optional locks and the repository's
 * fsmonitor hook off (callers also turn off external diff and textconv programs), and a timeout
 * after which the process is killed. A missing {@code git}, a failure or a timeout is a null answer, never an
 * exception: provenance must not stop a recording.
 */
public final class GitProcess {
    /** The default timeout of one git run. */
    public static final long DEFAULT_TIMEOUT_MS = 3000;
    private static final int MAX_OUTPUT = 4 * 1024 * 1024;

    private final String executable;
    private final long timeoutMillis;

    /** {@code executable} is the program to run ({@code git} is looked up on the PATH). */
    public GitProcess(String executable, long timeoutMillis) {
        this.executable = executable;
        this.timeoutMillis = timeoutMillis;
    }

    /** {@code git} from the PATH with the default timeout. */
    public static GitProcess standard() {
        return new GitProcess("git", DEFAULT_TIMEOUT_MS);
    }

    /** Whether this git can be started at all. */
    public boolean available() {
        return run(Path.of(".").toAbsolutePath(), "--version") != null;
    }

    /** Standard output of {@code git <args>} run in {@code dir}; null when it did not exit 0 in time. */
    public String run(Path dir, String... args) {
        List<String> argv = new ArrayList<>(args.length + 4);
        argv.add(executable);
        argv.add("--no-pager");
        // A repository's own config must not run programs here: an fsmonitor hook runs on status.
        argv.add("-c");
        argv.add("core.fsmonitor=false");
        argv.add("-C");
        argv.add(dir.toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_OPTIONAL_LOCKS", "0");
        pb.environment().put("LC_ALL", "C");
        // The session's directory decides the repository, not one inherited from whoever started us.
        pb.environment().remove("GIT_DIR");
        pb.environment().remove("GIT_WORK_TREE");
        pb.environment().remove("GIT_INDEX_FILE");
        Process p;
        try {
            p = pb.start();
        } catch (IOException | RuntimeException e) {
            return null; // not installed, or not runnable
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Read on a thread of its own so a large output cannot block the process while we wait for it. An
        // anonymous class, not a lambda: a hook's SessionEnd runs this, and a JVM's first lambda is costly.
        Thread reader = new Thread(new Runnable() {
            @Override
            public void run() {
                drain(p.getInputStream(), out);
            }
        }, "git-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return null;
            }
            reader.join(timeoutMillis);
            if (p.exitValue() != 0) {
                return null;
            }
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (out) {
                    if (out.size() + n <= MAX_OUTPUT) {
                        out.write(buf, 0, n);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process was killed: what was read is all there is
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
