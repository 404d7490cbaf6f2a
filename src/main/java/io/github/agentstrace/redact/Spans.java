package io.github.agentstrace.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secrets found in one string: half-open ranges with a marker type. {@link #apply} merges overlapping
 * ranges (the earliest-starting, then highest-priority find names the marker) and builds the result in one pass.
 */
final class Spans {
    /** Finds are ordered by a long key whose low 24 bits hold the index. */
    private static final int MAX_FINDS = 1 << 24;
    private final String text;
    private final Set<String> allow;
    private final List<Pattern> allowPatterns;
    private int[] starts = new int[4];
    private int[] ends = new int[4];
    private int[] priorities = new int[4];
    private final List<String> types = new ArrayList<>(4);

    Spans(String text, Set<String> allow, List<Pattern> allowPatterns) {
        this.text = text;
        this.allow = allow;
        this.allowPatterns = allowPatterns;
    }

    /** Records a secret at {@code [start, end)} unless it is empty or allow-listed. */
    void add(int start, int end, String type, int priority) {
        if (start >= end) {
            return;
        }
        if (!allow.isEmpty() || !allowPatterns.isEmpty()) {
            String found = text.substring(start, end);
            if (allow.contains(found)) {
                return;
            }
            for (Pattern p : allowPatterns) {
                if (p.matcher(found).matches()) {
                    return;
                }
            }
        }
        int n = types.size();
        if (n == MAX_FINDS) {
            // absurd input: widen the last find rather than drop one (over-redacting is the safe side)
            starts[n - 1] = Math.min(starts[n - 1], start);
            ends[n - 1] = Math.max(ends[n - 1], end);
            return;
        }
        if (n == starts.length) {
            starts = java.util.Arrays.copyOf(starts, n * 2);
            ends = java.util.Arrays.copyOf(ends, n * 2);
            priorities = java.util.Arrays.copyOf(priorities, n * 2);
        }
        starts[n] = start;
        ends[n] = end;
        priorities[n] = priority;
        types.add(type);
    }

    boolean isEmpty() {
        return types.isEmpty();
    }

    /** The text with every recorded range replaced by {@code [<prefix>:<type>]}. */
    String apply() {
        int n = types.size();
        if (n == 0) {
            return text;
        }
        // order by (start, priority): one long per find, sorted without boxing or a comparator
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) starts[i] << 32 | (long) (priorities[i] & 0xff) << 24 | i;
        }
        java.util.Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & 0xffffff);
        }
        StringBuilder out = new StringBuilder(text.length());
        int pos = 0;
        int i = 0;
        while (i < n) {
            int first = order[i];
            int start = starts[first];
            int end = ends[first];
            i++;
            while (i < n && starts[order[i]] < end) {
                end = Math.max(end, ends[order[i]]);
                i++;
            }
            out.append(text, pos, start).append(Markers.marker(types.get(first)));
            pos = end;
        }
        out.append(text, pos, text.length());
        return out.toString();
    }
}
