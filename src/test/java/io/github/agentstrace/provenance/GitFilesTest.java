package io.github.agentstrace.provenance;

import static io.github.agentstrace.provenance.GitRepos.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitFilesTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needGit() {
        GitRepos.requireGit();
    }

    @Test
    void read_givesRootBranchCommitAndRemoteWithoutCredentials() throws Exception {
        Path repo = GitRepos.repoWithCommit(tmp.resolve("r"));
        git(repo, "remote", "add", "origin", "https://alice:ghp_secret123@github.com/o/r.git");
        git(repo, "remote", "add", "backup", "git@example.com:o/r.git");
        Files.createDirectories(repo.resolve("src/deep"));

        GitFacts f = GitFiles.read(repo.resolve("src/deep"));

        assertEquals(repo.toRealPath().toString(), Path.of(f.root()).toRealPath().toString());
        assertEquals("repository", f.kind());
        assertEquals("main", f.branch());
        assertEquals(git(repo, "rev-parse", "HEAD"), f.commit());
        assertEquals("https://github.com/o/r.git", f.remoteUrl());
        assertNull(f.dirty(), "files alone do not tell dirty state");
        assertFalse(f.shallow());
    }

    @Test
    void read_findsPackedRefs() throws Exception {
        Path repo = GitRepos.repoWithCommit(tmp.resolve("r"));
        git(repo, "pack-refs", "--all");
        assertFalse(Files.exists(repo.resolve(".git/refs/heads/main")));
        assertEquals(git(repo, "rev-parse", "HEAD"), GitFiles.read(repo).commit());
    }

    @Test
    void read_detachedHeadHasCommitAndNoBranch() throws Exception {
        Path repo = GitRepos.repoWithCommit(tmp.resolve("r"));
        String head = git(repo, "rev-parse", "HEAD");
        git(repo, "checkout", "-q", "--detach");
        GitFacts f = GitFiles.read(repo);
        assertNull(f.branch());
        assertEquals(head, f.commit());
    }

    @Test
    void read_unbornBranchHasBranchAndNoCommit() throws Exception {
        Path repo = tmp.resolve("r");
        Files.createDirectories(repo);
        git(repo, "init", "-q");
        GitFacts f = GitFiles.read(repo);
        assertEquals("main", f.branch());
        assertNull(f.commit());
        assertNull(f.remoteUrl());
    }

    @Test
    void read_outsideAnyRepositoryIsNull() {
        assertNull(GitFiles.read(tmp));
    }

    @Test
    void read_linkedWorktreeHasItsOwnBranchAndTheSharedRemote() throws Exception {
        Path repo = GitRepos.repoWithCommit(tmp.resolve("r"));
        git(repo, "remote", "add", "origin", "https://example.com/o/r.git");
        Path wt = tmp.resolve("wt");
        git(repo, "worktree", "add", "-q", "-b", "feature", wt.toString());
        GitFacts f = GitFiles.read(wt);
        assertEquals("worktree", f.kind());
        assertEquals("feature", f.branch());
        assertEquals(wt.toRealPath().toString(), Path.of(f.root()).toRealPath().toString());
        assertEquals(git(wt, "rev-parse", "HEAD"), f.commit());
        assertEquals("https://example.com/o/r.git", f.remoteUrl());
    }

    @Test
    void read_submoduleIsItsOwnRepository() throws Exception {
        Path lib = GitRepos.repoWithCommit(tmp.resolve("lib"));
        Path app = GitRepos.repoWithCommit(tmp.resolve("app"));
        git(app, "submodule", "add", "-q", lib.toString(), "vendor/lib");
        Path sub = app.resolve("vendor/lib");
        assertTrue(Files.isRegularFile(sub.resolve(".git")));
        GitFacts f = GitFiles.read(sub);
        assertEquals("submodule", f.kind());
        assertEquals(sub.toRealPath().toString(), Path.of(f.root()).toRealPath().toString());
        assertEquals(git(lib, "rev-parse", "HEAD"), f.commit());
        assertEquals(lib.toString(), f.remoteUrl());
    }

    @Test
    void read_shallowCloneIsMarkedShallow() throws Exception {
        Path origin = GitRepos.repoWithCommit(tmp.resolve("origin"));
        Files.writeString(origin.resolve("a.txt"), "changed\n");
        git(origin, "commit", "-q", "-am", "second");
        Path clone = tmp.resolve("clone");
        git(tmp, "clone", "-q", "--depth", "1", "file://" + origin, clone.toString());
        GitFacts f = GitFiles.read(clone);
        assertTrue(f.shallow());
        assertEquals(git(origin, "rev-parse", "HEAD"), f.commit());
        assertEquals("main", f.branch());
    }

    @Test
    void withoutCredentials_stripsUserInformationOfUrlsOnly() {
        assertEquals("https://host/o/r.git", RemoteUrls.withoutCredentials("https://user:tok@host/o/r.git"));
        assertEquals("https://host/o/r.git", RemoteUrls.withoutCredentials("https://tok@host/o/r.git"));
        assertEquals("ssh://host:22/r", RemoteUrls.withoutCredentials("ssh://git:pw@host:22/r"));
        assertEquals("git@host:o/r.git", RemoteUrls.withoutCredentials("git@host:o/r.git"));
        assertEquals("https://host", RemoteUrls.withoutCredentials("https://u:p@host"));
        assertEquals("/srv/repo", RemoteUrls.withoutCredentials("/srv/repo"));
    }
}
