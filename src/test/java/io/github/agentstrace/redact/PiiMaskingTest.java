package io.github.agentstrace.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiMaskingTest {
    private final Redactor pii = Redactor.standard().maskingPii(true);

    @Test
    void standard_leavesPersonalDataAlone() {
        String text = "mail jane.doe@example.com or call (415) 555-0132, card 4111 1111 1111 1111";
        assertEquals(text, Redactor.standard().redact(text));
        assertFalse(Redactor.standard().masksPii());
    }

    @Test
    void maskingPii_masksEmailsPhonesAndCards() {
        assertTrue(pii.masksPii());
        assertEquals("mail [MASKED:email] now", pii.redact("mail jane.doe+x@mail.example.co.uk now"));
        assertEquals("call [MASKED:phone] or [MASKED:phone]", pii.redact("call (415) 555-0132 or +44 20 7946 0958"));
        assertEquals("call [MASKED:phone].", pii.redact("call 415-555-0132."));
        assertEquals("card [MASKED:card_number] ok", pii.redact("card 4111 1111 1111 1111 ok"));
        assertEquals("amex [MASKED:card_number]", pii.redact("amex 378282246310005"));
        assertEquals("[MASKED:card_number]", pii.redact("5555-5555-5555-4444"));
    }

    @Test
    void maskingPii_keepsNumbersThatAreNotPersonalData() {
        List<String> keep = List.of(
                "card 4111 1111 1111 1112 fails the Luhn check",
                "ts 1732406400000 and 1732406400.123",
                "order 1234567890123456",
                "commit 3f786850e387550fdab836ed7e6dc881de23001b",
                "id b0e0a9aa-683d-4f97-b020-e509b06f918e",
                "date 2026-11-24 version 1.2.3 ip 192.168.100.200 port 8080",
                "took 1234 ms, 56789 bytes");
        for (String text : keep) {
            assertEquals(text, pii.redact(text));
        }
    }

    @Test
    void maskingPii_stillRedactsSecrets() {
        assertEquals("[REDACTED:openai_key] for [MASKED:email]",
                pii.redact(SecretCorpus.OPENAI_LEGACY + " for ops@example.com"));
    }

    @Test
    void forCapture_withMaskPiiButNoRedact_masksOnlyPersonalData() {
        Redactor r = Redactor.forCapture(true, true, Map.of());
        assertFalse(r.enabled());
        assertTrue(r.masksPii());
        assertEquals(SecretCorpus.OPENAI_LEGACY + " for [MASKED:email]",
                r.redact(SecretCorpus.OPENAI_LEGACY + " for ops@example.com"));
        assertEquals(Map.of("password", "x", "to", "[MASKED:email]"),
                r.redactValue(Map.of("password", "x", "to", "a@b.io")));
        assertFalse(Redactor.forCapture(true, false, Map.of()).masksPii());
        assertTrue(Redactor.forCapture(false, true, Map.of()).enabled());
    }
}
