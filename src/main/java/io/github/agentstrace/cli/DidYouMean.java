package io.github.agentstrace.cli;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The closest known word to a mistyped one, if it is close enough to be a likely typo. */
final class DidYouMean {
    private DidYouMean() {
    }

    /** {@code " (did you mean X?)"} for a likely typo of a known word, else "". */
    static String hint(String typed, Collection<String> known) {
        return suggest(typed, known).map(s -> " (did you mean " + s + "?)").orElse("");
    }

    static Optional<String> suggest(String typed, Collection<String> known) {
        if (typed.length() == 2 && typed.charAt(0) == '-' && typed.charAt(1) != '-') {
            // A short option we do not have ("-f"): the one long option starting with its letter, if any.
            List<String> spelledOut = known.stream().filter(k -> k.startsWith("-" + typed)).toList();
            return spelledOut.size() == 1 ? Optional.of(spelledOut.get(0)) : Optional.empty();
        }
        if (typed.length() >= 3) {
            // An abbreviation of exactly one word ("insp") is a better hint than the nearest by edits.
            List<String> extended = known.stream().filter(k -> k.startsWith(typed)).toList();
            if (extended.size() == 1) {
                return Optional.of(extended.get(0));
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(typed, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // Short words allow one slip, longer ones two or three: enough for typos, not for other words.
        int allowed = typed.length() <= 3 ? 1 : typed.length() <= 6 ? 2 : 3;
        if (best != null && bestDistance <= allowed) {
            return Optional.of(best);
        }
        return Optional.empty();
    }

    /** Edit distance counting a swap of two neighbours as one edit ({@code lsit} is one slip from {@code list}). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
