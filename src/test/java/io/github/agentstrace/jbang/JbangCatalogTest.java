package io.github.agentstrace.jbang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code jbang-catalog.json} and the launcher it names buildable from this repository alone. The
 * launcher lists every source file explicitly (jbang cannot expand globs over HTTP); run this test with
 * {@code -Dagentstrace.regenerate=true} to rewrite the list after adding or removing classes.
 */
class JbangCatalogTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path CATALOG = ROOT.resolve("jbang-catalog.json");
    private static final Set<String> ALIAS_KEYS = Set.of("script-ref", "description", "java", "java-options",
            "arguments", "main", "sources", "files", "dependencies", "repositories", "properties");

    @TempDir
    Path out;

    static Path scriptRef() throws IOException {
        Map<String, Object> alias = Json.asObject(Json.asObject(Json.asObject(Json.parse(Files.readString(CATALOG)))
                .get("aliases")).get("agent-strace"));
        return CATALOG.getParent().resolve((String) alias.get("script-ref")).normalize();
    }

    @Test
    void catalog_hasTheAgentStraceAliasWithKnownKeys() throws IOException {
        Map<String, Object> root = Json.asObject(Json.parse(Files.readString(CATALOG)));
        assertEquals(Set.of("aliases"), root.keySet());
        Map<String, Object> aliases = Json.asObject(root.get("aliases"));
        assertEquals(Set.of("agent-strace"), aliases.keySet());
        Map<String, Object> alias = Json.asObject(aliases.get("agent-strace"));
        assertTrue(ALIAS_KEYS.containsAll(alias.keySet()), "unknown alias keys: " + alias.keySet());
        assertEquals("17+", alias.get("java"));
        assertTrue(alias.get("description") instanceof String d && !d.isEmpty());
        String ref = (String) alias.get("script-ref");
        assertNotNull(ref);
        assertTrue(!ref.startsWith("/") && !ref.contains("\\"), "script-ref must be relative to the catalog: " + ref);
        assertTrue(Files.isRegularFile(scriptRef()), "script-ref does not exist: " + ref);
        assertTrue(scriptRef().startsWith(ROOT.resolve("src")), "the launcher lives under src/, not at the top level");
    }

    @Test
    void script_listsEverySourceAndResourceFile() throws IOException {
        Path script = scriptRef();
        String text = Files.readString(script);
        String expected = withDirectives(text, script);
        if (Boolean.getBoolean("agentstrace.regenerate")) {
            Files.writeString(script, expected);
            text = expected;
        }
        assertEquals(expected, text, "the //SOURCES and //FILES lists of " + ROOT.relativize(script)
                + " are out of date: run mvn -q test -Dtest=JbangCatalogTest -Dagentstrace.regenerate=true");
    }

    @Test
    void script_compilesWithJavac() throws IOException {
        // The sources it lists are the ones Maven compiled (checked above), so compile the launcher against
        // them; JbangIT builds the whole list with jbang itself.
        Path script = scriptRef();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, diagnostics, diagnostics, "--release", "17", "-proc:none", "-Xlint:all", "-Werror",
                "-cp", System.getProperty("java.class.path"), "-d", out.toString(), script.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(out.resolve("AgentStrace.class")));
    }

    /** The script with its //SOURCES and //FILES lines replaced by the current file lists. */
    static String withDirectives(String text, Path script) throws IOException {
        List<String> kept = new ArrayList<>();
        int insertAt = -1;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("//SOURCES ") || line.startsWith("//FILES ")) {
                if (insertAt < 0) {
                    insertAt = kept.size();
                }
                continue;
            }
            kept.add(line);
        }
        if (insertAt < 0) {
            throw new AssertionError("no //SOURCES lines in " + script);
        }
        List<String> directives = new ArrayList<>();
        for (Path p : files(ROOT.resolve("src/main/java"), ".java")) {
            directives.add("//SOURCES " + rel(script, p));
        }
        Path resources = ROOT.resolve("src/main/resources");
        for (Path p : files(resources, "")) {
            directives.add("//FILES " + resources.relativize(p).toString().replace('\\', '/') + "=" + rel(script, p));
        }
        kept.addAll(insertAt, directives);
        return String.join("\n", kept);
    }

    private static String rel(Path script, Path file) {
        return script.getParent().relativize(file).toString().replace('\\', '/');
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix))
                    .sorted().collect(Collectors.toList());
        }
    }
}
