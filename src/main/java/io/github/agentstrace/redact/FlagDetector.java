package io.github.agentstrace.redact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command-line flags whose name is sensitive and whose value follows after a space:
 * {@code --password hunter2}, {@code --api-key 'ab12...'}. ({@code --token=x} is a {@code KEY=value} find.)
 * Only values that look generated are taken, so prose such as "use the --token flag" stays.
 */
final class FlagDetector implements Detector {
    // Compiled on first use, not when the redactor is built: most hook payloads never need it.
    private static final class Lazy {
        static final Pattern FLAG = Pattern.compile(
            "(?<![A-Za-z0-9_-])--([A-Za-z][A-Za-z0-9_-]{1,40})[ \\t]+(['\"]?)([^\\s'\"]{4,})");
    }
    private final SensitiveKeys keys;

    FlagDetector(SensitiveKeys keys) {
        this.keys = keys;
    }

    @Override
    public String name() {
        return "cli_flag";
    }

    @Override
    public String[] triggers() {
        return new String[] {"--"};
    }

    @Override
    public boolean anchored() {
        return true;
    }

    @Override
    public void find(String text, Spans spans) {
        Matcher m = Lazy.FLAG.matcher(text);
        while (m.find()) {
            report(m, spans);
        }
    }

    @Override
    public void findAt(String text, Spans spans, int[] positions, int from, int to) {
        Matcher m = Lazy.FLAG.matcher(text);
        m.useTransparentBounds(true);
        m.useAnchoringBounds(false);
        for (int i = from; i < to; i++) {
            m.region(positions[i], text.length());
            if (m.lookingAt()) {
                report(m, spans);
            }
        }
    }

    private void report(Matcher m, Spans spans) {
        String type = keys.classify(m.group(1));
        if (type == null) {
            return;
        }
        String value = m.group(3);
        char first = value.charAt(0);
        if (first == '-' || first == '/' || first == '~' || first == '.' || Checks.isPlaceholder(value)
                || Markers.isMarkerAt(value, 0)) {
            return;
        }
        if (Checks.looksRandom(value) || hasSymbol(value)) {
            spans.add(m.start(3), m.end(3), type, 6);
        }
    }

    private static boolean hasSymbol(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '-' && c != '.') {
                return true;
            }
        }
        return false;
    }
}
