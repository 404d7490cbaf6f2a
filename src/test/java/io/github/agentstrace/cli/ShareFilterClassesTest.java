package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.agentstrace.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The page's filter chips mean what {@code replay --filter} means: for every sample session and class, the
 * rows the page puts in a class are the rows one of whose events replay shows under that class.
 */
class ShareFilterClassesTest {
    private static final Path EXAMPLES = Path.of(".agent-traces.example").toAbsolutePath();
    private static final Map<String, Integer> BITS = Map.of("%error", 1, "%shell", 2, "%file", 4, "%mcp", 8, "%llm", 16);
    private static final Pattern NUMBER = Pattern.compile("^\\s*#(\\d+) ", Pattern.MULTILINE);

    @Test
    void pageClasses_areReplayFilterClasses() throws Exception {
        List<String> ids;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            ids = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        int compared = 0;
        for (String id : ids) {
            CliHarness.Result share = CliHarness.once(EXAMPLES, Map.of(), new byte[0], "--trace-dir", EXAMPLES.toString(), "share", id, "--stdout");
            assertEquals(0, share.status(), share.err());
            String html = share.out();
            String open = "id=\"agent-strace-data\">";
            int start = html.indexOf(open) + open.length();
            List<Object> rows = Json.asArray(Json.asObject(Json.parse(html.substring(start, html.indexOf("</script>", start)))).get("rows"));
            for (Map.Entry<String, Integer> cls : BITS.entrySet()) {
                CliHarness.Result replay = CliHarness.once(EXAMPLES, Map.of(), new byte[0], "--trace-dir", EXAMPLES.toString(), "replay",
                        "--numbers", "--no-header", "--filter", cls.getKey(), id);
                assertEquals(0, replay.status(), replay.err());
                TreeSet<Long> shown = new TreeSet<>();
                Matcher m = NUMBER.matcher(replay.out());
                while (m.find()) {
                    shown.add(Long.parseLong(m.group(1)));
                }
                TreeSet<Long> byReplay = new TreeSet<>();
                TreeSet<Long> byPage = new TreeSet<>();
                for (Object o : rows) {
                    List<Object> r = Json.asArray(o);
                    if (((Number) r.get(1)).intValue() != 0) {
                        continue; // replay without --expand-subagents shows the session's own events
                    }
                    long n = ((Number) r.get(2)).longValue();
                    Object answer = Json.asObject(r.get(10)).get("answer");
                    if (shown.contains(n) || (answer instanceof Number a && shown.contains(a.longValue()))) {
                        byReplay.add(n);
                    }
                    if ((((Number) r.get(9)).intValue() & cls.getValue()) != 0) {
                        byPage.add(n);
                    }
                }
                assertEquals(byReplay, byPage, id + " " + cls.getKey());
                compared += byPage.size();
            }
        }
        assertFalse(compared == 0, "the samples have events in the classes");
    }
}
