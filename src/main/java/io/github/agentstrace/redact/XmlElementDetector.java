package io.github.agentstrace.redact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code <password>...</password>} and other elements with a sensitive name, as in Maven's settings.xml or
 * .NET config files. The content must be plain text on one element; placeholders ({@code ${env.PASS}}) stay.
 */
final class XmlElementDetector implements Detector {
    /** Possessive content: each {@code <} is looked at once, so the scan stays linear. */
    // Compiled on first use, not when the redactor is built: most hook payloads never need it.
    private static final class Lazy {
        static final Pattern ELEMENT = Pattern.compile("<([A-Za-z_][A-Za-z0-9_.:-]{0,60})>([^<]{1,4096}+)</\\1>");
    }
    private final SensitiveKeys keys;

    XmlElementDetector(SensitiveKeys keys) {
        this.keys = keys;
    }

    @Override
    public String name() {
        return "xml_element";
    }

    @Override
    public String[] triggers() {
        return keys.hasExtra() ? new String[0] : SensitiveKeys.STEMS;
    }

    @Override
    public void find(String text, Spans spans) {
        if (text.indexOf("</") < 0) {
            return;
        }
        Matcher m = Lazy.ELEMENT.matcher(text);
        while (m.find()) {
            String type = keys.classify(m.group(1));
            if (type == null) {
                continue;
            }
            String value = m.group(2).trim();
            if (Checks.isPlaceholder(value)) {
                continue;
            }
            int start = m.start(2);
            int end = m.end(2);
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            spans.add(start, end, type, 8);
        }
    }
}
