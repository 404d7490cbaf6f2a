package io.github.agentstrace.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarkdownTest {
    @Test
    void strip_keepsUnderscoresInIdentifiers() {
        assertEquals("FAILED tests/test_auth.py::test_login - AssertionError: expected True",
                Markdown.strip("FAILED tests/test_auth.py::test_login - AssertionError: expected **True**"));
        assertEquals("__init__.py and snake_case_name and MAX_VALUE", Markdown.strip("__init__.py and snake_case_name and MAX_VALUE"));
        assertEquals("a*b*c stays", Markdown.strip("a*b*c stays"));
    }

    @Test
    void strip_removesEmphasisAtWordBoundaries() {
        assertEquals("bold italic under strong code", Markdown.strip("**bold** *italic* _under_ __strong__ `code`"));
    }

    @Test
    void strip_headingsListsLinksTablesAndFences() {
        assertEquals("Title item one item two see docs a, b 1, 2 x = 1 after",
                Markdown.strip("## Title\n\n- item one\n1. item two\n\nsee [docs](https://x.y)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n```py\nx = 1\n```\nafter"));
    }

    @Test
    void strip_handlesEmptyAndNull() {
        assertEquals("", Markdown.strip(null));
        assertEquals("", Markdown.strip("  \n "));
    }
}
