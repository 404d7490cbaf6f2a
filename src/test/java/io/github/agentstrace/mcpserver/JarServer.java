package io.github.agentstrace.mcpserver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.testsupport.TestJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar agent-strace.jar mcp ...} as a real process: the command line for stdio clients, or an HTTP
 * server on a free port whose URL is read from the line it prints on stderr.
 */
final class JarServer implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("on (http://\\S+/mcp)$");

    private final Process process;
    private final StringBuffer stderr = new StringBuffer();
    final String url;

    /** The command line of the real jar serving {@code traceDir} with {@code args}. */
    static List<String> command(Path traceDir, String... args) {
        String jar = TestJar.path().toString();
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                "-jar", jar, "--trace-dir", traceDir.toString(), "mcp"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code mcp --http --port 0} and waits for the URL it prints (the read blocks; no polling). */
    JarServer(Path traceDir) throws IOException {
        process = new ProcessBuilder(command(traceDir, "--http", "--port", "0"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String found = null;
        for (String line; found == null && (line = err.readLine()) != null; ) {
            stderr.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (m.find()) {
                found = m.group(1);
            }
        }
        assertTrue(found != null, "no URL printed:\n" + stderr);
        url = found;
        Thread drain = new Thread(() -> {
            try {
                for (String line; (line = err.readLine()) != null; ) {
                    stderr.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "jar-server-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    String stderr() {
        return stderr.toString();
    }

    /** Stops it with SIGTERM, as Ctrl-C would, and waits for it to end. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("mcp --http did not stop on SIGTERM:\n" + stderr);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
