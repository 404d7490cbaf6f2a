package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionIdsLoopTest {
    @Test
    void isValid_acceptsTheAllowedCharactersUpToTheLimit() {
        assertTrue(SessionIds.isValid("ec60f27c-f718-4d"));
        assertTrue(SessionIds.isValid("a_B-9"));
        assertTrue(SessionIds.isValid("x".repeat(SessionIds.MAX_LENGTH)));
        assertFalse(SessionIds.isValid("x".repeat(SessionIds.MAX_LENGTH + 1)));
        for (String bad : new String[] {null, "", "..", "a/b", "a b", "a.b", "ü", "a\u0000b", "/abs"}) {
            assertFalse(SessionIds.isValid(bad), String.valueOf(bad));
        }
    }

    @Test
    void requireValid_namesTheIdWithControlCharactersMasked() {
        StoreException e = assertThrows(StoreException.class, () -> SessionIds.requireValid("a\nb/c"));
        assertEquals("invalid session id 'a?b/c': ids are 1-128 characters of A-Z a-z 0-9 _ -", e.getMessage());
    }
}
