package io.github.agentstrace.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A peer that cannot be had skips the test (fails it under CI=true) with the reason; one that is there is used. */
class NpmPackageTest {
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    /** What {@code require} throws here: an abort (skip), or on CI a failure; its message. */
    private static String refusal(NpmPackage pkg) {
        Class<? extends Throwable> expected = CI ? AssertionFailedError.class : TestAbortedException.class;
        return assertThrows(expected, () -> pkg.require("NpmPackageTest")).getMessage();
    }

    @Test
    void aPackageThatCannotBeInstalled_isRefusedWithWhyAndNotTriedAgain() {
        AtomicInteger looked = new AtomicInteger();
        NpmPackage pkg = new NpmPackage("no-such-peer", "test peer", "nothing", 30, m -> {
            looked.incrementAndGet();
            return null;
        }, "no peer", List.of(), List.of());
        String why = refusal(pkg);
        assertTrue(why.contains("npm ci in " + pkg.dir() + " failed"), why);
        assertEquals(why, refusal(pkg), "the same reason, from the first try");
        assertEquals(1, looked.get(), "worked out once");
    }

    @Test
    void whatIsThereIsUsed_withoutAnInstall_andAProbeThatFailsIsARefusal() throws Exception {
        Path here = Files.createTempFile("npm-package", ".txt");
        try {
            NpmPackage there = new NpmPackage("no-such-peer", "test peer", "nothing", 30, m -> here, "no peer",
                    List.of(), List.of());
            assertSame(here, there.require("NpmPackageTest"));
            Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
            // In a folder that exists (the MCP peers'), so that the probe itself is what fails.
            NpmPackage broken = new NpmPackage("node", "test peer", "nothing", 30, m -> javaBin, "no peer",
                    List.of(), List.of("--no-such-option"));
            String why = refusal(broken);
            assertTrue(why.startsWith(javaBin + " does not run ("), why);
        } finally {
            Files.delete(here);
        }
    }
}
