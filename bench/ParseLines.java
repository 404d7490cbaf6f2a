import io.github.agentstrace.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The baseline of the read benchmarks: every line of an events file read the way the store reads it
 * (UTF-8, 64 KiB buffer) and parsed with {@code Json.parse}, nothing else. Run from the jar's classpath:
 * {@code java -cp target/agent-strace.jar:target/bench-classes ParseLines FILE}.
 */
public final class ParseLines {
    public static void main(String[] args) throws IOException {
        long lines = 0;
        long keys = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(Path.of(args[0])),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    keys += Json.asObject(Json.parse(line)).size();
                    lines++;
                }
            }
        }
        System.out.println(lines + " lines parsed (" + keys + " top-level keys)");
    }
}
