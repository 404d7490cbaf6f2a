package io.github.agentstrace.testsupport;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

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

    /**
     * A class path of the directories or jars the given classes were loaded from (main and test classes, as
     * Maven lays them out), for tests that start a {@code main} of their own in a child process.
     */
    public static String classPath(Class<?>... classes) {
        StringJoiner path = new StringJoiner(File.pathSeparator);
        for (Class<?> c : classes) {
            try {
                path.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot locate the classes of " + c.getName(), e);
            }
        }
        return path.toString();
    }

    /** {@code java -jar <jar> args...}, as a mutable list (callers add options). */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", path().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
