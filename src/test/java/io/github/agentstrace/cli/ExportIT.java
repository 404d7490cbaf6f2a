package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.export.ExportFixtures;
import io.github.agentstrace.otlp.Receiver;
import io.github.agentstrace.testsupport.TestJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export} through the packaged jar ({@code java -jar}), as users run it. */
class ExportIT {
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    private Run jar(String... args) throws IOException, InterruptedException {
        String jar = TestJar.path().toString();
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                "-jar", jar));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("AGENT_STRACE_"));
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "export did not finish");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void jar_exportsNdjsonAndSendsOtlp() throws Exception {
        Path traces = ExportFixtures.copySessions(tmp.resolve("traces"));
        String id = ExportFixtures.SESSIONS.get("b-decorator");
        Run nd = jar("--trace-dir", traces.toString(), "export", id, "--format", "ndjson");
        assertEquals(0, nd.status(), nd.err());
        assertEquals(ExportFixtures.golden("b-decorator", "export.ndjson"), nd.out());

        try (Receiver receiver = new Receiver()) {
            Run otlp = jar("--trace-dir", traces.toString(), "export", "--all", "--format", "otlp",
                    "--endpoint", receiver.base(), "--compression", "gzip");
            assertEquals(0, otlp.status(), otlp.err());
            assertTrue(otlp.err().startsWith("agent-strace export: sent 22 spans (3 sessions) to "), otlp.err());
            assertEquals("gzip", receiver.requests().get(0).header("Content-Encoding"));
        }

        Run bad = jar("--trace-dir", traces.toString(), "export", "--format", "yaml");
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith("agent-strace export: invalid --format 'yaml'"), bad.err());
    }
}
