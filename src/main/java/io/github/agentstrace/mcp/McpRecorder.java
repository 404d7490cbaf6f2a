package io.github.agentstrace.mcp;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.SessionWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns JSON-RPC messages seen by a proxy into trace events. Thread-safe; never throws to the caller.
 *
 * <p>Requests and responses are paired by JSON-RPC id per direction (a response travelling one way
 * answers the request with the same id that travelled the other way; ids may be numbers or strings);
 * the response's {@code duration_ms} is measured on the injected monotonic clock between the two calls.
 * Every message becomes one event on the original's twelve types (see {@code docs/adr/0005}):
 * <ul>
 *   <li>{@code tools/call} → {@code tool_call}; its result → {@code tool_result}, or {@code error}
 *       ({@code error_type: tool_error}) when the result says {@code isError: true};</li>
 *   <li>any JSON-RPC error response → {@code error} linked to its request ({@code parent_id}); one whose
 *       {@code data} says {@code denied_by: "policy"} (the answer of {@code record --policy}) is recorded with
 *       {@code denied_by}, {@code policy} and {@code error_type: policy_denied};</li>
 *   <li>{@code resources/read} → {@code file_read}; {@code notifications/resources/updated} →
 *       {@code file_write} (as the original);</li>
 *   <li>{@code sampling/createMessage} → {@code llm_request}; its result → {@code llm_response} with model,
 *       stop reason and usage when present;</li>
 *   <li>everything else (initialize, lists, ping, prompts, notifications...) → {@code decision} with
 *       {@code choice} = the method and a one-line {@code reason}.</li>
 * </ul>
 * Every MCP event's data carries {@code mcp_method} and {@code direction}, plus {@code request_id}
 * for requests and responses. Progress notifications are linked to the request that asked for them.
 * {@code initialize} (or, in 2026-07-28, the {@code _meta} client and server info) is summarised by
 * {@link #sessionInfo()} for the proxy to store beside meta.json.
 *
 * <p>Recording failures (a full disk, a bug) are counted, reported to the warning consumer and
 * swallowed: a proxy must never lose its connection because the recorder failed.
 */
public final class McpRecorder implements AutoCloseable {
    private final SessionWriter writer;
    private final Clock clock;
    private final Ids ids;
    private final Consumer<TraceEvent> onEvent;
    private final Consumer<String> onWarning;

    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, String> progressOwners = new HashMap<>();
    private final Map<String, Object> info = new LinkedHashMap<>();
    private long messages;
    private long failures;
    private boolean closed;
    private List<TraceEvent> batch; // events of a batch(), written when it ends; null outside one

    /** A request waiting for its response. */
    private record Pending(String eventId, String method, long startNanos, String toolName, Object id,
                           String progressKey, boolean cancelled) {
        Pending cancel() {
            return new Pending(eventId, method, startNanos, toolName, id, progressKey, true);
        }
    }

    public McpRecorder(SessionWriter writer, Clock clock, Ids ids) {
        this(writer, clock, ids, e -> { }, w -> { });
    }

    /**
     * As the four-argument constructor, and also: {@code onEvent} sees every event as written (redacted),
     * e.g. to print it live; {@code onWarning} hears about recording failures. Both are called on the
     * caller's thread with this recorder's lock held, so they must be quick and must not call back.
     */
    public McpRecorder(SessionWriter writer, Clock clock, Ids ids,
                       Consumer<TraceEvent> onEvent, Consumer<String> onWarning) {
        this.writer = writer;
        this.clock = clock;
        this.ids = ids;
        this.onEvent = onEvent;
        this.onWarning = onWarning;
    }

    /**
     * One complete JSON text (an object or a batch array) that crossed the proxy; transport = extra facts
     * (e.g. HTTP session id, SSE event id), may be empty.
     */
    public synchronized void message(Direction dir, String json, Map<String, Object> transport) {
        if (closed) {
            return;
        }
        long now = clock.nanoTime();
        try {
            Object parsed;
            try {
                parsed = Json.parse(json);
            } catch (JsonException e) {
                unparsedLocked(dir, "not JSON: " + e.getMessage(), json.getBytes(StandardCharsets.UTF_8), transport);
                return;
            }
            Map<String, Object> facts = transport == null ? Map.of() : transport;
            if (parsed instanceof List<?> batch) {
                if (batch.isEmpty()) {
                    unparsedLocked(dir, "empty JSON-RPC batch", json.getBytes(StandardCharsets.UTF_8), facts);
                    return;
                }
                for (Object item : batch) {
                    one(dir, item, facts, batch.size(), now);
                }
            } else {
                one(dir, parsed, facts, 0, now);
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** A frame that is not JSON-RPC (junk line, invalid UTF-8, partial frame at EOF). */
    public synchronized void unparsed(Direction dir, String reason, byte[] sample) {
        if (closed) {
            return;
        }
        try {
            unparsedLocked(dir, reason, sample, Map.of());
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Records still-pending requests as unanswered and flushes meta; does not close the writer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            List<Pending> left = new ArrayList<>(pending.values());
            pending.clear();
            long now = clock.nanoTime();
            for (Pending p : left) {
                unanswered(p, now);
            }
        } catch (RuntimeException e) {
            failed(e);
        }
        try {
            writer.flushMeta();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /**
     * What the session learned about its peers: {@code protocol_version}, {@code client_info},
     * {@code server_info}, {@code client_capabilities}, {@code server_capabilities}, {@code instructions}
     * (whichever were seen). A copy; empty until an {@code initialize} or a 2026-07-28 {@code _meta} is seen.
     */
    public synchronized Map<String, Object> sessionInfo() {
        return new LinkedHashMap<>(info);
    }

    /** Messages classified so far (batch items count one each). */
    public synchronized long messages() {
        return messages;
    }

    /** Recording failures swallowed so far. */
    public synchronized long failures() {
        return failures;
    }

    // ---- classification ------------------------------------------------------------------------

    private void one(Direction dir, Object item, Map<String, Object> transport, int batchSize, long now) {
        messages++;
        if (!(item instanceof Map<?, ?>)) {
            invalid(dir, "not a JSON-RPC object: " + Texts.cut(Json.write(item), 100), transport, batchSize);
            return;
        }
        Map<String, Object> m = Json.asObject(item);
        Object method = m.get("method");
        if (method instanceof String name) {
            if (m.containsKey("id")) {
                request(dir, name, m, transport, batchSize, now);
            } else {
                notification(dir, name, m, transport, batchSize);
            }
        } else if (m.containsKey("id") && (m.containsKey("result") || m.containsKey("error"))) {
            response(dir, m, transport, batchSize, now);
        } else {
            invalid(dir, "not a JSON-RPC request, notification or response", transport, batchSize);
        }
    }

    private void request(Direction dir, String method, Map<String, Object> m, Map<String, Object> transport,
                         int batchSize, long now) {
        Object id = m.get("id");
        Map<String, Object> params = Json.asObject(m.get("params"));
        captureMetaInfo(params, "io.modelcontextprotocol/clientInfo", "client_info");
        Map<String, Object> data = new LinkedHashMap<>();
        EventType type;
        String toolName = null;
        switch (method) {
            case "tools/call" -> {
                type = EventType.TOOL_CALL;
                Object name = params.get("name");
                toolName = name instanceof String s && !s.isEmpty() ? s : "unknown";
                data.put("tool_name", toolName);
                Object args = params.get("arguments");
                data.put("arguments", args == null ? new LinkedHashMap<>() : Shapes.bound(args));
            }
            case "resources/read" -> {
                type = EventType.FILE_READ;
                data.put("uri", Shapes.str(params.get("uri")));
            }
            case "sampling/createMessage" -> {
                type = EventType.LLM_REQUEST;
                samplingRequest(params, data);
            }
            case "initialize" -> {
                type = EventType.DECISION;
                putIfPresent(info, "protocol_version", params.get("protocolVersion"));
                putIfPresent(info, "client_info", Shapes.bound(params.get("clientInfo")));
                putIfPresent(info, "client_capabilities", Shapes.bound(params.get("capabilities")));
                Map<String, Object> client = Json.asObject(params.get("clientInfo"));
                data.put("choice", method);
                data.put("reason", "client " + nameVersion(client) + protocol(params.get("protocolVersion")));
                data.put("params", Shapes.bound(params));
            }
            default -> {
                type = EventType.DECISION;
                data.put("choice", method);
                data.put("reason", "request" + requestDetail(method, params));
                if (!params.isEmpty()) {
                    data.put("params", Shapes.bound(params));
                }
            }
        }
        data.put("request_id", id);
        common(data, method, "request", dir, transport, batchSize);
        String eventId = ids.eventId();
        String progressKey = null;
        Object token = Json.asObject(params.get("_meta")).get("progressToken");
        if (token != null) {
            progressKey = dir.wire() + "|" + Shapes.idKey(token);
            progressOwners.put(progressKey, eventId);
        }
        String key = pendingKey(dir, id);
        Pending previous = pending.put(key, new Pending(eventId, method, now, toolName, id, progressKey, false));
        if (previous != null) {
            // A reused id while the first request is unanswered: the first can no longer be paired.
            data.put("duplicate_request_id", true);
            forgetProgress(previous);
        }
        append(type, eventId, null, null, data);
    }

    private void response(Direction dir, Map<String, Object> m, Map<String, Object> transport, int batchSize,
                          long now) {
        Object id = m.get("id");
        Pending p = pending.remove(pendingKey(dir.opposite(), id));
        String parent = p == null ? null : p.eventId();
        Double duration = p == null ? null : (now - p.startNanos()) / 1e6;
        String method = p == null ? null : p.method();
        if (p != null) {
            forgetProgress(p);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        Object error = m.get("error");
        if (error != null) {
            Map<String, Object> err = Json.asObject(error);
            if (p != null && p.toolName() != null) {
                data.put("tool_name", p.toolName());
            }
            putIfPresent(data, "code", err.get("code"));
            data.put("message", err.get("message") instanceof String s ? s : Shapes.str(err.get("message")));
            Map<String, Object> errData = err.get("data") instanceof Map<?, ?> d ? Json.asObject(d) : Map.of();
            if ("policy".equals(errData.get("denied_by"))) {
                // record --policy answered this call itself: recorded as the hook's denial is (docs/format.md).
                data.put("denied_by", "policy");
                putIfPresent(data, "policy", Shapes.bound(errData.get("policy")));
                data.put("error_type", "policy_denied");
            } else {
                putIfPresent(data, "data", Shapes.bound(err.get("data")));
                data.put("error_type", "jsonrpc_error");
            }
            data.put("request_id", id);
            common(data, method, "response", dir, transport, batchSize);
            append(EventType.ERROR, ids.eventId(), parent, duration, data);
            return;
        }
        Map<String, Object> result = Json.asObject(m.get("result"));
        captureMetaInfo(result, "io.modelcontextprotocol/serverInfo", "server_info");
        EventType type;
        if ("tools/call".equals(method)) {
            List<Object> content = Json.asArray(result.get("content"));
            String text = Shapes.contentText(content);
            data.put("tool_name", p.toolName());
            if (Boolean.TRUE.equals(result.get("isError"))) {
                type = EventType.ERROR;
                data.put("message", Texts.cut(text.isEmpty() ? "tool reported an error" : text, Shapes.MAX_STRING));
                data.put("error_type", "tool_error");
            } else {
                type = EventType.TOOL_RESULT;
                data.put("result", Texts.cut(text, Shapes.MAX_STRING));
            }
            data.put("content_types", Shapes.contentTypes(content));
            data.put("content_preview", Shapes.preview(text));
            if (result.containsKey("structuredContent")) {
                data.put("structured_content", Shapes.bound(result.get("structuredContent")));
            }
        } else if ("sampling/createMessage".equals(method)) {
            type = EventType.LLM_RESPONSE;
            samplingResult(result, data);
        } else if ("initialize".equals(method)) {
            type = EventType.DECISION;
            putIfPresent(info, "protocol_version", result.get("protocolVersion"));
            putIfPresent(info, "server_info", Shapes.bound(result.get("serverInfo")));
            putIfPresent(info, "server_capabilities", Shapes.bound(result.get("capabilities")));
            putIfPresent(info, "instructions", Shapes.bound(result.get("instructions")));
            data.put("choice", method);
            data.put("reason", "server " + nameVersion(Json.asObject(result.get("serverInfo")))
                    + protocol(result.get("protocolVersion")));
            data.put("result", Shapes.bound(result));
        } else {
            type = EventType.DECISION;
            data.put("choice", method == null ? "response" : method);
            data.put("reason", method == null ? "response to an unknown request" : "result" + resultDetail(method, result));
            if (!result.isEmpty() || !(m.get("result") instanceof Map<?, ?>)) {
                data.put("result", Shapes.bound(m.get("result")));
            }
        }
        data.put("request_id", id);
        common(data, method, "response", dir, transport, batchSize);
        append(type, ids.eventId(), parent, duration, data);
    }

    private void notification(Direction dir, String method, Map<String, Object> m, Map<String, Object> transport,
                              int batchSize) {
        Map<String, Object> params = Json.asObject(m.get("params"));
        Map<String, Object> data = new LinkedHashMap<>();
        EventType type = EventType.DECISION;
        String parent = null;
        switch (method) {
            case "notifications/resources/updated" -> {
                type = EventType.FILE_WRITE;
                data.put("uri", Shapes.str(params.get("uri")));
            }
            case "notifications/progress" -> {
                Object token = params.get("progressToken");
                // Progress travels opposite to the request that carried the token.
                parent = progressOwners.get(dir.opposite().wire() + "|" + Shapes.idKey(token));
                data.put("choice", method);
                Object total = params.get("total");
                Object msg = params.get("message");
                data.put("reason", "progress " + Shapes.str(params.get("progress"))
                        + (total == null ? "" : "/" + Shapes.str(total))
                        + (msg == null ? "" : " " + Texts.cut(Shapes.str(msg), 120)));
                data.put("params", Shapes.bound(params));
            }
            case "notifications/cancelled" -> {
                Object requestId = params.get("requestId");
                String key = pendingKey(dir, requestId);
                Pending p = pending.get(key);
                if (p != null) {
                    parent = p.eventId();
                    pending.put(key, p.cancel());
                }
                data.put("choice", method);
                Object reason = params.get("reason");
                data.put("reason", "cancelled request " + Shapes.str(requestId)
                        + (reason == null ? "" : ": " + Texts.cut(Shapes.str(reason), 120)));
                data.put("params", Shapes.bound(params));
            }
            case "notifications/message" -> {
                data.put("choice", method);
                Object logger = params.get("logger");
                data.put("reason", Shapes.str(params.get("level")) + (logger == null ? "" : " " + Shapes.str(logger))
                        + ": " + Texts.cut(Shapes.str(params.get("data")), 150));
                data.put("params", Shapes.bound(params));
            }
            default -> {
                data.put("choice", method);
                data.put("reason", "notification");
                if (!params.isEmpty()) {
                    data.put("params", Shapes.bound(params));
                }
            }
        }
        common(data, method, "notification", dir, transport, batchSize);
        append(type, ids.eventId(), parent, null, data);
    }

    private void invalid(Direction dir, String reason, Map<String, Object> transport, int batchSize) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", reason);
        data.put("error_type", "invalid_message");
        common(data, null, null, dir, transport, batchSize);
        append(EventType.ERROR, ids.eventId(), null, null, data);
    }

    private void unparsedLocked(Direction dir, String reason, byte[] sample, Map<String, Object> transport) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", reason == null ? "unparsed frame" : reason);
        data.put("error_type", "parse_error");
        if (sample != null) {
            int n = Math.min(sample.length, Shapes.PREVIEW);
            // Lossy on purpose: the sample is for a person to read, the bytes were forwarded untouched.
            data.put("sample", new String(sample, 0, n, StandardCharsets.UTF_8) + (sample.length > n ? "..." : ""));
            data.put("sample_bytes", sample.length);
        }
        common(data, null, null, dir, transport, 0);
        append(EventType.ERROR, ids.eventId(), null, null, data);
    }

    private void unanswered(Pending p, long now) {
        Map<String, Object> data = new LinkedHashMap<>();
        String why = p.cancelled() ? "cancelled" : "unanswered";
        String text = p.cancelled() ? "request cancelled; no response before the session ended"
                : "no response before the session ended";
        Double waited = (now - p.startNanos()) / 1e6;
        EventType type;
        if (p.toolName() != null || "sampling/createMessage".equals(p.method())) {
            type = EventType.ERROR;
            if (p.toolName() != null) {
                data.put("tool_name", p.toolName());
            }
            data.put("message", text);
            data.put("error_type", why);
        } else {
            type = EventType.DECISION;
            data.put("choice", p.method());
            data.put("reason", text);
        }
        data.put("request_id", p.id());
        data.put("mcp_method", p.method());
        data.put("mcp_kind", why);
        append(type, ids.eventId(), p.eventId(), waited, data);
    }

    // ---- pieces ----------------------------------------------------------------------------------

    private static void samplingRequest(Map<String, Object> params, Map<String, Object> data) {
        data.put("method", "sampling/createMessage");
        String model = Json.asString(params.get("model"));
        if (model == null) {
            // The spec's way: hints in preference order; the client picks, the result names the model.
            List<Object> hints = Json.asArray(Json.asObject(params.get("modelPreferences")).get("hints"));
            model = hints.isEmpty() ? "" : Shapes.str(Json.asObject(hints.get(0)).get("name"));
        }
        data.put("model", model);
        List<Object> messages = Json.asArray(params.get("messages"));
        data.put("message_count", messages.size());
        if (messages.isEmpty()) {
            data.put("last_message", null);
        } else {
            Map<String, Object> last = Json.asObject(messages.get(messages.size() - 1));
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("role", last.get("role"));
            lm.put("content_preview", Shapes.preview(Shapes.messageText(last.get("content"))));
            data.put("last_message", lm);
        }
        putIfPresent(data, "max_tokens", params.get("maxTokens"));
        putIfPresent(data, "system_prompt", Shapes.bound(params.get("systemPrompt")));
        putIfPresent(data, "model_preferences", Shapes.bound(params.get("modelPreferences")));
    }

    private static void samplingResult(Map<String, Object> result, Map<String, Object> data) {
        data.put("model", Shapes.str(result.get("model")));
        putIfPresent(data, "stop_reason", result.get("stopReason"));
        putIfPresent(data, "role", result.get("role"));
        Object content = result.get("content");
        List<Object> blocks = content instanceof List<?> ? Json.asArray(content)
                : content == null ? List.of() : List.of(content);
        data.put("content_types", Shapes.contentTypes(blocks));
        data.put("content_preview", Shapes.preview(Shapes.contentText(blocks)));
        Map<String, Object> usage = Json.asObject(result.get("usage"));
        if (!usage.isEmpty()) {
            data.put("usage", Shapes.bound(usage));
            long in = tokens(usage, "inputTokens", "input_tokens", "promptTokens");
            long out = tokens(usage, "outputTokens", "output_tokens", "completionTokens");
            if (in >= 0) {
                data.put("input_tokens", in);
            }
            if (out >= 0) {
                data.put("output_tokens", out);
            }
            long total = tokens(usage, "totalTokens", "total_tokens");
            if (total < 0 && (in >= 0 || out >= 0)) {
                total = Math.max(in, 0) + Math.max(out, 0);
            }
            if (total >= 0) {
                data.put("total_tokens", total);
            }
        }
    }

    private static long tokens(Map<String, Object> usage, String... keys) {
        for (String k : keys) {
            if (usage.get(k) instanceof Number n) {
                return n.longValue();
            }
        }
        return -1;
    }

    private static String requestDetail(String method, Map<String, Object> params) {
        Object name = params.get("name");
        Object uri = params.get("uri");
        if (name instanceof String s) {
            return " " + Texts.cut(s, 120);
        }
        if (uri instanceof String s) {
            return " " + Texts.cut(s, 120);
        }
        return "";
    }

    private static String resultDetail(String method, Map<String, Object> result) {
        for (String key : List.of("tools", "prompts", "resources", "resourceTemplates", "roots", "messages",
                "contents", "tasks")) {
            int n = Shapes.count(result, key);
            if (n >= 0) {
                return ": " + n + " " + key;
            }
        }
        Map<String, Object> completion = Json.asObject(result.get("completion"));
        if (completion.get("values") instanceof List<?> values) {
            return ": " + values.size() + " values";
        }
        if (result.get("action") instanceof String action) {
            return ": " + action;
        }
        return result.isEmpty() ? "" : ": " + String.join(", ", result.keySet());
    }

    private static String nameVersion(Map<String, Object> who) {
        String name = Shapes.str(who.get("name"));
        String version = Shapes.str(who.get("version"));
        String s = (name.isEmpty() ? "?" : name) + (version.isEmpty() ? "" : " " + version);
        return Texts.cut(s, 120);
    }

    private static String protocol(Object version) {
        return version == null ? "" : " (protocol " + Shapes.str(version) + ")";
    }

    /** 2026-07-28 carries peer info in every request's and result's {@code _meta}. */
    private void captureMetaInfo(Map<String, Object> paramsOrResult, String metaKey, String infoKey) {
        Map<String, Object> meta = Json.asObject(paramsOrResult.get("_meta"));
        if (meta.isEmpty()) {
            return;
        }
        if (!info.containsKey(infoKey) && meta.get(metaKey) != null) {
            info.put(infoKey, Shapes.bound(meta.get(metaKey)));
        }
        Object version = meta.get("io.modelcontextprotocol/protocolVersion");
        if (!info.containsKey("protocol_version") && version != null) {
            info.put("protocol_version", version);
        }
        Object caps = meta.get("io.modelcontextprotocol/clientCapabilities");
        if (!info.containsKey("client_capabilities") && caps != null) {
            info.put("client_capabilities", Shapes.bound(caps));
        }
    }

    private static void common(Map<String, Object> data, String method, String kind, Direction dir,
                               Map<String, Object> transport, int batchSize) {
        if (method != null) {
            data.put("mcp_method", method);
        }
        if (kind != null) {
            data.put("mcp_kind", kind);
        }
        data.put("direction", dir.wire());
        if (batchSize > 0) {
            data.put("batch_size", batchSize);
        }
        if (!transport.isEmpty()) {
            data.put("transport", Shapes.bound(transport));
        }
    }

    private static String pendingKey(Direction requestDirection, Object id) {
        return requestDirection.wire() + "|" + Shapes.idKey(id);
    }

    private void forgetProgress(Pending p) {
        if (p.progressKey() != null) {
            progressOwners.remove(p.progressKey());
        }
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private void append(EventType type, String eventId, String parentId, Double durationMs, Map<String, Object> data) {
        TraceEvent event = TraceEvent.of(type, clock.epochSeconds(), eventId, writer.sessionId(), parentId,
                durationMs, data);
        if (batch != null) {
            batch.add(event);
            return;
        }
        announce(writer.append(event));
    }

    private void announce(TraceEvent written) {
        try {
            onEvent.accept(written);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /**
     * Runs {@code work} (calls to {@link #message} and {@link #unparsed} on this thread) and writes every
     * event it produced with one append: for a proxy's recorder working off a backlog, where the locked
     * write per event would cost more than the rest of the recording.
     */
    public synchronized void batch(Runnable work) {
        if (batch != null) {
            work.run();
            return;
        }
        batch = new ArrayList<>();
        try {
            work.run();
        } finally {
            List<TraceEvent> events = batch;
            batch = null;
            try {
                for (TraceEvent written : writer.appendAll(events)) {
                    announce(written);
                }
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    private void failed(RuntimeException e) {
        failures++;
        if (failures > 3) {
            return; // a full disk fails every event: three reports say it, thousands would drown stderr
        }
        try {
            onWarning.accept("recording failed: " + e + (failures == 3 ? " (further failures not reported)" : ""));
        } catch (RuntimeException ignored) {
            // the warning sink is best effort too
        }
    }
}
