package io.github.agentstrace.provenance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The change between a session's start commit and the work tree at its end (commits and uncommitted work
 * together): files changed, lines added and removed. Binary files count as changed with no lines.
 */
public record DiffStat(long filesChanged, long linesAdded, long linesRemoved) {
    /** Parses {@code git diff --numstat} output. */
    static DiffStat parseNumstat(String out) {
        long files = 0;
        long added = 0;
        long removed = 0;
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", 3);
            if (f.length < 3) {
                continue;
            }
            files++;
            added += number(f[0]);
            removed += number(f[1]);
        }
        return new DiffStat(files, added, removed);
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0; // "-" for a binary file
        }
    }

    /** The sidecar's object. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files_changed", filesChanged);
        m.put("lines_added", linesAdded);
        m.put("lines_removed", linesRemoved);
        return m;
    }

    /** From a sidecar object; null when it is not one. */
    public static DiffStat fromJson(Object o) {
        if (!(o instanceof Map<?, ?> m) || !(m.get("files_changed") instanceof Number f)) {
            return null;
        }
        return new DiffStat(f.longValue(), m.get("lines_added") instanceof Number a ? a.longValue() : 0,
                m.get("lines_removed") instanceof Number r ? r.longValue() : 0);
    }
}
