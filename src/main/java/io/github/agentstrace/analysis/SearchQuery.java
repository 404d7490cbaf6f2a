package io.github.agentstrace.analysis;

import io.github.agentstrace.model.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * A {@code search} query: terms that must all match (AND), each possibly a choice ({@code a OR b}). A term is
 * a word, a {@code "quoted phrase"}, or a field filter ({@code tool:Bash}, {@code type:error},
 * {@code file:src/auth}, {@code model:sonnet}, {@code session:3b9e}, a value may be a phrase:
 * {@code file:"my dir"}); a leading {@code -} negates it. {@code OR} (upper case) binds tighter than the
 * implied AND: {@code pytest OR jest -tool:Read} is {@code (pytest OR jest) AND NOT tool:Read}. Words that look
 * like {@code name:value} with an unknown name are refused, except URLs ({@code https://...}).
 *
 * <p>The meaning of each term on an event is {@link Search}'s; this class only reads the syntax.
 *
 * @param clauses the terms that must all match, each a list of alternatives
 */
public record SearchQuery(List<List<Term>> clauses) {

    /** The fields a term may filter on. */
    public enum Field {
        TOOL("tool"), TYPE("type"), FILE("file"), MODEL("model"), SESSION("session");

        private final String word;

        Field(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Field of(String name) {
            for (Field f : values()) {
                if (f.word.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * One term.
     *
     * @param field   the field it filters on, or null for text (a word or a phrase)
     * @param value   what it looks for, as typed (without quotes)
     * @param negated true for {@code -term}: the event must not match it
     */
    public record Term(Field field, String value, boolean negated) {
        @Override
        public String toString() {
            String v = value.indexOf(' ') >= 0 ? "\"" + value + "\"" : value;
            return (negated ? "-" : "") + (field == null ? v : field.word() + ":" + v);
        }
    }

    /** A query that cannot be read: the message says what was wrong, in one line. */
    public static final class InvalidQuery extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidQuery(String message) {
            super(message);
        }
    }

    public SearchQuery {
        List<List<Term>> copy = new ArrayList<>();
        for (List<Term> c : clauses) {
            copy.add(List.copyOf(c));
        }
        clauses = List.copyOf(copy);
    }

    /** Reads a query; an {@link InvalidQuery} says what was wrong. */
    public static SearchQuery parse(String text) {
        List<Object> tokens = tokens(text); // Terms, and OR as the string "OR"
        if (tokens.isEmpty()) {
            throw new InvalidQuery("empty query (give words, \"phrases\", field:value filters, OR, -negation)");
        }
        List<List<Term>> clauses = new ArrayList<>();
        List<Term> current = null;
        boolean or = false;
        for (Object t : tokens) {
            if (t instanceof String) {
                if (current == null || or) {
                    throw new InvalidQuery("OR needs a term on each side");
                }
                or = true;
                continue;
            }
            Term term = (Term) t;
            if (or) {
                current.add(term);
                or = false;
            } else {
                current = new ArrayList<>();
                current.add(term);
                clauses.add(current);
            }
        }
        if (or) {
            throw new InvalidQuery("OR needs a term on each side");
        }
        return new SearchQuery(clauses);
    }

    private static List<Object> tokens(String text) {
        List<Object> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean negated = false;
            if (c == '-') {
                negated = true;
                i++;
                if (i >= n || Character.isWhitespace(text.charAt(i))) {
                    throw new InvalidQuery("'-' must be followed by a term to exclude, as in -tool:Read");
                }
            }
            if (text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw new InvalidQuery("unterminated phrase " + text.substring(i) + " (close it with \")");
                }
                out.add(new Term(null, phrase(text.substring(i + 1, close)), negated));
                i = close + 1;
                requireBoundary(text, i);
                continue;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '"') {
                i++;
            }
            String word = text.substring(start, i);
            if (word.equals("OR") && !negated) {
                out.add("OR");
                continue;
            }
            int colon = word.indexOf(':');
            if (colon > 0 && isName(word.substring(0, colon)) && !word.startsWith("//", colon + 1)) {
                String name = word.substring(0, colon).toLowerCase(Locale.ROOT);
                Field field = Field.of(name);
                if (field == null) {
                    throw new InvalidQuery("unknown field '" + word.substring(0, colon) + "' (use " + fieldNames()
                            + "; quote a word with a colon: \"" + word + "\")");
                }
                String value = word.substring(colon + 1);
                if (value.isEmpty() && i < n && text.charAt(i) == '"') {
                    int close = text.indexOf('"', i + 1);
                    if (close < 0) {
                        throw new InvalidQuery("unterminated phrase " + text.substring(i) + " (close it with \")");
                    }
                    value = text.substring(i + 1, close);
                    i = close + 1;
                    requireBoundary(text, i);
                }
                out.add(field(field, value, negated));
                continue;
            }
            if (i < n && text.charAt(i) == '"') {
                throw new InvalidQuery("a quote inside the word '" + text.substring(start, Math.min(n, i + 1))
                        + "' (quote whole phrases: \"two words\")");
            }
            out.add(new Term(null, word, negated));
        }
        return out;
    }

    private static String phrase(String inside) {
        if (inside.isBlank()) {
            throw new InvalidQuery("empty phrase \"\" (put words between the quotes)");
        }
        return inside;
    }

    private static void requireBoundary(String text, int i) {
        if (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
            throw new InvalidQuery("a phrase must be followed by a space, got '" + text.charAt(i) + "' after its"
                    + " closing quote");
        }
    }

    private static Term field(Field field, String value, boolean negated) {
        if (value.isBlank()) {
            throw new InvalidQuery("field " + field.word() + ": needs a value, as in " + example(field));
        }
        if (field == Field.TYPE && EventType.fromWire(value.toLowerCase(Locale.ROOT)) == null) {
            StringJoiner types = new StringJoiner(", ");
            for (EventType t : EventType.values()) {
                types.add(t.wire());
            }
            throw new InvalidQuery("unknown event type '" + value + "' in type:" + value + " (use one of " + types
                    + ")");
        }
        return new Term(field, value, negated);
    }

    private static String example(Field f) {
        return switch (f) {
            case TOOL -> "tool:Bash";
            case TYPE -> "type:error";
            case FILE -> "file:src/auth";
            case MODEL -> "model:sonnet";
            case SESSION -> "session:3b9e";
        };
    }

    private static boolean isName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '_') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static String fieldNames() {
        StringJoiner j = new StringJoiner(", ");
        for (Field f : Field.values()) {
            j.add(f.word() + ":");
        }
        return j.toString();
    }

    /** The query as it would be typed, normalised (for reports). */
    @Override
    public String toString() {
        StringJoiner and = new StringJoiner(" ");
        for (List<Term> c : clauses) {
            StringJoiner or = new StringJoiner(" OR ");
            c.forEach(t -> or.add(t.toString()));
            and.add(or.toString());
        }
        return and.toString();
    }
}
