package io.github.agentstrace.mcpserver;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.DataError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP server itself, whatever carries its messages: JSON-RPC 2.0 requests in, responses out. It speaks
 * {@code initialize} (version negotiation over {@link Protocol#SUPPORTED}), {@code ping}, {@code tools/list},
 * {@code tools/call}, {@code resources/list}, {@code resources/templates/list} and {@code resources/read};
 * anything else is "method not found", and its capabilities say exactly that (tools and resources, no list
 * changes, no subscriptions, no logging, no prompts). It never sends a request of its own.
 *
 * <p>Thread-safe: the HTTP transport calls it from several threads, each with its own {@link Conversation}.
 */
public final class McpServer {
    private final Traces traces;
    private final Tools tools;
    private final SessionResources resources;
    private final String version;

    McpServer(Traces traces, Tools tools, String version) {
        this.traces = traces;
        this.tools = tools;
        this.resources = new SessionResources(traces);
        this.version = version;
    }

    /** The server with every tool, announcing itself as agent-strace {@code version}. */
    public static McpServer of(Traces traces, String version) {
        return new McpServer(traces, Tools.standard(), version);
    }

    /** One client's side of the protocol: the revision agreed at {@code initialize}. */
    public static final class Conversation {
        private volatile String version;

        /** The revision agreed, or null before {@code initialize}. */
        public String version() {
            return version;
        }
    }

    /** A fresh conversation (one per stdio connection, one per HTTP session). */
    public Conversation conversation() {
        return new Conversation();
    }

    /**
     * Handles one message. Returns the response to send, or null when there is none (a notification, or a
     * response to a request this server never sends).
     *
     * @param message the parsed JSON text (anything: checked here)
     */
    public Map<String, Object> handle(Object message, Conversation conversation) {
        if (!(message instanceof Map<?, ?>)) {
            return Protocol.error(null, Protocol.INVALID_REQUEST, message instanceof List<?>
                    ? "JSON-RPC batches are not supported (MCP removed them in 2025-06-18); send one message at a time"
                    : "a JSON-RPC message is an object, got " + Json.write(message), null);
        }
        Map<String, Object> m = Json.asObject(message);
        Object id = m.get("id");
        boolean request = m.containsKey("id");
        Object method = m.get("method");
        if (request && !(id instanceof String || id instanceof Number)) {
            return Protocol.error(null, Protocol.INVALID_REQUEST, "\"id\" must be a string or a number", null);
        }
        if (!"2.0".equals(m.get("jsonrpc"))) {
            return Protocol.error(request ? id : null, Protocol.INVALID_REQUEST, "\"jsonrpc\" must be \"2.0\"", null);
        }
        if (method == null && (m.containsKey("result") || m.containsKey("error"))) {
            return null; // a response: this server asks nothing, so there is nothing to match it with
        }
        if (!(method instanceof String name)) {
            return Protocol.error(request ? id : null, Protocol.INVALID_REQUEST,
                    "a request needs a \"method\" string", null);
        }
        if (!request) {
            return null; // notifications/initialized, notifications/cancelled (calls are answered in order)...
        }
        Object params = m.get("params");
        if (params != null && !(params instanceof Map<?, ?>)) {
            return Protocol.error(id, Protocol.INVALID_PARAMS, "\"params\" must be an object", null);
        }
        try {
            return Protocol.result(id, dispatch(name, Json.asObject(params), conversation));
        } catch (Protocol.RpcError e) {
            return Protocol.error(id, e.code(), e.getMessage(), e.data());
        } catch (DataError e) {
            // The trace directory cannot be read: the user can act on it, so it is no internal error.
            return Protocol.error(id, Protocol.SERVER_ERROR, e.getMessage(), null);
        } catch (RuntimeException e) {
            // A bug, not the client's fault: say so, and leave the details where the user looks.
            traces.warnings().accept("internal error in " + name + ": " + e);
            return Protocol.error(id, Protocol.INTERNAL_ERROR, "internal error in " + name + ": " + e, null);
        }
    }

    private Object dispatch(String method, Map<String, Object> params, Conversation c) throws Protocol.RpcError {
        return switch (method) {
            case "initialize" -> initialize(params, c);
            case "ping" -> Map.of();
            case "tools/list" -> {
                noCursor(params);
                yield Map.of("tools", tools.descriptors());
            }
            case "tools/call" -> call(params);
            case "resources/list" -> resources.list(optionalString(params, "cursor"));
            case "resources/templates/list" -> {
                noCursor(params);
                yield resources.templates();
            }
            case "resources/read" -> resources.read(requiredString(params, "uri", "a resource URI such as "
                    + SessionResources.PREFIX + "<session id>"));
            default -> throw new Protocol.RpcError(Protocol.METHOD_NOT_FOUND, "Method not found: " + method
                    + " (this server offers initialize, ping, tools/list, tools/call, resources/list,"
                    + " resources/templates/list and resources/read)");
        };
    }

    private Map<String, Object> initialize(Map<String, Object> params, Conversation c) throws Protocol.RpcError {
        String requested = requiredString(params, "protocolVersion", "the MCP revision the client speaks, such as "
                + Protocol.LATEST);
        c.version = Protocol.negotiate(requested);
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("tools", Map.of("listChanged", false));
        capabilities.put("resources", Map.of("subscribe", false, "listChanged", false));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "agent-strace");
        info.put("title", "agent-strace: recorded agent sessions");
        info.put("version", version);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("protocolVersion", c.version);
        result.put("capabilities", capabilities);
        result.put("serverInfo", info);
        result.put("instructions", "Read-only views of the agent sessions recorded by agent-strace in "
                + traces.store().root() + ". Start with list_sessions or recent_failures. explain tells one session's"
                + " story prompt by prompt; why walks back from one event to its causes; diff compares two sessions;"
                + " stats and cost give the numbers; get_session pages through the events; search finds events across"
                + " sessions and clusters groups sessions by what they did. A session_id is an id or"
                + " a unique prefix; leave it out for the most recent session.");
        return result;
    }

    private Map<String, Object> call(Map<String, Object> params) throws Protocol.RpcError {
        String name = requiredString(params, "name", "the name of a tool from tools/list");
        if (!tools.has(name)) {
            throw new Protocol.RpcError(Protocol.INVALID_PARAMS, "Unknown tool: " + name + " (tools: "
                    + String.join(", ", tools.names()) + ")");
        }
        return tools.call(name, params.get("arguments"), traces);
    }

    /** Lists this server gives whole have no second page, so any cursor is one it never handed out. */
    private static void noCursor(Map<String, Object> params) throws Protocol.RpcError {
        if (params.get("cursor") != null) {
            throw new Protocol.RpcError(Protocol.INVALID_PARAMS, "invalid cursor: this list has a single page");
        }
    }

    private static String optionalString(Map<String, Object> params, String key) throws Protocol.RpcError {
        Object v = params.get(key);
        if (v != null && !(v instanceof String)) {
            throw new Protocol.RpcError(Protocol.INVALID_PARAMS, "\"" + key + "\" must be a string");
        }
        return (String) v;
    }

    private static String requiredString(Map<String, Object> params, String key, String what)
            throws Protocol.RpcError {
        if (!(params.get(key) instanceof String s) || s.isEmpty()) {
            throw new Protocol.RpcError(Protocol.INVALID_PARAMS, "\"params." + key + "\" must be " + what);
        }
        return s;
    }
}
