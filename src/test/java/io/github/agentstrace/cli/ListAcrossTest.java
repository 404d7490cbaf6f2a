package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.replay.Golden;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list} with the selection of sessions: {@code --all} over registered trace directories (with a Project
 * column), the time, agent and project filters, {@code --flat}, and the usage errors of bad values.
 */
class ListAcrossTest {
    @TempDir
    Path tmp;
    AcrossFixture f;

    @BeforeEach
    void setUp() {
        f = new AcrossFixture(tmp);
    }

    private String ok(String... argv) {
        CliHarness.Result r = f.cli.run(argv);
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r.out();
    }

    @Test
    void all_listsEveryRegisteredDirectoryWithAProjectColumn() {
        String out = ok("list", "--all");
        Golden.assertMatches("list-all-80cols.txt", out);
        assertEquals(List.of("1f49417ce8920b3b", "ec60f27c-f718-4d", "↳aa7ddf1d23bc5b3bb", "9cc82d8d0a3ce14b",
                "a0e78b1d5c424034", "a9fa908b3ec146e3", "3b9e1f4a-6c2d-4f"), AcrossFixture.ids(out));
        assertTrue(out.contains("~/work/beta") && out.contains("~/work/alpha"), out);
        for (int width : new int[] {60, 120}) {
            f.cli.env.put("COLUMNS", "" + width);
            String narrow = ok("list", "--all");
            for (String line : narrow.split("\n")) {
                assertTrue(Line.width(Ansi.strip(line)) <= width, "wider than " + width + ": " + line);
            }
            Golden.assertMatches("list-all-" + width + "cols.txt", narrow);
        }
        // Without --all: the working directory's trace directory alone, and no Project column.
        String here = ok("list");
        assertEquals(List.of("a0e78b1d5c424034", "a9fa908b3ec146e3", "3b9e1f4a-6c2d-4f"), AcrossFixture.ids(here));
        assertFalse(here.contains("Project"), here);
    }

    @Test
    void all_json_namesTheTraceDirectoryOfEachSession() {
        List<Object> all = Json.asArray(Json.parse(ok("list", "--all", "--json")));
        assertEquals(7, all.size());
        assertEquals(f.beta.toString(), Json.asObject(all.get(0)).get("trace_dir"));
        assertEquals(f.alpha.toString(), Json.asObject(all.get(6)).get("trace_dir"));
        assertFalse(ok("list", "--json").contains("trace_dir"), "one directory: the meta as it is");
    }

    @Test
    void all_skipsMovedDirectoriesAndCountsALinkAndItsTargetOnce() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("beta-link"), f.beta);
        Files.writeString(f.registryFile(), f.alpha + "\n" + tmp.resolve("gone/.agent-traces") + "\n" + f.beta
                + "\n" + link + "\n");
        assertEquals(7, AcrossFixture.ids(ok("list", "--all")).size());
    }

    @Test
    void all_aSessionDirectoryThatIsALinkIsNotFollowed() throws Exception {
        Files.createSymbolicLink(f.beta.resolve("linked0000000001"), f.alpha.resolve("a0e78b1d5c424034"));
        CliHarness.Result r = f.cli.run("list", "--all");
        assertEquals(0, r.status(), r.toString());
        assertEquals(7, AcrossFixture.ids(r.out()).size(), r.out());
        assertTrue(r.err().contains("skipped linked0000000001: ") && r.err().contains("is a symbolic link"), r.err());
    }

    @Test
    void filters_sinceUntilAgentProject() {
        // The harness's clock is 2026-11-24 00:26:40 UTC: the fixtures started 50 minutes before, the samples after.
        assertEquals(List.of("a0e78b1d5c424034", "a9fa908b3ec146e3", "3b9e1f4a-6c2d-4f"),
                AcrossFixture.ids(ok("list", "--all", "--until", "2026-11-23")));
        assertEquals(List.of("a0e78b1d5c424034", "a9fa908b3ec146e3"),
                AcrossFixture.ids(ok("list", "--all", "--since", "2026-11-23T23:38", "--until", "2026-11-23T23:59:59Z")));
        assertEquals(List.of("1f49417ce8920b3b", "ec60f27c-f718-4d", "↳aa7ddf1d23bc5b3bb", "9cc82d8d0a3ce14b"),
                AcrossFixture.ids(ok("list", "--all", "--since", "30m")));
        assertEquals(List.of("ec60f27c-f718-4d", "↳aa7ddf1d23bc5b3bb", "3b9e1f4a-6c2d-4f"),
                AcrossFixture.ids(ok("list", "--all", "--agent", "Claude-Code")));
        assertEquals(List.of("1f49417ce8920b3b", "ec60f27c-f718-4d", "↳aa7ddf1d23bc5b3bb", "9cc82d8d0a3ce14b"),
                AcrossFixture.ids(ok("list", "--project", "../beta")), "--project implies --all");
        assertEquals(7, AcrossFixture.ids(ok("list", "--project", f.home.toString())).size(), "a parent of projects");
        assertTrue(ok("list", "--all", "--agent", "nobody").startsWith("No traces found in 2 trace directories"
                + " that match the filters"));
    }

    @Test
    void flat_everySessionOnItsOwn_subagentsMarkedAndJudgedByThemselves() {
        assertEquals(List.of("aa7ddf1d23bc5b3bb"), AcrossFixture.ids(ok("list", "--all", "--flat", "--agent",
                "claude-code/general-purpose")).stream().map(s -> s.replace("↳", "")).toList());
        assertEquals(List.of(), AcrossFixture.ids(ok("list", "--all", "--agent", "claude-code/general-purpose")),
                "not flat, the parent is judged");
        String flat = ok("list", "--all", "--flat");
        assertTrue(flat.contains("\n  ↳ aa7ddf1d23bc5b3bb "), flat);
        assertEquals(7, AcrossFixture.ids(flat).size());
    }

    @Test
    void badValues_areUsageErrorsOfOneLine() {
        for (String[] argv : List.of(
                new String[] {"list", "--since", "yesterday"},
                new String[] {"list", "--until", "2026-13-01"},
                new String[] {"list", "--since", "7x"},
                new String[] {"list", "--since", "2026-11-24", "--until", "2026-11-01"},
                new String[] {"list", "--agent", ""},
                new String[] {"list", "--project", " "})) {
            CliHarness.Result r = f.cli.run(argv);
            assertEquals(2, r.status(), String.join(" ", argv) + " " + r);
            assertEquals("", r.out());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("agent-strace list: ") && r.err().endsWith("; see 'agent-strace list --help'\n"),
                    r.err());
        }
        assertEquals("agent-strace list: invalid --since: 'yesterday' is not a time (use 30m, 12h, 7d, 2w, a date such as"
                + " 2026-11-01, or 2026-11-01T14:30); see 'agent-strace list --help'\n",
                f.cli.run("list", "--since", "yesterday").err());
    }
}
