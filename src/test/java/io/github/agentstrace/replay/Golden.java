package io.github.agentstrace.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Golden files for what a person reads: {@code src/test/resources/replay/golden/<name>}.
 *
 * <p>Regenerate them all with {@code mvn test -Dgolden.update=true} (then review the diff). Files are
 * read from the source tree, not the classpath, so an update is visible without a rebuild.
 */
public final class Golden {
    /** The switch that rewrites golden files instead of comparing. */
    public static final String UPDATE_PROPERTY = "golden.update";
    static final Path DIR = Path.of("src", "test", "resources", "replay", "golden");

    private Golden() {
    }

    public static void assertMatches(String name, String actual) {
        assertMatches(DIR.resolve(name), actual);
    }

    /** The same check for a golden file kept elsewhere in the source tree. */
    public static void assertMatches(Path file, String actual) {
        try {
            if (Boolean.getBoolean(UPDATE_PROPERTY)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            String expected;
            try {
                expected = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new AssertionError("missing golden file " + file + " (create it with -D" + UPDATE_PROPERTY
                        + "=true)\n--- actual ---\n" + actual);
            }
            assertEquals(expected, actual, "output differs from " + file + " (regenerate with -D"
                    + UPDATE_PROPERTY + "=true and review the diff)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
