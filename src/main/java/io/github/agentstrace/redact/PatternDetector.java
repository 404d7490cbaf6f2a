package io.github.agentstrace.redact;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A precompiled regular expression; {@code group} (0 for the whole match) is the part replaced, and the optional
 * {@code check} rejects finds that only look like the format (a kebab-case word after {@code sk-}).
 */
record PatternDetector(String name, String type, Pattern pattern, int group, String[] triggers,
                       Predicate<String> check, int priority) implements Detector {

    @Override
    public void find(String text, Spans spans) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            int start = m.start(group);
            int end = m.end(group);
            if (start < 0 || start == end || Markers.isMarkerAt(text, start)) {
                continue;
            }
            if (check == null || check.test(text.substring(start, end))) {
                spans.add(start, end, type, priority);
            }
        }
    }
}
