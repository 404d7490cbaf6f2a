package io.github.agentstrace.provenance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The git facts of a working directory at one moment. Every field but {@code root} may be null: no remote, an
 * unborn branch (no commit yet), a detached HEAD (no branch), dirty state not asked or git not installed.
 *
 * @param root      the work tree's top directory
 * @param kind      {@code repository}, {@code worktree} (a linked worktree) or {@code submodule}
 * @param remoteUrl the {@code origin} remote (else the first one), credentials stripped ({@link RemoteUrls})
 * @param branch    the checked-out branch's short name; null when HEAD is detached
 * @param commit    the full hash HEAD points at
 * @param dirty     whether tracked or untracked files differ from HEAD; null when not known
 * @param shallow   whether the repository is a shallow clone (its history is cut)
 */
public record GitFacts(String root, String kind, String remoteUrl, String branch, String commit, Boolean dirty,
                       boolean shallow) {

    /** These facts with the dirty state set. */
    public GitFacts withDirty(Boolean d) {
        return new GitFacts(root, kind, remoteUrl, branch, commit, d, shallow);
    }

    /** The sidecar's object for these facts (absent fields left out). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root", root);
        m.put("kind", kind);
        put(m, "remote_url", remoteUrl);
        put(m, "branch", branch);
        put(m, "commit", commit);
        if (dirty != null) {
            m.put("dirty", dirty);
        }
        if (shallow) {
            m.put("shallow", true);
        }
        return m;
    }

    /** The facts of a sidecar object; null when {@code m} is not one (no root). */
    public static GitFacts fromJson(Map<String, Object> m) {
        if (m == null || !(m.get("root") instanceof String root)) {
            return null;
        }
        return new GitFacts(root, text(m.get("kind"), "repository"), text(m.get("remote_url"), null),
                text(m.get("branch"), null), text(m.get("commit"), null),
                m.get("dirty") instanceof Boolean b ? b : null, Boolean.TRUE.equals(m.get("shallow")));
    }

    private static String text(Object o, String otherwise) {
        return o instanceof String s && !s.isEmpty() ? s : otherwise;
    }

    private static void put(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
