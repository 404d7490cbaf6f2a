package io.github.agentstrace.transcript;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.model.Usage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Codex CLI rollout ({@code $CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl}) read line by line: every
 * line is {@code {"timestamp", "type", "payload"}}.
 *
 * <pre>
 * session_meta                      the session: payload.id, cwd, cli_version
 * turn_context                      payload.model: the model of the calls that follow
 * response_item message user        a prompt; the context Codex adds as user messages ({@code <environment_context>},
 *                                   {@code <user_instructions>}: they start with a tag) is left out
 * event_msg user_message            a prompt too (older versions), unless it repeats the one just read
 * response_item message assistant   an answer
 * response_item function_call / custom_tool_call (call_id) and their *_output: tool calls and results; an
 *                                   output saying "Process exited with code N" (or metadata.exit_code N), N
 *                                   not 0, is an error
 * event_msg token_count             one model call: info.last_token_usage is its exact usage
 * </pre>
 * Usage follows OpenAI's counting: {@code input_tokens} includes {@code cached_input_tokens} (read from the
 * cache) and {@code cache_write_input_tokens}, {@code output_tokens} includes {@code reasoning_output_tokens}.
 * A token_count whose running total did not move repeats the previous one and is not a new call.
 */
final class CodexRollout {
    private final AgentTranscript t;
    private String model = "unknown";
    private double previous;
    private Object lastTotal;
    private String lastPrompt;
    private final Map<String, String> toolNames = new LinkedHashMap<>();

    CodexRollout(AgentTranscript t) {
        this.t = t;
    }

    /** True when the first line is Codex's session_meta. */
    static boolean isRollout(Map<String, Object> firstLine) {
        return "session_meta".equals(firstLine.get("type")) && firstLine.get("payload") instanceof Map<?, ?>;
    }

    /** The session id a rollout's session_meta names, or null. */
    static String sessionId(Map<String, Object> firstLine) {
        return Json.asString(Json.asObject(firstLine.get("payload")).get("id"));
    }

    void line(Map<String, Object> json) {
        double ts = TranscriptMapper.timestamp(json.get("timestamp"));
        if (ts <= 0) {
            ts = previous;
        }
        Map<String, Object> p = Json.asObject(json.get("payload"));
        String type = Json.asString(json.get("type"));
        String kind = Json.asString(p.get("type"));
        if ("turn_context".equals(type) && p.get("model") instanceof String m) {
            model = m;
        } else if ("event_msg".equals(type) && "user_message".equals(kind)) {
            prompt(ts, AgentTranscript.text(p.get("message")));
        } else if ("event_msg".equals(type) && "token_count".equals(kind)) {
            usage(ts, Json.asObject(p.get("info")));
        } else if ("response_item".equals(type)) {
            item(ts, kind, p);
        }
    }

    private void usage(double ts, Map<String, Object> info) {
        Map<String, Object> last = Json.asObject(info.get("last_token_usage"));
        if (last.isEmpty() || (lastTotal != null && lastTotal.equals(info.get("total_token_usage")))) {
            return;
        }
        lastTotal = info.get("total_token_usage");
        long input = AgentTranscript.count(last, "input_tokens");
        long cached = Math.min(input, AgentTranscript.count(last, "cached_input_tokens"));
        long written = Math.min(input - cached, AgentTranscript.count(last, "cache_write_input_tokens"));
        Usage u = Usage.of(input - cached - written, AgentTranscript.count(last, "output_tokens"), cached, written);
        Map<String, Object> extra = new LinkedHashMap<>();
        long reasoning = AgentTranscript.count(last, "reasoning_output_tokens");
        if (reasoning > 0) {
            extra.put("reasoning_tokens", reasoning);
        }
        t.turn(previous > 0 ? previous : ts, ts, model, u, extra);
        previous = ts;
    }

    private void item(double ts, String kind, Map<String, Object> p) {
        if (kind == null) {
            return;
        }
        switch (kind) {
            case "message" -> {
                if ("user".equals(p.get("role"))) {
                    prompt(ts, AgentTranscript.text(p.get("content")));
                } else if ("assistant".equals(p.get("role"))) {
                    String text = AgentTranscript.text(p.get("content"));
                    if (!text.isEmpty()) {
                        t.assistantResponse(ts, text);
                    }
                }
            }
            case "function_call", "custom_tool_call", "local_shell_call" -> {
                String callId = Json.asString(p.get("call_id"));
                String name = p.get("name") instanceof String n ? n : kind.equals("local_shell_call") ? "local_shell" : "unknown";
                Object args = kind.equals("function_call") ? parsed(p.get("arguments"))
                        : kind.equals("custom_tool_call") ? input(p.get("input")) : p.get("action");
                if (callId != null) {
                    toolNames.put(callId, name);
                }
                t.toolCall(ts, callId, name, args);
                previous = ts;
            }
            case "function_call_output", "custom_tool_call_output" -> {
                String callId = Json.asString(p.get("call_id"));
                String name = callId == null ? null : toolNames.remove(callId);
                Object output = p.get("output");
                Object parsed = parsed(output);
                String text;
                boolean error = false;
                if (parsed instanceof Map<?, ?> m) {
                    Map<String, Object> o = Json.asObject(m);
                    text = AgentTranscript.text(o.containsKey("output") ? o.get("output") : o);
                    Object code = Json.asObject(o.get("metadata")).get("exit_code");
                    error = code instanceof Number n && n.longValue() != 0;
                } else {
                    text = AgentTranscript.text(output instanceof Map<?, ?> om ? Json.asObject(om).get("content") : output);
                    // exec_command: "Chunk ID: …\nWall time: …\nProcess exited with code N\n…\nOutput:\n<output>"
                    int exit = text.indexOf(EXITED);
                    if (exit >= 0) {
                        int end = text.indexOf('\n', exit);
                        String code = text.substring(exit + EXITED.length(), end < 0 ? text.length() : end).trim();
                        error = !code.equals("0");
                        int body = text.indexOf(OUTPUT);
                        if (body >= 0) {
                            text = text.substring(body + OUTPUT.length());
                        }
                    }
                }
                t.toolResult(ts, callId, name == null ? "unknown" : name, text, error);
                previous = ts;
            }
            default -> {
            }
        }
    }

    private static final String EXITED = "Process exited with code ";
    private static final String OUTPUT = "\nOutput:\n";

    /** A prompt, unless it is context Codex added (it starts with a tag) or repeats the one just read. */
    private void prompt(double ts, String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("<") || trimmed.equals(lastPrompt)) {
            return;
        }
        lastPrompt = trimmed;
        t.userPrompt(ts, text);
        previous = ts;
    }

    /** A JSON text holding an object becomes the object; anything else stays as it is. */
    private static Object parsed(Object v) {
        if (v instanceof String s && s.trim().startsWith("{")) {
            try {
                return Json.parse(s);
            } catch (JsonException e) {
                return s;
            }
        }
        return v;
    }

    private static Object input(Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", v);
        return v instanceof Map<?, ?> ? v : m;
    }
}
