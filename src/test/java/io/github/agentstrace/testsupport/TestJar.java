package io.github.agentstrace.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged jar the {@code *IT} tests run as real processes: {@code -Dagentstrace.jar} (set by the build
 * for failsafe), else {@code target/agent-strace.jar} of this checkout, started with the JDK that runs the tests.
 */
public final class TestJar {
    private TestJar() {
    }

    /** The jar, absolute. */
    public static Path path() {
        return Path.of(System.getProperty("agentstrace.jar", "target/agent-strace.jar")).toAbsolutePath();
    }

    /** The {@code java} executable of the JDK running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -jar <jar> args...}, as a mutable list (callers add options). */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", path().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
