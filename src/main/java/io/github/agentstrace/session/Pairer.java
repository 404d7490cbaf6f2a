package io.github.agentstrace.session;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.JsonRpcIds;
import io.github.agentstrace.model.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one pairing rule: an answer ({@code tool_result}, {@code llm_response}, {@code error}) belongs to the
 * open call ({@code tool_call}) or request ({@code llm_request}) with the same {@code tool_use_id}, else the
 * one whose event id is its {@code parent_id}, else the one with the same JSON-RPC id (compared by
 * {@link JsonRpcIds}, within one direction of the wire). A {@code tool_result} answers only a call and an
 * {@code llm_response} only a request; an {@code error} answers either; by JSON-RPC id a {@code tool_result}
 * may answer a request too (the original's proxy recorded sampling answers so).
 *
 * <p>Pairing does not depend on line order: an answer written before its call (parallel hooks race) that
 * names its call by {@code tool_use_id} or {@code parent_id} waits, and the call pairs with it when it comes.
 * Memory follows what is in flight: open calls and early answers, never the session.
 */
final class Pairer {
    /** A call or request waiting for its answer; {@code note} is whatever the reader attached to it. */
    static final class Open<N> {
        final long number;
        final TraceEvent event;
        final N note;
        final String toolUseId;
        final String rpcKey;
        final String space;

        Open(long number, TraceEvent event, N note) {
            this.number = number;
            this.event = event;
            this.note = note;
            this.toolUseId = Json.asString(event.data().get("tool_use_id"));
            this.rpcKey = JsonRpcIds.key(event.data().get("request_id"));
            this.space = direction(event.data());
        }
    }

    /** An answer that came before its call. */
    static final class Early {
        final long number;
        final TraceEvent event;

        Early(long number, TraceEvent event) {
            this.number = number;
            this.event = event;
        }
    }

    private final Map<Long, Open<?>> open = new LinkedHashMap<>();
    private final Map<String, Open<?>> byToolUse = new HashMap<>();
    private final Map<String, Open<?>> byEventId = new HashMap<>();
    private final Map<String, List<Open<?>>> byRpc = new HashMap<>();
    private final Map<Long, Early> early = new LinkedHashMap<>();
    private final Map<String, Early> earlyByToolUse = new HashMap<>();
    private final Map<String, Early> earlyByParent = new HashMap<>();

    /** True for the types that open a call. */
    static boolean opens(EventType k) {
        return k == EventType.TOOL_CALL || k == EventType.LLM_REQUEST;
    }

    /** True for the types that answer one. */
    static boolean answers(EventType k) {
        return k == EventType.TOOL_RESULT || k == EventType.ERROR || k == EventType.LLM_RESPONSE;
    }

    /** Calls and requests in flight. */
    int inFlight() {
        return open.size();
    }

    /**
     * Opens a call. Returns the early answer it pairs with (both are then done), or null when it now waits.
     */
    <N> Early open(Open<N> call) {
        Early e = call.toolUseId == null ? null : earlyByToolUse.get(call.toolUseId);
        if (e == null || !fits(e.event, call.event)) {
            e = call.event.eventId() == null ? null : earlyByParent.get(call.event.eventId());
        }
        if (e != null && fits(e.event, call.event)) {
            forget(e);
            return e;
        }
        open.put(call.number, call);
        if (call.toolUseId != null) {
            byToolUse.put(call.toolUseId, call);
        }
        if (call.event.eventId() != null) {
            byEventId.put(call.event.eventId(), call);
        }
        if (call.rpcKey != null) {
            byRpc.computeIfAbsent(call.rpcKey, k -> new ArrayList<>(1)).add(call);
        }
        return null;
    }

    /** The open call an answer belongs to, removed from the open set; null when none does (yet). */
    Open<?> answer(TraceEvent answer) {
        Map<String, Object> d = answer.data();
        String toolUseId = Json.asString(d.get("tool_use_id"));
        Open<?> c = toolUseId == null ? null : byToolUse.get(toolUseId);
        if ((c == null || !fits(answer, c.event)) && answer.parentId() != null) {
            c = byEventId.get(answer.parentId());
        }
        if (c == null || !fits(answer, c.event)) {
            c = byRpcKey(answer);
        }
        if (c == null || !(fits(answer, c.event) || byRpc(answer, c))) {
            return null;
        }
        close(c);
        return c;
    }

    /**
     * Keeps an answer that names a call not seen yet, to pair when the call comes. Returns false when the
     * answer names its call by no key that a later call could match (it answers nothing).
     */
    boolean waitForCall(long number, TraceEvent answer) {
        String toolUseId = Json.asString(answer.data().get("tool_use_id"));
        if (toolUseId == null && answer.parentId() == null) {
            return false;
        }
        Early e = new Early(number, answer);
        early.put(number, e);
        if (toolUseId != null) {
            earlyByToolUse.putIfAbsent(toolUseId, e);
        }
        if (answer.parentId() != null) {
            earlyByParent.putIfAbsent(answer.parentId(), e);
        }
        return true;
    }

    /** Calls never answered, in call order; the pairer is empty of them afterwards. */
    List<Open<?>> drainOpen() {
        List<Open<?>> left = new ArrayList<>(open.values());
        open.clear();
        byToolUse.clear();
        byEventId.clear();
        byRpc.clear();
        return left;
    }

    /** Answers whose call never came, in file order; the pairer is empty of them afterwards. */
    List<Early> drainEarly() {
        List<Early> left = new ArrayList<>(early.values());
        early.clear();
        earlyByToolUse.clear();
        earlyByParent.clear();
        return left;
    }

    private Open<?> byRpcKey(TraceEvent answer) {
        String key = JsonRpcIds.key(answer.data().get("request_id"));
        if (key == null) {
            return null;
        }
        List<Open<?>> candidates = byRpc.get(key);
        if (candidates == null) {
            return null;
        }
        // Requests and answers travel in opposite directions; ids of the two directions are separate spaces.
        String space = reverse(direction(answer.data()));
        for (Open<?> c : candidates) {
            if ((space == null || c.space == null || space.equals(c.space)) && fitsByRpc(answer, c.event)) {
                return c;
            }
        }
        return null;
    }

    private void close(Open<?> c) {
        open.remove(c.number);
        if (c.toolUseId != null) {
            byToolUse.remove(c.toolUseId, c);
        }
        if (c.event.eventId() != null) {
            byEventId.remove(c.event.eventId(), c);
        }
        if (c.rpcKey != null) {
            List<Open<?>> l = byRpc.get(c.rpcKey);
            if (l != null) {
                l.remove(c);
                if (l.isEmpty()) {
                    byRpc.remove(c.rpcKey);
                }
            }
        }
    }

    private void forget(Early e) {
        early.remove(e.number);
        String toolUseId = Json.asString(e.event.data().get("tool_use_id"));
        if (toolUseId != null) {
            earlyByToolUse.remove(toolUseId, e);
        }
        if (e.event.parentId() != null) {
            earlyByParent.remove(e.event.parentId(), e);
        }
    }

    /** Whether {@code c} was found for the answer by its JSON-RPC id (then the looser type rule holds). */
    private static boolean byRpc(TraceEvent answer, Open<?> c) {
        String key = JsonRpcIds.key(answer.data().get("request_id"));
        return key != null && key.equals(c.rpcKey) && fitsByRpc(answer, c.event);
    }

    /**
     * By JSON-RPC id, any result answers a request: the original's proxy recorded a client's answer to a
     * server's sampling request as a {@code tool_result}. An {@code llm_response} still answers only a request.
     */
    private static boolean fitsByRpc(TraceEvent answer, TraceEvent call) {
        return answer.kind() != EventType.LLM_RESPONSE || call.kind() == EventType.LLM_REQUEST;
    }

    /** A tool_result answers only a tool call, an llm_response only an LLM request, an error either. */
    private static boolean fits(TraceEvent answer, TraceEvent call) {
        EventType a = answer.kind();
        EventType c = call.kind();
        return a == EventType.ERROR
                || (a == EventType.TOOL_RESULT && c == EventType.TOOL_CALL)
                || (a == EventType.LLM_RESPONSE && c == EventType.LLM_REQUEST);
    }

    private static String direction(Map<String, Object> d) {
        return Json.asString(d.get("direction"));
    }

    private static String reverse(String direction) {
        if (direction == null) {
            return null;
        }
        return switch (direction) {
            case "client_to_server" -> "server_to_client";
            case "server_to_client" -> "client_to_server";
            default -> null;
        };
    }
}
