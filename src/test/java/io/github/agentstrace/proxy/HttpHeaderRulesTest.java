package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpHeaderRulesTest {
    @Test
    void forwardRequest_keepsEndToEndAndDropsHopByHop() {
        Set<String> none = Set.of();
        for (String h : List.of("Authorization", "Accept", "Content-Type", "Mcp-Session-Id", "MCP-Protocol-Version",
                "Last-Event-ID", "Mcp-Method", "Mcp-Name", "X-Custom")) {
            assertTrue(HttpHeaderRules.forwardRequest(h, none), h);
        }
        for (String h : List.of("Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "TE", "Host",
                "Content-Length", "Proxy-Authorization", "Accept-Encoding")) {
            assertFalse(HttpHeaderRules.forwardRequest(h, none), h);
        }
    }

    @Test
    void forwardRequest_dropsHeadersNamedInConnection() {
        Set<String> tokens = HttpHeaderRules.connectionTokens(List.of("keep-alive, X-Hop"));
        assertFalse(HttpHeaderRules.forwardRequest("x-hop", tokens));
        assertTrue(HttpHeaderRules.forwardRequest("x-other", tokens));
    }

    @Test
    void forwardResponse_keepsWwwAuthenticateAndSessionId() {
        assertTrue(HttpHeaderRules.forwardResponse("WWW-Authenticate", Set.of()));
        assertTrue(HttpHeaderRules.forwardResponse("mcp-session-id", Set.of()));
        assertFalse(HttpHeaderRules.forwardResponse("transfer-encoding", Set.of()));
        assertFalse(HttpHeaderRules.forwardResponse(":status", Set.of()));
    }

    @Test
    void recorded_masksCredentialsKeepingTheScheme() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of("Bearer abc.def.ghi"));
        headers.put("Cookie", List.of("sid=1"));
        headers.put("X-Api-Key", List.of("k"));
        headers.put("X-Auth-Token", List.of("t"));
        headers.put("Mcp-Session-Id", List.of("s-1"));
        headers.put("Content-Length", List.of("3"));
        Map<String, Object> rec = HttpHeaderRules.recorded(headers, io.github.agentstrace.redact.Redactor.standard());
        assertEquals("Bearer [REDACTED:authorization]", rec.get("authorization"));
        assertTrue(String.valueOf(rec.get("cookie")).startsWith("[REDACTED"), rec.toString());
        assertTrue(String.valueOf(rec.get("x-api-key")).startsWith("[REDACTED"), rec.toString());
        assertTrue(String.valueOf(rec.get("x-auth-token")).startsWith("[REDACTED"), rec.toString());
        assertEquals("s-1", rec.get("mcp-session-id"));
        assertFalse(rec.containsKey("content-length"));
    }
}
