package io.github.agentstrace.redact;

import java.util.ArrayList;
import java.util.List;

/**
 * The cheap pre-check: one pass over a string that says which detectors could find anything in it, by looking
 * for their trigger fragments (case-insensitively) at each position. Most strings in a trace (paths, ids,
 * prose, code without credentials) hit no trigger and are returned without any regular-expression work.
 */
final class TriggerIndex {
    private final String[][] literals = new String[128][];
    private final long[][] bits = new long[128][];
    private final long always;
    private final long all;

    /** {@code detectors.size()} must be at most 63. */
    TriggerIndex(List<Detector> detectors) {
        if (detectors.size() > 63) {
            throw new IllegalArgumentException("too many detectors for one index: " + detectors.size());
        }
        List<List<String>> lits = new ArrayList<>();
        List<List<Long>> masks = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            lits.add(new ArrayList<>());
            masks.add(new ArrayList<>());
        }
        long alwaysBits = 0;
        for (int i = 0; i < detectors.size(); i++) {
            String[] triggers = detectors.get(i).triggers();
            if (triggers.length == 0) {
                alwaysBits |= 1L << i;
            }
            for (String t : triggers) {
                char first = t.charAt(0);
                char lower = Character.toLowerCase(first);
                char upper = Character.toUpperCase(first);
                for (char c : lower == upper ? new char[] {first} : new char[] {lower, upper}) {
                    if (c < 128) {
                        lits.get(c).add(t);
                        masks.get(c).add(1L << i);
                    }
                }
            }
        }
        for (int c = 0; c < 128; c++) {
            if (!lits.get(c).isEmpty()) {
                literals[c] = lits.get(c).toArray(new String[0]);
                bits[c] = masks.get(c).stream().mapToLong(Long::longValue).toArray();
            }
        }
        this.always = alwaysBits;
        this.all = detectors.isEmpty() ? 0 : (detectors.size() == 63 ? Long.MAX_VALUE : (1L << detectors.size()) - 1);
    }

    /** Bit i set: detector i may find something in {@code s}. */
    long scan(String s) {
        long found = always;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128) {
                continue;
            }
            String[] cands = literals[c];
            if (cands == null) {
                continue;
            }
            long[] b = bits[c];
            for (int j = 0; j < cands.length; j++) {
                if ((found & b[j]) == 0 && s.regionMatches(true, i, cands[j], 0, cands[j].length())) {
                    found |= b[j];
                    if (found == all) {
                        return found;
                    }
                }
            }
        }
        return found;
    }
}
