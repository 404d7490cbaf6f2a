package io.github.agentstrace.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectConfigTest {
    @TempDir
    Path tmp;

    private Path config(Path project, String text) throws Exception {
        Path file = Files.createDirectories(project.resolve(".agent-strace")).resolve("config.json");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void resolve_flagThenEnvironmentThenProjectFileThenStandard() throws Exception {
        Path project = tmp.resolve("p");
        Path deep = Files.createDirectories(project.resolve("src/main"));
        assertEquals(Privacy.STANDARD, ProjectConfig.resolve(null, Map.of(), deep));
        config(project, "{\"privacy\":\"metadata\",\"other\":1}");
        assertEquals(Privacy.METADATA, ProjectConfig.resolve(null, Map.of(), deep));
        assertEquals(Privacy.FULL, ProjectConfig.resolve(null, Map.of(Privacy.ENV, " FULL "), deep));
        assertEquals(Privacy.STANDARD, ProjectConfig.resolve("standard", Map.of(Privacy.ENV, "full"), deep));
    }

    @Test
    void find_stopsAtTheRepositoryRoot() throws Exception {
        config(tmp, "{\"privacy\":\"metadata\"}");
        Path repo = Files.createDirectories(tmp.resolve("repo/.git")).getParent();
        assertNull(ProjectConfig.find(repo).file());
        assertEquals(Privacy.METADATA, ProjectConfig.find(tmp.resolve("elsewhere")).privacy());
    }

    @Test
    void badSettings_sayWhatWasWrongAndWhatIsRight() throws Exception {
        IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
                () -> ProjectConfig.resolve("secret", Map.of(), tmp));
        assertEquals("--privacy: unknown privacy tier 'secret' (expected metadata, standard or full)", flag.getMessage());
        RedactConfigException env = assertThrows(RedactConfigException.class,
                () -> ProjectConfig.resolve(null, Map.of(Privacy.ENV, "none"), tmp));
        assertEquals("AGENT_STRACE_PRIVACY: unknown privacy tier 'none' (expected metadata, standard or full)",
                env.getMessage());
        Path file = config(tmp, "{\"privacy\": 3}");
        RedactConfigException type = assertThrows(RedactConfigException.class, () -> ProjectConfig.resolve(null, Map.of(), tmp));
        assertEquals(file + ": privacy must be a string (metadata, standard or full)", type.getMessage());
        config(tmp, "[1]");
        assertEquals(file + ": expected a JSON object",
                assertThrows(RedactConfigException.class, () -> ProjectConfig.find(tmp)).getMessage());
        assertEquals(Privacy.METADATA, ProjectConfig.resolveOrMetadata(Map.of(), tmp), "hooks keep least when unsure");
    }
}
