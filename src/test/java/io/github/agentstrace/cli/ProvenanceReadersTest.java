package io.github.agentstrace.cli;

import static io.github.agentstrace.provenance.GitRepos.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.api.AgentTrace;
import io.github.agentstrace.api.TraceSession;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.provenance.GitRepos;
import io.github.agentstrace.term.ColorMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the readers show of a session's provenance and privacy tier: replay, explain, list, report, share, OTLP. */
class ProvenanceReadersTest {
    private static final String NOT_KEPT = "not kept (privacy: metadata)";

    @TempDir
    Path dir;
    Path repo;
    Path traces;
    String id;
    String head;

    @BeforeEach
    void session() throws Exception {
        GitRepos.requireGit();
        repo = GitRepos.repoWithCommit(dir.resolve("repo"));
        git(repo, "checkout", "-q", "-b", "feature/x");
        git(repo, "remote", "add", "origin", "https://tok:secret@example.com/team/repo.git");
        traces = dir.resolve("traces");
        TraceSession s = AgentTrace.builder().traceDir(traces).environment(Map.of()).workingDirectory(repo)
                .privacy("metadata").agentName("coder").start();
        s.prompt("PROMPT-marker-r1");
        s.tool("Bash", Map.of("command", "INPUT-marker-r2"), () -> {
            Files.writeString(repo.resolve("a.txt"), "one\ntwo\nthree\n");
            git(repo, "commit", "-q", "-am", "third line");
            return "OUTPUT-marker-r3";
        });
        s.close();
        id = s.id();
        head = git(repo, "rev-parse", "HEAD");
    }

    private String run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", dir.toString(), "AGENT_TRACE_DIR", traces.toString()), dir,
                io.github.agentstrace.model.Clock.system(), null, ColorMode.NEVER, false);
        int code = new Main().run(List.of(argv), ctx);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void replay_headerShowsGitAndTheTierAndEventsSayNotKept() {
        String out = run("replay", id);
        assertTrue(out.contains("Git:") && out.contains("feature/x @ " + head.substring(0, 12)), out);
        assertTrue(out.contains("https://example.com/team/repo.git; 1 commit; 1 file changed, +1 -0"), out);
        assertTrue(out.contains("Privacy:"), out);
        assertTrue(out.contains(NOT_KEPT), out);
        assertFalse(out.contains("secret"), out);
    }

    @Test
    void explain_textAndJsonCarryProvenance() {
        String text = run("explain", id);
        assertTrue(text.contains("git: feature/x @ " + head.substring(0, 12)), text);
        assertTrue(text.contains(NOT_KEPT), text);
        Map<String, Object> json = Json.asObject(Json.parse(run("explain", id, "--json")));
        assertEquals("metadata", json.get("privacy"));
        assertEquals("feature/x", Json.asObject(json.get("git")).get("branch"));
    }

    @Test
    void list_jsonAddsPrivacyAndGit() {
        Map<String, Object> m = Json.asObject(Json.asArray(Json.parse(run("list", "--json"))).get(0));
        assertEquals("metadata", m.get("privacy"));
        Map<String, Object> g = Json.asObject(m.get("git"));
        assertEquals(head, g.get("commit"));
        assertEquals(1L, ((Number) g.get("commits")).longValue());
        assertEquals("https://example.com/team/repo.git", g.get("remote_url"));
    }

    @Test
    void report_byBranchAndProjectUseTheWorkTree() {
        Map<String, Object> byBranch = Json.asObject(Json.parse(run("report", "--by", "branch", "--json")));
        assertTrue(Json.write(byBranch).contains("\"feature/x\""), Json.write(byBranch));
        Map<String, Object> byProject = Json.asObject(Json.parse(run("report", "--by", "project", "--json")));
        assertTrue(Json.write(byProject).contains("\"~/repo\""), Json.write(byProject));
    }

    @Test
    void otlp_resourceHasTheVcsAttributesAndNoContent() {
        String out = run("export", id, "--format", "otlp");
        assertTrue(out.contains("\"vcs.repository.url.full\""), out);
        assertTrue(out.contains("https://example.com/team/repo.git"), out);
        assertTrue(out.contains("\"vcs.ref.head.name\""), out);
        assertTrue(out.contains(head), out);
        for (String content : List.of("PROMPT-marker-r1", "INPUT-marker-r2", "OUTPUT-marker-r3", "secret")) {
            assertFalse(out.contains(content), content);
        }
    }

    @Test
    void share_pageDataHasProvenanceAndSaysNotKept() throws Exception {
        Path page = dir.resolve("page.html");
        run("share", id, "-o", page.toString());
        String html = Files.readString(page);
        assertTrue(html.contains("feature/x"), "branch in the page data");
        assertTrue(html.contains(NOT_KEPT), "not kept text in the page data");
        assertFalse(html.contains("OUTPUT-marker-r3"));
    }
}
