package io.github.agentstrace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.agentstrace.analysis.SearchQuery.Field;
import io.github.agentstrace.analysis.SearchQuery.Term;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The query syntax: words, phrases, OR, negation, fields, and one clear message per mistake. */
class SearchQueryTest {
    @Test
    void parse_termsAreAndedAndOrBindsTighter() {
        SearchQuery q = SearchQuery.parse("  pytest OR jest  -tool:Read \"exit code 1\" file:\"my dir/a b\" ");
        assertEquals(List.of(
                List.of(new Term(null, "pytest", false), new Term(null, "jest", false)),
                List.of(new Term(Field.TOOL, "Read", true)),
                List.of(new Term(null, "exit code 1", false)),
                List.of(new Term(Field.FILE, "my dir/a b", false))), q.clauses());
        assertEquals("pytest OR jest -tool:Read \"exit code 1\" file:\"my dir/a b\"", q.toString());
    }

    @Test
    void parse_fieldsAreCaseInsensitiveAndUrlsAndLowerCaseOrAreWords() {
        assertEquals(List.of(List.of(new Term(Field.TYPE, "ERROR", false))), SearchQuery.parse("Type:ERROR").clauses());
        assertEquals(List.of(List.of(new Term(null, "https://example.com/x", false))),
                SearchQuery.parse("https://example.com/x").clauses());
        assertEquals(3, SearchQuery.parse("a or b").clauses().size());
        assertEquals(List.of(List.of(new Term(null, "OR", true))), SearchQuery.parse("-OR").clauses());
        assertEquals(List.of(List.of(new Term(Field.TOOL, "github/*", false), new Term(Field.SESSION, "3b9e", false))),
                SearchQuery.parse("tool:github/* OR session:3b9e").clauses());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty query (give words, \"phrases\", field:value filters, OR, -negation)",
            "'   '|empty query (give words, \"phrases\", field:value filters, OR, -negation)",
            "OR pytest|OR needs a term on each side",
            "pytest OR|OR needs a term on each side",
            "a OR OR b|OR needs a term on each side",
            "\"exit code|unterminated phrase \"exit code (close it with \")",
            "foo:bar|unknown field 'foo' (use tool:, type:, file:, model:, session:; quote a word with a colon: \"foo:bar\")",
            "tool:|field tool: needs a value, as in tool:Bash",
            "type:failure|unknown event type 'failure' in type:failure (use one of session_start, session_end, tool_call,"
                    + " tool_result, llm_request, llm_response, file_read, file_write, decision, error, user_prompt,"
                    + " assistant_response)",
            "- pytest|'-' must be followed by a term to exclude, as in -tool:Read",
            "\"\"|empty phrase \"\" (put words between the quotes)",
            "ab\"cd\"|a quote inside the word 'ab\"' (quote whole phrases: \"two words\")",
            "\"a b\"c|a phrase must be followed by a space, got 'c' after its closing quote"})
    void parse_mistakesSayWhatWasWrong(String query, String message) {
        assertEquals(message, assertThrows(SearchQuery.InvalidQuery.class, () -> SearchQuery.parse(query)).getMessage());
    }
}
