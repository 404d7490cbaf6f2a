package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code share} and {@code serve} on the command line: files, streams, and every usage and data error. */
class ShareServeCommandTest {
    private static final String EXAMPLES = Path.of(".agent-traces.example").toAbsolutePath().toString();

    @TempDir
    Path dir;

    private CliHarness.Result run(String... argv) {
        return CliHarness.once(dir, Map.of(), new byte[0], argv);
    }

    @Test
    void share_writesIdDotHtml_private_andSaysWhere() throws Exception {
        CliHarness.Result r = run("--trace-dir", EXAMPLES, "share", "9cc82d8d");
        assertEquals(0, r.status(), r.err());
        Path page = dir.resolve("9cc82d8d0a3ce14b.html");
        assertTrue(r.out().startsWith("wrote " + page + " ("), r.out());
        assertEquals("", r.err());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"), "a policy that forbids requests");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)));
    }

    @Test
    void share_output_andStdout() throws Exception {
        CliHarness.Result r = run("--trace-dir", EXAMPLES, "share", "ec60f27c-f718-4d", "-o", "page.html");
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(dir.resolve("page.html")).contains("ec60f27c-f718-4d"));
        CliHarness.Result s = run("--trace-dir", EXAMPLES, "share", "ec60f27c-f718-4d", "--stdout");
        assertEquals(0, s.status(), s.err());
        assertTrue(s.out().startsWith("<!DOCTYPE html>") && s.out().strip().endsWith("</html>"));
        assertFalse(Files.exists(dir.resolve("ec60f27c-f718-4d.html")), "--stdout writes no file");
    }

    @Test
    void share_errors() throws Exception {
        CliHarness.Result both = run("--trace-dir", EXAMPLES, "share", "-o", "x.html", "--stdout");
        assertEquals(2, both.status());
        assertTrue(both.err().contains("give --output FILE or --stdout, not both"), both.err());
        Files.createDirectories(dir.resolve("d"));
        CliHarness.Result directory = run("--trace-dir", EXAMPLES, "share", "-o", "d");
        assertEquals(2, directory.status());
        assertTrue(directory.err().contains("--output d is a directory, not a file"), directory.err());
        CliHarness.Result none = run("--trace-dir", EXAMPLES, "share", "nosuchsession");
        assertEquals(1, none.status());
        assertTrue(none.err().startsWith("agent-strace share: "), none.err());
        CliHarness.Result unwritable = run("--trace-dir", EXAMPLES, "share", "9cc82d8d", "-o", "missing/dir/x.html");
        assertEquals(1, unwritable.status(), unwritable.err());
        assertTrue(unwritable.err().contains("cannot write"), unwritable.err());
    }

    @Test
    void serve_usageErrors() throws Exception {
        CliHarness.Result port = run("--trace-dir", EXAMPLES, "serve", "--port", "70000");
        assertEquals(2, port.status());
        assertTrue(port.err().contains("--port"), port.err());
        CliHarness.Result host = run("--trace-dir", EXAMPLES, "serve", "--host", " ");
        assertEquals(2, host.status());
        assertTrue(host.err().contains("--host needs an address"), host.err());
        CliHarness.Result extra = run("--trace-dir", EXAMPLES, "serve", "something");
        assertEquals(2, extra.status());
    }

    @Test
    void serve_projectOfNoRegisteredDirectory_isADataError() throws Exception {
        Path traces = Files.createDirectories(dir.resolve("app").resolve(".agent-traces"));
        Files.createDirectories(dir.resolve("config").resolve("agent-strace"));
        Files.writeString(dir.resolve("config").resolve("agent-strace").resolve("trace-dirs"), traces + "\n");
        CliHarness.Result r = CliHarness.once(dir, Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString()), new byte[0],
                "--trace-dir", EXAMPLES, "serve", "--port", "0", "--project", dir.resolve("elsewhere").toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("agent-strace serve: no registered trace directory belongs to the project "
                + dir.resolve("elsewhere") + " (agent-strace list --all shows the projects)", r.err().strip());
        CliHarness.Result since = run("--trace-dir", EXAMPLES, "serve", "--since", "7d");
        assertEquals(2, since.status(), "serve selects directories, not sessions: " + since.err());
    }

    @Test
    void serve_portInUse_isADataError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliHarness.Result r = run("--trace-dir", EXAMPLES, "serve", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, r.status());
            assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.err());
            assertTrue(r.err().contains("--port 0 picks a free one"), r.err());
        }
    }

    @Test
    void help_listsBoth() {
        CliHarness.Result r = run("--help");
        assertTrue(r.out().contains("share") && r.out().contains("serve"), r.out());
        CliHarness.Result s = run("serve", "--help");
        assertTrue(s.out().contains("access") && s.out().contains("token"), s.out());
        assertTrue(s.out().contains("--all") && s.out().contains("--project DIR"), s.out());
    }
}
