package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code receive}'s (and {@code serve --otlp}'s) argument errors, in-process (the running server is tested in receive.OtlpReceiverTest and the IT). */
class ReceiveCommandTest {
    @TempDir
    Path dir;

    @Test
    void badArguments_areUsageErrors() {
        CliHarness.Result r = CliHarness.once(dir, Map.of(), new byte[0], "receive", "--max-body", "12");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--max-body takes a byte count from 1024"), r.err());
        CliHarness.Result port = CliHarness.once(dir, Map.of(), new byte[0], "receive", "--port", "70000");
        assertEquals(2, port.status());
        assertTrue(port.err().contains("--port must be between 0 and 65535"), port.err());
        CliHarness.Result extra = CliHarness.once(dir, Map.of(), new byte[0], "receive", "now");
        assertEquals(2, extra.status());
    }

    @Test
    void serve_otlpPortWithoutOtlp_isAUsageError() {
        CliHarness.Result r = CliHarness.once(dir, Map.of(), new byte[0], "serve", "--otlp-port", "5000");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--otlp-port is the receiver's port: use it with --otlp"), r.err());
    }

    @Test
    void serve_otlpOnAPortInUse_isADataError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliHarness.Result r = CliHarness.once(dir, Map.of(), new byte[0], "serve", "--port", "0", "--otlp", "--otlp-port",
                    Integer.toString(taken.getLocalPort()));
            assertEquals(1, r.status());
            assertTrue(r.err().contains("cannot receive OTLP on 127.0.0.1:" + taken.getLocalPort()), r.err());
        }
    }

    @Test
    void aPortInUse_isADataError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliHarness.Result r = CliHarness.once(dir, Map.of(), new byte[0], "receive", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(1, r.status());
            assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.err());
        }
    }
}
