package io.github.agentstrace.redact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression; {@code group} (0 for the whole match) is the part replaced, and {@code check} rejects
 * finds that only look like the format (a kebab-case word after {@code sk-}).
 *
 * <p>An anchored detector's matches start at one of its triggers, or, when {@code backOver} is set, up to
 * {@code backLimit} characters of {@code backOver} before it (a URL scheme before {@code ://}); it is tried
 * only at those positions, which is what keeps redaction cheap on large texts. A built-in expression is
 * compiled the first time its trigger is seen, once per process: a hook that never meets a JWT never compiles
 * the JWT expression.
 */
final class PatternDetector implements Detector {
    private final String name;
    private final String type;
    private final String regex;
    private final int group;
    private final String[] triggers;
    private final Check check;
    private final int priority;
    private final boolean anchored;
    private final String backOver;
    private final int backLimit;
    /** Compiled on first use; a race compiles twice and keeps either, both equal. */
    private volatile Pattern pattern;

    private PatternDetector(String name, String type, String regex, Pattern pattern, int group, String[] triggers,
                            Check check, int priority, boolean anchored, String backOver, int backLimit) {
        this.name = name;
        this.type = type;
        this.regex = regex;
        this.pattern = pattern;
        this.group = group;
        this.triggers = triggers;
        this.check = check;
        this.priority = priority;
        this.anchored = anchored;
        this.backOver = backOver;
        this.backLimit = backLimit;
    }

    /** A built-in detector whose matches start at a trigger (or {@code backOver} characters before one). */
    static PatternDetector anchored(String name, String type, String regex, int group, Check check, int priority,
                                    String backOver, int backLimit, String... triggers) {
        return new PatternDetector(name, type, regex, null, group, triggers, check, priority, true, backOver,
                backLimit);
    }

    /** A built-in detector that scans the whole text when one of its triggers occurs. */
    static PatternDetector scanning(String name, String type, String regex, int group, Check check, int priority,
                                    String... triggers) {
        return new PatternDetector(name, type, regex, null, group, triggers, check, priority, false, null, 0);
    }

    /** A user's pattern, compiled (and validated) already; it runs on every string. */
    static PatternDetector user(String name, Pattern pattern, int group, int priority) {
        return new PatternDetector(name, name, pattern.pattern(), pattern, group, new String[0], Check.NONE,
                priority, false, null, 0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String[] triggers() {
        return triggers;
    }

    @Override
    public boolean anchored() {
        return anchored;
    }

    Pattern pattern() {
        Pattern p = pattern;
        if (p == null) {
            p = Pattern.compile(regex);
            pattern = p;
        }
        return p;
    }

    @Override
    public void find(String text, Spans spans) {
        Matcher m = pattern().matcher(text);
        while (m.find()) {
            report(text, m, spans);
        }
    }

    @Override
    public void findAt(String text, Spans spans, int[] positions, int from, int to) {
        Matcher m = pattern().matcher(text);
        m.useTransparentBounds(true);
        m.useAnchoringBounds(false);
        int n = text.length();
        int covered = -1;
        for (int i = from; i < to; i++) {
            int start = positions[i];
            if (backOver != null) {
                int limit = Math.max(0, start - backLimit);
                while (start > limit && backOver.indexOf(text.charAt(start - 1)) >= 0) {
                    start--;
                }
                while (start < positions[i] && !Character.isLetter(text.charAt(start))) {
                    start++;
                }
            }
            if (start < covered) {
                continue;
            }
            m.region(start, n);
            if (m.lookingAt()) {
                report(text, m, spans);
                covered = m.end();
            }
        }
    }

    private void report(String text, Matcher m, Spans spans) {
        int start = m.start(group);
        int end = m.end(group);
        if (start < 0 || start == end || Markers.isMarkerAt(text, start)) {
            return;
        }
        if (check == Check.NONE || check.test(text.substring(start, end))) {
            spans.add(start, end, type, priority);
        }
    }
}
