package io.github.agentstrace.transcript;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Only the shell tool's own "Exit Code: N" line, N not 0, says a command failed. */
class GeminiShellTest {
    @Test
    void aNonZeroExitCodeLineOfTheShellTool_isAFailure_nothingElseIs() {
        String failed = "<untrusted_context>\nOutput: ls: cannot access 'x'\nExit Code: 2\nProcess Group PGID: 7\n"
                + "</untrusted_context>";
        assertTrue(GeminiShell.failed("run_shell_command", failed));
        assertTrue(GeminiShell.failed("run_shell_command", "Output: killed\nExit Code: -1"));
        assertFalse(GeminiShell.failed("run_shell_command", "Output: ok\nExit Code: 0\n"));
        assertFalse(GeminiShell.failed("run_shell_command", "Output: hello-gemini\nProcess Group PGID: 7"));
        assertFalse(GeminiShell.failed("run_shell_command", "Output: the log says Exit Code: 2 somewhere"),
                "not a line of its own");
        assertFalse(GeminiShell.failed("read_file", "Exit Code: 1\n"), "a file that says so is no failed read");
        assertFalse(GeminiShell.failed("run_shell_command", null));
    }
}
