package io.github.agentstrace.provenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Git's facts read from its own files, no process started: finding the repository above a directory (a
 * {@code .git} directory, or a {@code .git} file pointing at a worktree's or submodule's git directory),
 * {@code HEAD}, loose refs and {@code packed-refs}, the remote in {@code config}, and the {@code shallow} file.
 * A few small reads, cheap enough for a hook's SessionStart. Reftable repositories and remotes configured in
 * included files are not read (they lose the commit or the remote, nothing else).
 */
public final class GitFiles {
    private GitFiles() {
    }

    /** Where a work tree's git data lives: its own directory and the one shared by all its worktrees. */
    record Location(Path workTree, Path gitDir, Path commonDir, String kind) {
    }

    /** The facts of the work tree holding {@code dir} (without dirty state); null when it is in none. */
    public static GitFacts read(Path dir) {
        Location at = locate(dir);
        if (at == null) {
            return null;
        }
        String head = firstLine(at.gitDir().resolve("HEAD"));
        String branch = null;
        String commit = null;
        if (head != null && head.startsWith("ref:")) {
            String ref = head.substring(4).trim();
            branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
            commit = resolveRef(at, ref);
        } else if (head != null && isHash(head)) {
            commit = head;
        }
        return new GitFacts(at.workTree().toString(), at.kind(), RemoteUrls.withoutCredentials(remote(at.commonDir())),
                branch, commit, null, Files.isRegularFile(at.commonDir().resolve("shallow")));
    }

    /** The work tree and git directories for {@code dir}, searching upwards; null outside any repository. */
    static Location locate(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        for (; d != null; d = d.getParent()) {
            Path dotGit = d.resolve(".git");
            if (Files.isDirectory(dotGit)) {
                if (Files.isRegularFile(dotGit.resolve("HEAD"))) {
                    return new Location(d, dotGit, dotGit, "repository");
                }
            } else if (Files.isRegularFile(dotGit)) {
                String line = firstLine(dotGit);
                if (line == null || !line.startsWith("gitdir:")) {
                    return null;
                }
                Path gitDir = d.resolve(line.substring(7).trim()).normalize();
                String common = firstLine(gitDir.resolve("commondir"));
                if (common != null) {
                    return new Location(d, gitDir, gitDir.resolve(common).normalize(), "worktree");
                }
                return new Location(d, gitDir, gitDir, "submodule");
            }
        }
        return null;
    }

    private static String resolveRef(Location at, String ref) {
        for (int hops = 0; hops < 5 && ref != null; hops++) {
            // Per-worktree refs (HEAD, bisect) live in the worktree's directory, branches in the common one.
            String loose = firstLine(at.commonDir().resolve(ref));
            if (loose == null) {
                loose = firstLine(at.gitDir().resolve(ref));
            }
            if (loose == null) {
                return packed(at.commonDir(), ref);
            }
            if (!loose.startsWith("ref:")) {
                return isHash(loose) ? loose : null;
            }
            ref = loose.substring(4).trim();
        }
        return null;
    }

    private static String packed(Path commonDir, String ref) {
        for (String line : lines(commonDir.resolve("packed-refs"))) {
            int space = line.indexOf(' ');
            if (space > 0 && !line.startsWith("#") && !line.startsWith("^") && line.substring(space + 1).equals(ref)) {
                String hash = line.substring(0, space);
                return isHash(hash) ? hash : null;
            }
        }
        return null;
    }

    /** The URL of remote {@code origin}, else of the first remote with one; null when there is none. */
    static String remote(Path commonDir) {
        String section = null;
        String first = null;
        for (String raw : lines(commonDir.resolve("config"))) {
            String line = raw.trim();
            if (line.startsWith("[")) {
                section = line;
                continue;
            }
            if (section == null || !section.startsWith("[remote ")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0 || !line.substring(0, eq).trim().equalsIgnoreCase("url")) {
                continue;
            }
            String url = unquote(line.substring(eq + 1).trim());
            if (section.replace(" ", "").equals("[remote\"origin\"]")) {
                return url;
            }
            if (first == null) {
                first = url;
            }
        }
        return first;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    static boolean isHash(String s) {
        if (s.length() != 40 && s.length() != 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(Path file) {
        List<String> lines = lines(file);
        return lines.isEmpty() ? null : lines.get(0).trim();
    }

    private static List<String> lines(Path file) {
        try {
            // Git's files are small; a larger one is not what it should be.
            if (!Files.isRegularFile(file) || Files.size(file) > 4 * 1024 * 1024) {
                return List.of();
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
