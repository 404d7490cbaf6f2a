package io.github.agentstrace.provenance;

import static io.github.agentstrace.provenance.GitRepos.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.redact.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needGit() {
        GitRepos.requireGit();
    }

    @Test
    void atEnd_listsCommitsAndDiffIncludingUncommittedWork() throws Exception {
        Path repo = GitRepos.repoWithCommit(tmp.resolve("r"));
        GitProcess git = GitProcess.standard();
        Provenance start = Provenance.atStart("standard", repo, git);
        assertFalse(start.start().dirty());

        Files.writeString(repo.resolve("b.txt"), "x\ny\nz\n");
        git(repo, "add", "b.txt");
        git(repo, "commit", "-q", "-m", "add b");
        Files.writeString(repo.resolve("a.txt"), "one\n"); // uncommitted: one line removed

        Provenance end = start.atEnd(repo, git);
        assertEquals(1, end.commits().size());
        assertEquals("add b", end.commits().get(0).subject());
        assertEquals(git(repo, "rev-parse", "HEAD"), end.commits().get(0).hash());
        assertEquals(new DiffStat(2, 3, 1), end.diff());
        assertTrue(end.end().dirty());
        assertEquals(end.commits().get(0).hash(), end.end().commit());
    }

    @Test
    void atStart_withoutAProcessLeavesDirtyUnknown() throws Exception {
        Path repo = GitRepos.repoWithCommit(tmp.resolve("r"));
        Files.writeString(repo.resolve("new.txt"), "untracked");
        assertNull(Provenance.atStart("standard", repo, null).start().dirty());
        assertTrue(Provenance.atStart("standard", repo, GitProcess.standard()).start().dirty());
    }

    @Test
    void withoutGitInstalled_filesStillGiveBranchAndCommit() throws Exception {
        Path repo = GitRepos.repoWithCommit(tmp.resolve("r"));
        GitProcess missing = new GitProcess(tmp.resolve("no-such-git").toString(), 1000);
        assertFalse(missing.available());
        Provenance p = Provenance.atStart("standard", repo, missing).atEnd(repo, missing);
        assertEquals("main", p.end().branch());
        assertEquals(git(repo, "rev-parse", "HEAD"), p.end().commit());
        assertNull(p.end().dirty());
        assertNull(p.commits());
        assertNull(p.diff());
    }

    @Test
    void outsideARepository_onlyThePrivacyTierIsKept() {
        Provenance p = Provenance.atStart("metadata", tmp, GitProcess.standard()).atEnd(tmp, GitProcess.standard());
        assertNull(p.start());
        assertNull(p.end());
        assertEquals("{\"privacy\":\"metadata\"}", io.github.agentstrace.json.Json.write(p.toJson()));
    }

    @Test
    void unbornBranch_diffIsAgainstTheEmptyTree() throws Exception {
        Path repo = tmp.resolve("r");
        Files.createDirectories(repo);
        git(repo, "init", "-q");
        Provenance start = Provenance.atStart("standard", repo, GitProcess.standard());
        Files.writeString(repo.resolve("a.txt"), "1\n2\n");
        git(repo, "add", "a.txt");
        git(repo, "commit", "-q", "-m", "root commit");
        Provenance end = start.atEnd(repo, GitProcess.standard());
        assertEquals(1, end.commits().size());
        assertEquals(new DiffStat(1, 2, 0), end.diff());
    }

    @Test
    void shallowClone_commitsSinceStartAreStillFound() throws Exception {
        Path origin = GitRepos.repoWithCommit(tmp.resolve("origin"));
        Path clone = tmp.resolve("clone");
        git(tmp, "clone", "-q", "--depth", "1", "file://" + origin, clone.toString());
        Provenance start = Provenance.atStart("standard", clone, GitProcess.standard());
        Files.writeString(clone.resolve("a.txt"), "one\ntwo\nthree\n");
        git(clone, "commit", "-q", "-am", "third line");
        Provenance end = start.atEnd(clone, GitProcess.standard());
        assertTrue(end.start().shallow());
        assertEquals(1, end.commits().size());
        assertEquals(new DiffStat(1, 1, 0), end.diff());
    }

    @Test
    void writeAndRead_roundTripPrivateAndRedacted() throws Exception {
        Path repo = GitRepos.repoWithCommit(tmp.resolve("r"));
        GitProcess git = GitProcess.standard();
        Provenance start = Provenance.atStart("standard", repo, git);
        git(repo, "commit", "-q", "--allow-empty", "-m", "token ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        Provenance end = start.atEnd(repo, git);
        Path session = Files.createDirectories(tmp.resolve("traces/s1"));
        end.write(session, Redactor.standard());

        String stored = Files.readString(session.resolve(Provenance.FILE));
        assertFalse(stored.contains("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), stored);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                session.resolve(Provenance.FILE))));
        Provenance back = Provenance.read(session);
        assertEquals(end.end(), back.end());
        assertEquals(end.diff(), back.diff());
        assertEquals(1, back.commits().size());
        assertNull(Provenance.read(tmp));
    }

    @Test
    void repositoryConfig_runsNoProgramOfTheRepository() throws Exception {
        Path repo = GitRepos.repoWithCommit(tmp.resolve("r"));
        Path marker = tmp.resolve("ran");
        Path program = tmp.resolve("program.sh");
        Files.writeString(program, "#!/bin/sh\ntouch '" + marker + "'\n");
        assertTrue(program.toFile().setExecutable(true));
        git(repo, "config", "core.fsmonitor", program.toString());
        git(repo, "config", "diff.external", program.toString());
        Files.writeString(repo.resolve(".gitattributes"), "*.txt diff=conv\n");
        git(repo, "config", "diff.conv.textconv", program.toString());
        Provenance start = Provenance.atStart("standard", repo, GitProcess.standard());
        Files.writeString(repo.resolve("a.txt"), "changed\n");
        Provenance end = start.atEnd(repo, GitProcess.standard());
        assertTrue(end.end().dirty());
        assertEquals(1, end.diff().linesAdded());
        assertFalse(Files.exists(marker), "a program named by the repository's config ran");
    }
}
