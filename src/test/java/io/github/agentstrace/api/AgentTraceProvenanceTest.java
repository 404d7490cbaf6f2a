package io.github.agentstrace.api;

import static io.github.agentstrace.provenance.GitRepos.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.provenance.GitRepos;
import io.github.agentstrace.provenance.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API's privacy tier and git provenance. */
class AgentTraceProvenanceTest {
    @TempDir
    Path dir;

    @Test
    void session_inARepository_recordsStartEndAndItsCommits() throws Exception {
        GitRepos.requireGit();
        Path repo = GitRepos.repoWithCommit(dir.resolve("repo"));
        Path traces = dir.resolve("traces");
        TraceSession s = AgentTrace.builder().traceDir(traces).environment(Map.of()).workingDirectory(repo)
                .agentName("coder").start();
        s.tool("write", Map.of("file_path", "b.txt"), () -> {
            Files.writeString(repo.resolve("b.txt"), "b\n");
            git(repo, "add", "b.txt");
            git(repo, "commit", "-q", "-m", "add b");
            return "ok";
        });
        s.close();
        Provenance p = Provenance.read(traces.resolve(s.id()));
        assertEquals("standard", p.privacy());
        assertFalse(p.start().dirty());
        assertEquals("add b", p.commits().get(0).subject());
        assertEquals(git(repo, "rev-parse", "HEAD"), p.end().commit());
        assertEquals(1, p.diff().filesChanged());
    }

    @Test
    void privacyMetadata_keepsToolNamesAndPathsNotResults() throws Exception {
        Path traces = dir.resolve("traces");
        TraceSession s = AgentTrace.builder().traceDir(traces).environment(Map.of()).workingDirectory(dir)
                .privacy("metadata").start();
        s.prompt("PROMPT-marker-91");
        s.tool("read", Map.of("path", "/p/a.txt", "mode", "SECRET-mode-arg"), () -> "OUTPUT-marker-92");
        s.close();
        String stored = Files.readString(traces.resolve(s.id()).resolve("events.ndjson"));
        assertFalse(stored.contains("PROMPT-marker-91"), stored);
        assertFalse(stored.contains("OUTPUT-marker-92"), stored);
        assertFalse(stored.contains("SECRET-mode-arg"), stored);
        assertTrue(stored.contains("/p/a.txt"), stored);
        assertEquals("metadata", Provenance.read(traces.resolve(s.id())).privacy());
    }

    @Test
    void privacy_unknownTierIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentTrace.builder().privacy("none"));
        assertEquals("privacy: unknown privacy tier 'none' (expected metadata, standard or full)", e.getMessage());
    }
}
