package io.github.agentstrace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.Failure;
import io.github.agentstrace.session.Outcome;
import io.github.agentstrace.session.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signatures: how calls are named, runs collapsed, token edit distance within a band, common prefixes. */
class ExecutionSignatureTest {
    private static Call call(String tool, Map<String, Object> args, String server) {
        return new Call("s", 1, 2, "e", tool, Subject.of(tool, args, server), 0, 1, 1.0, Outcome.OK, Failure.NONE, 0, 0);
    }

    @Test
    void name_byToolMcpServerAndShellProgram() {
        assertEquals("Read", ExecutionSignature.name(call("Read", Map.of("file_path", "/a"), null)));
        assertEquals("github/create_issue", ExecutionSignature.name(call("mcp__github__create_issue", Map.of(), null)));
        assertEquals("fs/read_file", ExecutionSignature.name(call("read_file", Map.of("path", "/a"), "fs")),
                "a record session's tools belong to its server");
        assertEquals("Bash:pytest", ExecutionSignature.name(call("Bash", Map.of("command", "cd app && FOO=1 pytest -q"), null)));
        assertEquals("Bash:gradlew", ExecutionSignature.name(call("Bash", Map.of("command", "./gradlew test"), null)));
        assertEquals("Bash", ExecutionSignature.name(call("Bash", Map.of("command", "cd /tmp"), null)));
    }

    @Test
    void of_collapsesRuns() {
        ExecutionSignature s = ExecutionSignature.of(List.of("Read", "Read", "Read", "Edit", "Bash:pytest", "Bash:pytest",
                "Read"));
        assertEquals(List.of("Read×3", "Edit", "Bash:pytest×2", "Read"), s.tokens());
        assertEquals("Read×3 → Edit → Bash:pytest×2 → Read", s.text());
        assertEquals("(no calls)", ExecutionSignature.of(List.of()).text());
        assertEquals("Read", ExecutionSignature.nameOf("Read×3"));
        assertEquals("a×b", ExecutionSignature.nameOf("a×b"));
    }

    @Test
    void distance_editsOfWholeTokens_cutOffPastTheBand() {
        ExecutionSignature a = sig("Read×3", "Edit", "Bash:pytest");
        assertEquals(0, a.distance(a, 0));
        assertEquals(1, a.distance(sig("Read×2", "Edit", "Bash:pytest"), 3), "a count is part of the token");
        assertEquals(1, a.distance(sig("Read×3", "Bash:pytest"), 3));
        assertEquals(2, a.distance(sig("Bash:pytest"), 3));
        assertEquals(4, sig("a", "b", "c", "d").distance(sig("d", "c", "b", "a"), 5));
        assertEquals(2, sig("a", "b", "c").distance(sig("b", "c", "d"), 5), "one deletion, one insertion");
        assertEquals(2, a.distance(sig("x", "y", "z", "w", "v"), 1), "beyond the band: max + 1");
        assertEquals(4, sig("a", "b", "c", "d").distance(sig("e", "f", "g", "h"), 9));
        assertEquals(3, sig().distance(sig("a", "b", "c"), 5));
    }

    @Test
    void commonPrefix_tokenByToken() {
        assertEquals(List.of("Read×3", "Edit"), ExecutionSignature.commonPrefix(List.of(sig("Read×3", "Edit", "Bash"),
                sig("Read×3", "Edit", "Bash×2"), sig("Read×3", "Edit"))));
        assertEquals(List.of(), ExecutionSignature.commonPrefix(List.of(sig("a"), sig("b"))));
        assertEquals(List.of(), ExecutionSignature.commonPrefix(List.of()));
    }

    private static ExecutionSignature sig(String... tokens) {
        return new ExecutionSignature(List.of(tokens));
    }
}
