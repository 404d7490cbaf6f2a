package io.github.agentstrace.redact;

import java.util.Arrays;
import java.util.List;

/**
 * The cheap pre-check: one pass over a string that says which detectors could find anything in it, and where,
 * by looking for their trigger fragments (case-insensitively). Lookup is by the first two characters, so most
 * positions cost one table read. Most strings in a trace (paths, ids, prose, code without credentials) hit no
 * trigger and are returned without any regular-expression work.
 */
final class TriggerIndex {
    private static final char[] LOWER = new char[128];

    static {
        for (char c = 0; c < 128; c++) {
            LOWER[c] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
    }

    /** Literals of length 1, by character. */
    private final int[][] single = new int[128][];
    /** Literals of length 2 or more, by their first two folded characters. */
    private final int[][] pairs = new int[128 * 128][];
    private final char[][] literals;
    private final int[] detectorOf;
    private final boolean[] anchored;
    private final long always;

    /** {@code detectors.size()} must be at most 63. */
    TriggerIndex(List<Detector> detectors) {
        if (detectors.size() > 63) {
            throw new IllegalArgumentException("too many detectors for one index: " + detectors.size());
        }
        int total = 0;
        for (Detector d : detectors) {
            total += d.triggers().length;
        }
        literals = new char[total][];
        detectorOf = new int[total];
        anchored = new boolean[detectors.size()];
        long alwaysBits = 0;
        int id = 0;
        for (int d = 0; d < detectors.size(); d++) {
            Detector det = detectors.get(d);
            anchored[d] = det.anchored();
            if (det.triggers().length == 0) {
                alwaysBits |= 1L << d;
            }
            for (String t : det.triggers()) {
                char[] folded = fold(t);
                literals[id] = folded;
                detectorOf[id] = d;
                if (folded.length == 1) {
                    single[folded[0]] = append(single[folded[0]], id);
                } else {
                    int key = folded[0] << 7 | folded[1];
                    pairs[key] = append(pairs[key], id);
                }
                id++;
            }
        }
        always = alwaysBits;
    }

    private static int[] append(int[] ids, int id) {
        int[] out = ids == null ? new int[1] : Arrays.copyOf(ids, ids.length + 1);
        out[out.length - 1] = id;
        return out;
    }

    private static char[] fold(String t) {
        char[] out = new char[t.length()];
        for (int i = 0; i < out.length; i++) {
            char c = t.charAt(i);
            if (c >= 128) {
                throw new IllegalArgumentException("trigger must be ASCII: " + t);
            }
            out[i] = LOWER[c];
        }
        return out;
    }

    /** What one scan found: which detectors to run, and for anchored ones the positions of their triggers. */
    static final class Hits {
        long mask;
        int[] positions = new int[8];
        int[] detectors = new int[8];
        int size;

        void add(int position, int detector) {
            if (size == positions.length) {
                positions = Arrays.copyOf(positions, size * 2);
                detectors = Arrays.copyOf(detectors, size * 2);
            }
            positions[size] = position;
            detectors[size] = detector;
            size++;
        }

        /** The positions recorded for {@code detector}, in ascending order. */
        int[] positionsOf(int detector) {
            int count = 0;
            for (int i = 0; i < size; i++) {
                if (detectors[i] == detector) {
                    count++;
                }
            }
            int[] out = new int[count];
            int j = 0;
            for (int i = 0; i < size; i++) {
                if (detectors[i] == detector) {
                    out[j++] = positions[i];
                }
            }
            return out;
        }
    }

    /** The detectors that may find something in {@code s}, or null when none may. */
    Hits scan(String s) {
        Hits hits = null;
        if (always != 0) {
            hits = new Hits();
            hits.mask = always;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128) {
                continue;
            }
            char f0 = LOWER[c];
            int[] one = single[f0];
            if (one != null) {
                for (int id : one) {
                    hits = record(hits, id, i);
                }
            }
            if (i + 1 >= n) {
                break;
            }
            char c1 = s.charAt(i + 1);
            if (c1 >= 128) {
                continue;
            }
            int[] cands = pairs[f0 << 7 | LOWER[c1]];
            if (cands == null) {
                continue;
            }
            for (int id : cands) {
                char[] lit = literals[id];
                if (i + lit.length > n) {
                    continue;
                }
                int d = detectorOf[id];
                if (!anchored[d] && hits != null && (hits.mask & (1L << d)) != 0) {
                    continue;
                }
                boolean match = true;
                for (int k = 2; k < lit.length; k++) {
                    char x = s.charAt(i + k);
                    if (x >= 128 || LOWER[x] != lit[k]) {
                        match = false;
                        break;
                    }
                }
                if (match) {
                    hits = record(hits, id, i);
                }
            }
        }
        return hits;
    }

    private Hits record(Hits hits, int id, int position) {
        Hits h = hits != null ? hits : new Hits();
        int d = detectorOf[id];
        if (anchored[d] && (h.size == 0 || h.positions[h.size - 1] != position || h.detectors[h.size - 1] != d)) {
            h.add(position, d);
        }
        h.mask |= 1L << d;
        return h;
    }
}
