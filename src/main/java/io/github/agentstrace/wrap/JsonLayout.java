package io.github.agentstrace.wrap;

import io.github.agentstrace.json.Json;

/**
 * How a config file was laid out (indent unit, line separator, final newline, ASCII-only), so that a
 * rewritten file differs from the original only where servers changed.
 */
record JsonLayout(String indent, String newline, boolean finalNewline, boolean asciiOnly, boolean compact) {

    static JsonLayout of(String text) {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        boolean finalNewline = text.endsWith("\n");
        boolean ascii = text.chars().allMatch(c -> c < 0x80);
        // The indent unit is the shallowest indentation: the first indented line may sit deeper than one level.
        String indent = null;
        for (String line : text.split("\r?\n")) {
            int n = 0;
            while (n < line.length() && (line.charAt(n) == ' ' || line.charAt(n) == '\t')) {
                n++;
            }
            if (n > 0 && n < line.length() && (indent == null || n < indent.length())) {
                indent = line.substring(0, n);
            }
        }
        boolean compact = indent == null && text.strip().indexOf('\n') < 0 && text.strip().length() > 2;
        return new JsonLayout(indent == null ? "  " : indent, newline, finalNewline, ascii, compact);
    }

    /** The value written in this layout. */
    String render(Object value) {
        if (compact) {
            String s = Json.write(value, asciiOnly ? Json.Style.COMPACT_ASCII : Json.Style.COMPACT);
            return finalNewline ? s + newline : s;
        }
        String pretty = Json.write(value, asciiOnly ? Json.Style.PRETTY_ASCII : Json.Style.PRETTY);
        StringBuilder out = new StringBuilder(pretty.length() + 64);
        // JSON strings cannot hold a raw newline, so every line break here is structural.
        String[] lines = pretty.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int n = 0;
            while (n < line.length() && line.charAt(n) == ' ') {
                n++;
            }
            out.append(indent.repeat(n / 2)).append(line, n, line.length());
            if (i < lines.length - 1) {
                out.append(newline);
            }
        }
        if (finalNewline) {
            out.append(newline);
        }
        return out.toString();
    }
}
