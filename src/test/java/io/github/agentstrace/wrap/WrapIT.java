package io.github.agentstrace.wrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.testsupport.TestJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wrap and unwrap through the real jar: a Claude Desktop config goes round trip byte for byte. */
class WrapIT {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                "-jar", TestJar.path().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void wrapUnwrap_roundTripThroughTheJar() throws Exception {
        byte[] original = """
                {
                    "mcpServers": {
                        "sqlite": { "command": "uvx", "args": ["mcp-server-sqlite", "--db-path", "/tmp/t.db"] }
                    },
                    "globalShortcut": "Ctrl+Space"
                }
                """.getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("claude_desktop_config.json"), original);

        Run dry = run("wrap", "claude_desktop_config.json", "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("+            \"command\": \"agent-strace\","), dry.out());
        assertArrayEquals(original, Files.readAllBytes(file));

        Run wrap = run("wrap", "claude_desktop_config.json");
        assertEquals(0, wrap.code(), wrap.err());
        assertTrue(Files.readString(file).contains("\"globalShortcut\": \"Ctrl+Space\""));

        Run unwrap = run("unwrap", "claude_desktop_config.json");
        assertEquals(0, unwrap.code(), unwrap.err());
        assertArrayEquals(original, Files.readAllBytes(file));

        Files.writeString(file, "{\"mcpServers\": [");
        Run bad = run("wrap", "claude_desktop_config.json");
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("agent-strace wrap: claude_desktop_config.json: invalid JSON: "), bad.err());
    }
}
