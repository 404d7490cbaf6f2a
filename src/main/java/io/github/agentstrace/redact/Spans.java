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

    private boolean before(int a, int b) {
        return starts[a] != starts[b] ? starts[a] < starts[b] : priorities[a] < priorities[b];
    }

    /** The text with every recorded range replaced by {@code [<prefix>:<type>]}. */
    String apply() {
        int n = types.size();
        if (n == 0) {
            return text;
        }
        // insertion sort by (start, priority): finds per string are few, and most arrive in order
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            int j = i;
            while (j > 0 && before(i, order[j - 1])) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
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
