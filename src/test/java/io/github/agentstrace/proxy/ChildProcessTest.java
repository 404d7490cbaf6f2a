package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class ChildProcessTest {
    @TempDir
    Path dir;

    @Test
    void start_missingProgramIs127() {
        ChildProcess.StartFailure f = assertThrows(ChildProcess.StartFailure.class,
                () -> ChildProcess.start(List.of("agent-strace-missing-program"), dir));
        assertEquals(127, f.exitCode());
        assertEquals("cannot run 'agent-strace-missing-program': command not found (not found on PATH)", f.getMessage());
    }

    @Test
    void start_missingPathIs127() {
        ChildProcess.StartFailure f = assertThrows(ChildProcess.StartFailure.class,
                () -> ChildProcess.start(List.of(dir.resolve("nope").toString()), dir));
        assertEquals(127, f.exitCode());
        assertTrue(f.getMessage().endsWith("command not found"), f.getMessage());
    }

    @Test
    void start_directoryOrNonExecutableIs126() throws Exception {
        Path script = Files.writeString(dir.resolve("s.sh"), "#!/bin/sh\n");
        assertEquals(126, assertThrows(ChildProcess.StartFailure.class,
                () -> ChildProcess.start(List.of(script.toString()), dir)).exitCode());
        assertEquals(126, assertThrows(ChildProcess.StartFailure.class,
                () -> ChildProcess.start(List.of(dir.toString()), dir)).exitCode());
    }

    @Test
    void start_emptyCommandIs127() {
        assertEquals(127, assertThrows(ChildProcess.StartFailure.class, () -> ChildProcess.start(List.of(""), dir)).exitCode());
    }

    @Test
    void signal_intReachesTheChild() throws Exception {
        // A non-interactive sh cannot trap a signal its parent ignored (a build started in the background
        // ignores SIGINT, and its children inherit that): perl installs its handler whatever it inherited.
        // The handler is set before the ready line, so the signal cannot arrive before the child listens.
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "perl is part of every Debian base system");
        ChildProcess c = ChildProcess.start(List.of("perl", "-e",
                "$SIG{INT} = sub { exit 42 }; $| = 1; print \"ready\\n\"; select(undef, undef, undef, 0.05) while 1"), dir);
        assertEquals('r', c.process().getInputStream().read());
        c.signal("INT");
        assertTrue(c.waitFor(10_000));
        assertEquals(42, c.exitCode());
    }

    @Test
    void signal_termEndsTheChild() throws Exception {
        ChildProcess c = ChildProcess.start(List.of("sleep", "30"), dir);
        c.signal("TERM");
        assertTrue(c.waitFor(10_000));
        assertEquals(143, c.exitCode());
        c.signal("TERM"); // a child that has gone is fine
    }
}
