package io.github.agentstrace.provenance;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.FilePermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's {@code provenance.json} sidecar: the privacy tier it was recorded at, and, when its working
 * directory was in a git work tree, the git facts at start and end, the commits made in between and the diff
 * from the start commit to the work tree at the end. Fields not known are absent (null here): a session that
 * has not ended has no {@code end}; outside a repository there is no {@code start}.
 *
 * @param privacy the tier's wire name ({@code metadata}, {@code standard}, {@code full})
 * @param start   git facts when the session started (dirty state only where a process could be afforded)
 * @param end     git facts when it ended
 * @param commits commits reachable from HEAD at the end and not from the start commit, newest first (at most
 *                {@value #MAX_COMMITS}); null when not known
 * @param diff    start commit → end work tree (tracked files), null when not known
 */
public record Provenance(String privacy, GitFacts start, GitFacts end, List<Commit> commits, DiffStat diff) {
    /** The sidecar's file name, beside meta.json. */
    public static final String FILE = "provenance.json";
    static final int MAX_COMMITS = 1000;
    /** Git's empty tree: what an unborn branch's work is diffed against. */
    private static final String EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    /**
     * The facts at a session's start in {@code cwd} (null: none known). {@code git} null reads git's files only,
     * leaving the dirty state unknown: what a hook's SessionStart can afford.
     */
    public static Provenance atStart(String privacy, Path cwd, GitProcess git) {
        GitFacts facts = cwd == null ? null : GitFiles.read(cwd);
        if (facts != null && git != null) {
            facts = facts.withDirty(dirty(git, Path.of(facts.root())));
        }
        return new Provenance(privacy, facts, null, null, null);
    }

    /** This provenance completed at the session's end: end facts, commits since the start, the diff. */
    public Provenance atEnd(Path cwd, GitProcess git) {
        Path where = start != null ? Path.of(start.root()) : cwd;
        GitFacts now = where == null ? null : GitFiles.read(where);
        if (now == null) {
            return new Provenance(privacy, start, null, commits, diff);
        }
        Path root = Path.of(now.root());
        now = now.withDirty(dirty(git, root));
        String from = start == null ? null : start.commit();
        List<Commit> made = null;
        DiffStat changed = null;
        if (start != null && start.root().equals(now.root())) {
            made = commits(git, root, from);
            String numstat = git.run(root, "diff", "--numstat", "--no-renames", "--no-ext-diff", "--no-textconv",
                    from == null ? EMPTY_TREE : from);
            changed = numstat == null ? null : DiffStat.parseNumstat(numstat);
        }
        return new Provenance(privacy, start, now, made, changed);
    }

    /**
     * The provenance of an imported transcript, after the fact: the branch it names at its start and end
     * ({@code gitBranch}), the repository its {@code cwd} is in now, and the commits of any branch authored
     * between {@code from} and {@code to} (epoch seconds). No commits or dirty state at start or end, no diff:
     * the work tree has moved on since.
     */
    public static Provenance imported(String privacy, Path cwd, String startBranch, String endBranch, double from,
                                      double to, GitProcess git) {
        GitFacts now = cwd == null ? null : GitFiles.read(cwd);
        if (now == null) {
            return new Provenance(privacy, null, null, null, null);
        }
        GitFacts start = new GitFacts(now.root(), now.kind(), now.remoteUrl(), startBranch, null, null, now.shallow());
        GitFacts end = new GitFacts(now.root(), now.kind(), now.remoteUrl(), endBranch != null ? endBranch : startBranch,
                null, null, now.shallow());
        // git's --since is by commit time, never before the author time: a bound, then author times decide.
        String out = git.run(Path.of(now.root()), "log", "--all", "-n", String.valueOf(MAX_COMMITS),
                "--since=@" + (long) Math.floor(from), "--format=%H%x1f%at%x1f%s");
        List<Commit> during = null;
        if (out != null) {
            during = new ArrayList<>();
            for (Commit c : parseLog(out)) {
                if (c.authorTime() >= Math.floor(from) && c.authorTime() <= Math.ceil(to)) {
                    during.add(c);
                }
            }
        }
        return new Provenance(privacy, start, end, during, null);
    }

    private static Boolean dirty(GitProcess git, Path root) {
        String out = git.run(root, "status", "--porcelain", "--ignore-submodules=dirty");
        return out == null ? null : !out.isBlank();
    }

    private static List<Commit> commits(GitProcess git, Path root, String from) {
        String range = from == null ? "HEAD" : from + "..HEAD";
        String out = git.run(root, "log", "-n", String.valueOf(MAX_COMMITS), "--format=%H%x1f%at%x1f%s", range);
        if (out == null) {
            return null; // the start commit is gone (rebased away, or cut by a shallow fetch) or HEAD is unborn
        }
        return parseLog(out);
    }

    private static List<Commit> parseLog(String out) {
        List<Commit> list = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\u001f", 3);
            if (f.length == 3 && GitFiles.isHash(f[0])) {
                long at;
                try {
                    at = Long.parseLong(f[1]);
                } catch (NumberFormatException e) {
                    at = 0;
                }
                list.add(new Commit(f[0], f[2], at));
            }
        }
        return list;
    }

    /** The sidecar's JSON object. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("privacy", privacy);
        if (start != null) {
            m.put("start", start.toJson());
        }
        if (end != null) {
            m.put("end", end.toJson());
        }
        if (commits != null) {
            List<Object> list = new ArrayList<>(commits.size());
            for (Commit c : commits) {
                list.add(c.toJson());
            }
            m.put("commits", list);
        }
        if (diff != null) {
            m.put("diff", diff.toJson());
        }
        return m;
    }

    /** From the sidecar's JSON; unknown fields are ignored, a missing tier reads as {@code standard}. */
    public static Provenance fromJson(Object json) {
        Map<String, Object> m = Json.asObject(json);
        List<Commit> commits = null;
        if (m.get("commits") instanceof List<?> list) {
            commits = new ArrayList<>();
            for (Object o : list) {
                Commit c = o instanceof Map<?, ?> ? Commit.fromJson(Json.asObject(o)) : null;
                if (c != null) {
                    commits.add(c);
                }
            }
        }
        return new Provenance(m.get("privacy") instanceof String p ? p : "standard",
                GitFacts.fromJson(Json.asObject(m.get("start"))), GitFacts.fromJson(Json.asObject(m.get("end"))),
                commits, DiffStat.fromJson(m.get("diff")));
    }

    /** The latest facts: the end's when the session has ended, else the start's; null when there are none. */
    public GitFacts latest() {
        return end != null ? end : start;
    }

    /**
     * The facts a listing shows of a session: root, remote URL, branch, commit and dirty state (the latest),
     * and what changed (commit count, files, lines). Null when there are no git facts.
     */
    public Map<String, Object> headline() {
        GitFacts g = latest();
        if (g == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root", g.root());
        m.put("remote_url", g.remoteUrl());
        m.put("branch", g.branch());
        m.put("commit", g.commit());
        m.put("dirty", g.dirty());
        m.put("commits", commits == null ? null : commits.size());
        m.put("files_changed", diff == null ? null : diff.filesChanged());
        m.put("lines_added", diff == null ? null : diff.linesAdded());
        m.put("lines_removed", diff == null ? null : diff.linesRemoved());
        return m;
    }

    /**
     * The latest git facts as people read them: {@code main @ 1a2b3c4d5e6f (dirty), https://host/o/r.git};
     * a detached HEAD shows as {@code (detached)}. Null when there are none.
     */
    public String describeGit() {
        GitFacts g = latest();
        if (g == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(g.branch() != null ? g.branch() : "(detached)");
        if (g.commit() != null) {
            sb.append(" @ ").append(g.commit(), 0, Math.min(12, g.commit().length()));
        }
        if (Boolean.TRUE.equals(g.dirty())) {
            sb.append(" (dirty)");
        }
        sb.append(", ").append(g.remoteUrl() != null ? g.remoteUrl() : g.root());
        return sb.toString();
    }

    /** What the session changed: {@code 2 commits; 3 files changed, +10 -2}. Null when not known. */
    public String describeChanges() {
        if (commits == null && diff == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (commits != null) {
            sb.append(commits.size()).append(commits.size() == 1 ? " commit" : " commits");
        }
        if (diff != null) {
            sb.append(sb.length() > 0 ? "; " : "").append(diff.filesChanged())
                    .append(diff.filesChanged() == 1 ? " file changed, +" : " files changed, +")
                    .append(diff.linesAdded()).append(" -").append(diff.linesRemoved());
        }
        return sb.toString();
    }

    /** The sidecar of the session in {@code sessionDir}; null when there is none or it cannot be read. */
    public static Provenance read(Path sessionDir) {
        try {
            return fromJson(Json.parse(FilePermissions.read(sessionDir.resolve(FILE))));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // a damaged sidecar loses the provenance, never the session
        }
    }

    /**
     * Writes a new session's sidecar: its tier (from {@code redactor}) and the git facts of {@code cwd}
     * ({@code git} null: from git's files only). Never throws: a sidecar that cannot be written is left out.
     * Returns what was written, or null.
     */
    public static Provenance recordStart(Path sessionDir, Path cwd, GitProcess git, Redactor redactor) {
        try {
            Provenance p = atStart(redactor.privacy().wire(), cwd, git);
            p.write(sessionDir, redactor);
            return p;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Completes a session's sidecar at its end: end facts, commits, diff. A session without a sidecar gets one
     * with end facts only (its start is not known). Never throws; returns what was written, or null.
     */
    public static Provenance recordEnd(Path sessionDir, Path cwd, GitProcess git, Redactor redactor) {
        try {
            Provenance before = read(sessionDir);
            if (before == null) {
                before = new Provenance(redactor.privacy().wire(), null, null, null, null);
            }
            Provenance p = before.atEnd(cwd, git);
            p.write(sessionDir, redactor);
            return p;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Writes the sidecar (0600, replaced atomically) through {@code redactor}: a commit subject may hold a secret. */
    public void write(Path sessionDir, Redactor redactor) throws IOException {
        Object clean = redactor.redactValue(toJson());
        FilePermissions.replace(sessionDir.resolve(FILE),
                Json.write(clean, Json.Style.PRETTY_ASCII).getBytes(StandardCharsets.UTF_8));
    }
}
