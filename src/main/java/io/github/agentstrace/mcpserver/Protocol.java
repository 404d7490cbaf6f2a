package io.github.agentstrace.mcpserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol's fixed words: the MCP revisions this server speaks, JSON-RPC error codes, and the shapes of
 * responses and errors.
 *
 * <p>Revisions are those the official TypeScript SDK in the test set-up accepts (its
 * {@code SUPPORTED_PROTOCOL_VERSIONS}, latest first). Everything the server sends is valid in each of
 * them: fields a revision does not know ({@code structuredContent}, {@code outputSchema}, {@code title}) are
 * extra keys its clients ignore.
 */
final class Protocol {
    /** The revision offered when the client asks for one we do not speak. */
    static final String LATEST = "2025-11-25";
    /** Every revision accepted, latest first. */
    static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", "2025-03-26", "2024-11-05", "2024-10-07");

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** MCP's "resource not found" (2025-11-25 and earlier). */
    static final int RESOURCE_NOT_FOUND = -32002;
    /** Implementation-defined: a transport-level refusal (no session, a bad header). */
    static final int SERVER_ERROR = -32000;

    private Protocol() {
    }

    /** The revision to answer {@code initialize} with: the client's when we speak it, else the latest. */
    static String negotiate(String requested) {
        return SUPPORTED.contains(requested) ? requested : LATEST;
    }

    static Map<String, Object> result(Object id, Object result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("result", result);
        return m;
    }

    static Map<String, Object> error(Object id, int code, String message, Object data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        if (data != null) {
            e.put("data", data);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("error", e);
        return m;
    }

    /** A request that fails with a JSON-RPC error; the message says what was wrong and what would be right. */
    static final class RpcError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;
        private final transient Object data;

        RpcError(int code, String message) {
            this(code, message, null);
        }

        RpcError(int code, String message, Object data) {
            super(message);
            this.code = code;
            this.data = data;
        }

        int code() {
            return code;
        }

        Object data() {
            return data;
        }
    }
}
