package io.github.agentstrace.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TraceEvent;
import org.junit.jupiter.api.Test;

class MetadataOnlyTest {
    private static TraceEvent event(String json) {
        return TraceEvent.parseLine(json);
    }

    @Test
    void toolCall_keepsNameAndFilePathDropsOtherInput() {
        TraceEvent e = event("""
                {"event_type":"tool_call","timestamp":1.5,"event_id":"e1","session_id":"s","data":{"tool_name":"Edit",
                 "arguments":{"file_path":"/a/B.java","old_string":"secret code","new_string":"new code"},
                 "tool_use_id":"toolu_1"}}""");
        TraceEvent kept = MetadataOnly.apply(e);
        assertEquals("{\"tool_name\":\"Edit\",\"arguments\":{\"file_path\":\"/a/B.java\"},\"tool_use_id\":\"toolu_1\","
                + "\"not_kept\":[\"arguments\"]}", Json.write(kept.data()));
        assertEquals(e.eventId(), kept.eventId());
        assertEquals(e.timestamp(), kept.timestamp());
        assertTrue(MetadataOnly.notKept(kept.data(), "arguments"));
    }

    @Test
    void resultsPromptsAnswersAndErrorTextGoTokensStay() {
        assertEquals("{\"tool_name\":\"Bash\",\"not_kept\":[\"result\"]}", Json.write(MetadataOnly.apply(event("""
                {"event_type":"tool_result","timestamp":1,"event_id":"e","data":{"tool_name":"Bash","result":"out"}}
                """)).data()));
        assertEquals("{\"prompt_id\":\"p\",\"not_kept\":[\"prompt\"]}", Json.write(MetadataOnly.apply(event("""
                {"event_type":"user_prompt","timestamp":1,"event_id":"e","data":{"prompt":"do it","prompt_id":"p"}}
                """)).data()));
        assertEquals("{\"not_kept\":[\"text\"]}", Json.write(MetadataOnly.apply(event("""
                {"event_type":"assistant_response","timestamp":1,"event_id":"e","data":{"text":"done"}}
                """)).data()));
        assertEquals("{\"tool_name\":\"Bash\",\"is_interrupt\":false,\"not_kept\":[\"error\"]}",
                Json.write(MetadataOnly.apply(event("""
                {"event_type":"error","timestamp":1,"event_id":"e","data":{"tool_name":"Bash","error":"cat: x",
                 "is_interrupt":false}}""")).data()));
        TraceEvent llm = event("""
                {"event_type":"llm_response","timestamp":1,"event_id":"e","data":{"model":"claude","input_tokens":3,
                 "output_tokens":4,"usage":{"input_tokens":3},"stop_reason":"end_turn","source":"transcript"}}""");
        assertSame(llm, MetadataOnly.apply(llm), "nothing to drop: the event itself");
    }

    @Test
    void reasonIsKeptOnlyAsASessionsEndWord() {
        assertEquals("{\"reason\":\"exit\"}", Json.write(MetadataOnly.apply(event("""
                {"event_type":"session_end","timestamp":1,"event_id":"e","data":{"reason":"exit"}}""")).data()));
        assertEquals("{\"choice\":\"compact\",\"kind\":\"pre_compact\",\"not_kept\":[\"reason\"]}",
                Json.write(MetadataOnly.apply(event("""
                {"event_type":"decision","timestamp":1,"event_id":"e","data":{"choice":"compact",
                 "reason":"keep the plan","kind":"pre_compact"}}""")).data()));
    }

    @Test
    void unknownFieldsAndListsOfCallsAreDropped() {
        TraceEvent e = MetadataOnly.apply(event("""
                {"event_type":"session_end","timestamp":1,"event_id":"e","data":{"tool_calls":[{"input":"x"}],
                 "errors":2,"future_field":"?","not_kept":["forged"]}}"""));
        assertEquals("{\"errors\":2,\"not_kept\":[\"tool_calls\",\"future_field\"]}", Json.write(e.data()));
    }

    @Test
    void redactor_appliesTheTierBeforeRedactingAndOnlyAtMetadata() {
        TraceEvent e = event("""
                {"event_type":"user_prompt","timestamp":1,"event_id":"e","data":{"prompt":"hello"}}""");
        assertFalse(Redactor.standard().withPrivacy(Privacy.METADATA).redact(e).data().containsKey("prompt"));
        assertFalse(Redactor.disabled().withPrivacy(Privacy.METADATA).redact(e).data().containsKey("prompt"),
                "--no-redact does not bring content back");
        assertEquals("hello", Redactor.standard().withPrivacy(Privacy.FULL).redact(e).data().get("prompt"));
        assertEquals(Privacy.METADATA, Redactor.standard().withPrivacy(Privacy.METADATA).maskingPii(true).privacy());
        assertSame(Redactor.standard(), Redactor.standard().withPrivacy(Privacy.STANDARD));
    }
}
