package io.github.agentstrace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The selection's time values, its units (subagents with parents, cycles once, flat), and its projects. */
class SelectionTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
            "30m,false,2026-11-24T11:30:00Z", "12h,false,2026-11-24T00:00:00Z", "7d,false,2026-11-17T12:00:00Z",
            "2w,true,2026-11-10T12:00:00Z", "2026-11-01,false,2026-11-01T00:00:00Z",
            "2026-11-01,true,2026-11-02T00:00:00Z", "2026-11-01T14:30,false,2026-11-01T14:30:00Z",
            "2026-11-01T14:30:15,true,2026-11-01T14:30:15Z", "2026-11-01T14:30:00+02:00,false,2026-11-01T12:30:00Z",
            "2026-11-01T14:30:00Z,false,2026-11-01T14:30:00Z"})
    void parseTime_relativeDatesAndTimesInUtc(String text, boolean end, String expected) {
        assertEquals(Instant.parse(expected).getEpochSecond(), (long) Selection.parseTime(text, NOW, end));
    }

    @ParameterizedTest
    @CsvSource({"yesterday", "7", "7y", "-7d", "2026-11-31", "2026/11/01", "''", "2026-11-01 14:30"})
    void parseTime_refusesWhatIsNotATime(String text) {
        assertEquals("'" + text + "' is not a time (use 30m, 12h, 7d, 2w, a date such as 2026-11-01, or 2026-11-01T14:30)",
                assertThrows(IllegalArgumentException.class, () -> Selection.parseTime(text, NOW, false)).getMessage());
    }

    @Test
    void items_subagentsWithTheirParent_cyclesOnce_orphansOnTheirOwn_flatEveryOne() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("t"), TraceDirRegistry.NONE);
        create(store, SessionMeta.start("top", 100, "claude-code", ""));
        create(store, SessionMeta.start("kid", 110, "claude-code/Explore", "").withParent("top", "", 1));
        create(store, SessionMeta.start("orphan", 120, "claude-code/Plan", "").withParent("gone", "", 1));
        create(store, SessionMeta.start("cyc-a", 130, "x", "").withParent("cyc-b", "", 1));
        create(store, SessionMeta.start("cyc-b", 140, "x", "").withParent("cyc-a", "", 1));
        List<String> warnings = new ArrayList<>();
        Selection.Dir dir = new Selection.Dir(store.root(), store, store.root());
        SessionTree tree = new SessionTree(store, warnings::add);
        assertEquals(List.of("cyc-b[cyc-a]", "orphan", "top[kid]"),
                describe(selection(Selection.Filter.NONE).items(dir, tree)));
        assertEquals(List.of("cyc-b", "cyc-a", "orphan", "kid", "top"),
                describe(selection(new Selection.Filter(false, Double.NaN, Double.NaN, null, null, true)).items(dir, tree)));
        assertEquals(List.of("orphan", "top[kid]"), describe(selection(
                new Selection.Filter(false, Double.NaN, Double.NaN, "claude-code", null, false)).items(dir, tree)),
                "an agent matches its subagent types; the orphan is its own top");
        assertEquals(List.of("orphan", "top[kid]"), describe(selection(
                new Selection.Filter(false, 100, 125, null, null, false)).items(dir, tree)), "[since, until)");
    }

    private Selection selection(Selection.Filter f) {
        return new Selection(f, tmp.resolve("t"), TraceDirRegistry.NONE, w -> { });
    }

    private static void create(TraceStore store, SessionMeta meta) {
        store.create(meta, Redactor.disabled());
    }

    private static List<String> describe(List<Selection.Item> items) {
        List<String> out = new ArrayList<>();
        for (Selection.Item i : items) {
            List<SessionTree.Node> all = i.node().flatten();
            String kids = all.size() == 1 ? "" : all.subList(1, all.size()).stream().map(n -> n.meta().sessionId())
                    .reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]").orElse("");
            out.add(i.id() + kids);
        }
        return out;
    }

    @Test
    void dirs_projectOfATraceDirectory_andTheProjectFilter() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("home/src/app/.agent-traces"));
        Path b = Files.createDirectories(tmp.resolve("home/elsewhere"));
        TraceDirRegistry registry = TraceDirRegistry.at(tmp.resolve("reg"));
        registry.add(a);
        registry.add(b);
        registry.add(tmp.resolve("home/moved/.agent-traces"));
        Selection all = new Selection(new Selection.Filter(true, Double.NaN, Double.NaN, null, null, false), a,
                registry, w -> { });
        List<Selection.Dir> dirs = all.dirs();
        assertEquals(List.of(a, b), dirs.stream().map(Selection.Dir::path).toList(), "each once, moved ones skipped");
        assertEquals(List.of(tmp.resolve("home/src/app"), b), dirs.stream().map(Selection.Dir::project).toList());
        assertEquals("~/src/app", dirs.get(0).projectLabel(tmp.resolve("home")));
        assertEquals(b.toString(), dirs.get(1).projectLabel(null));
        Selection inSrc = new Selection(new Selection.Filter(false, Double.NaN, Double.NaN, null, tmp.resolve("home/src"),
                false), b, registry, w -> { });
        assertEquals(List.of(a), inSrc.dirs().stream().map(Selection.Dir::path).toList(), "--project reads everywhere");
    }
}
