package io.github.agentstrace.redact;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Privacy#METADATA} filter: an event keeps only the {@code data} fields known to be metadata (an
 * allow-list, so a field a capture path adds later is dropped until someone decides it is metadata), and names
 * what it dropped in {@value #NOT_KEPT}, so readers can say "not kept (privacy: metadata)" instead of showing
 * an empty field. Tool arguments keep only their file paths ({@code file_path}, {@code path},
 * {@code notebook_path}): paths are kept whole, not hashed, so {@code files} and {@code explain} still work.
 */
public final class MetadataOnly {
    /** The data field listing what the filter removed (field names, sorted as met). */
    public static final String NOT_KEPT = "not_kept";

    private static final Set<String> KEPT = Set.of(
            // what and who
            "tool_name", "tool_use_id", "mcp_server", "mcp_tool", "mcp_method", "mcp_kind", "method", "request_id",
            "message_id", "duplicate_request_id", "batch_size", "direction", "transport", "subagent_type", "prompt_id",
            "mode", "source", "model", "claude_session_id", "agent_type", "agent_id", "agent_name", "kind", "choice",
            "command", "redaction", "privacy", "lazy", "parent_session_id", "parent_event_id",
            // where
            "cwd", "transcript_path", "agent_transcript_path", "permission_mode", "uri", "path", "file_path",
            "notebook_path", "remote_url", "local_host", "local_port",
            // how it went
            "duration_ms", "exit_code", "signal", "terminated_by_proxy", "client_eof", "client_disconnected", "status",
            "is_error", "is_interrupt", "is_sidechain", "error_type", "exception_type", "code", "stage",
            "content_types", "truncated", "sample_bytes", "stop_reason",
            // counts, tokens and cost
            "usage", "input_tokens", "output_tokens", "total_tokens", "cache_creation_input_tokens",
            "cache_read_input_tokens", "cost_usd", "message_count", "tool_calls", "llm_turns", "errors");
    private static final Set<String> PATH_ARGUMENTS = Set.of("file_path", "path", "notebook_path");

    private MetadataOnly() {
    }

    /** The event with only metadata in its {@code data}; the event itself when nothing had to go. */
    public static TraceEvent apply(TraceEvent event) {
        Map<String, Object> data = event.data();
        Map<String, Object> kept = new LinkedHashMap<>(Math.max(4, data.size() * 2));
        List<Object> dropped = new ArrayList<>();
        for (Map.Entry<String, Object> e : data.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.equals(NOT_KEPT)) {
                continue;
            }
            if (key.equals("arguments") && value instanceof Map<?, ?> args) {
                Map<String, Object> paths = paths(args);
                if (paths.size() != args.size()) {
                    dropped.add(key);
                }
                kept.put(key, paths);
            } else if (keeps(event, key, value)) {
                kept.put(key, value);
            } else {
                dropped.add(key);
            }
        }
        if (dropped.isEmpty()) {
            return event;
        }
        kept.put(NOT_KEPT, dropped);
        return event.withData(kept);
    }

    private static boolean keeps(TraceEvent event, String key, Object value) {
        if (key.equals("reason")) {
            // A session's end reason is a word (clear, logout, exit); elsewhere a reason is free text.
            return event.kind() == EventType.SESSION_END && value instanceof String;
        }
        if (key.equals("tool_calls") || key.equals("errors")) {
            return value instanceof Number; // counts only; a list of calls would carry their inputs
        }
        if (key.equals("command") && event.kind() != EventType.SESSION_START) {
            return false; // the recorded server's command line is kept, a tool's command is an input
        }
        return KEPT.contains(key);
    }

    private static Map<String, Object> paths(Map<?, ?> args) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Map.Entry<?, ?> a : args.entrySet()) {
            String k = String.valueOf(a.getKey());
            if (PATH_ARGUMENTS.contains(k) && a.getValue() instanceof String) {
                paths.put(k, a.getValue());
            }
        }
        return paths;
    }

    /** The text a reader shows in place of a field the tier did not keep. */
    public static String notKeptText() {
        return "not kept (privacy: metadata)";
    }

    /** Whether {@code field} of this stored event was removed by the filter. */
    public static boolean notKept(Map<String, Object> data, String field) {
        return data.get(NOT_KEPT) instanceof List<?> l && l.contains(field);
    }
}
