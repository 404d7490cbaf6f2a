package io.github.agentstrace.transcript;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Gemini CLI chat ({@code ~/.gemini/tmp/<project hash>/chats/session-*.jsonl}): a first line with
 * {@code sessionId}, {@code projectHash} and {@code startTime}, then one line per message record (a record
 * written again under the same {@code id} replaces the earlier one), {@code $set} metadata updates (one of
 * {@code messages} replaces them all), and {@code $rewindTo} lines that drop the messages from that id on.
 * Older versions wrote the same records as one JSON object ({@code session-*.json}, {@code "messages": [...]}),
 * read here too.
 *
 * <pre>
 * user     a prompt; not the tool responses, the context Gemini CLI adds or commands (see notAPrompt)
 * gemini   one model call (model, tokens: input, output, cached, thoughts, tool), its answer (content) and
 *          its tool calls (toolCalls: id, name, args, result, status, timestamp; status error, or a shell
 *          command's non-zero exit code ({@link GeminiShell}): an error)
 * </pre>
 * Usage follows Gemini's counting: {@code input} (promptTokenCount) includes {@code cached}; thoughts are
 * billed as output; tool-use prompt tokens are input.
 */
final class GeminiChat {
    private final LinkedHashMap<String, Map<String, Object>> messages = new LinkedHashMap<>();

    /** True when a line is a Gemini chat's first line (or the whole legacy object). */
    static boolean isChat(Map<String, Object> firstLine) {
        return firstLine.get("sessionId") instanceof String && firstLine.get("projectHash") instanceof String;
    }

    /** Takes one record of the file, in order. */
    void record(Map<String, Object> json) {
        if (json.get("$rewindTo") instanceof String to) {
            boolean found = false;
            for (String id : new ArrayList<>(messages.keySet())) {
                found |= id.equals(to);
                if (found) {
                    messages.remove(id);
                }
            }
            if (!found) {
                messages.clear();
            }
        } else if (json.get("id") instanceof String id) {
            messages.put(id, json);
        } else if (json.get("$set") instanceof Map<?, ?> set && set.get("messages") instanceof List<?> all) {
            messages.clear(); // Gemini CLI 0.61 sets the whole list this way (its first, context message)
            for (Object m : all) {
                record(Json.asObject(m));
            }
        } else if (json.get("messages") instanceof List<?> legacy) {
            for (Object m : legacy) {
                record(Json.asObject(m));
            }
        }
    }

    /** Writes the messages kept, in order. */
    void emit(AgentTranscript t, double start) {
        double previous = start;
        for (Map<String, Object> m : messages.values()) {
            double ts = TranscriptMapper.timestamp(m.get("timestamp"));
            if (ts <= 0) {
                ts = previous;
            }
            String type = Json.asString(m.get("type"));
            if ("user".equals(type)) {
                String text = AgentTranscript.text(m.get("content"));
                if (!notAPrompt(text.strip())) {
                    t.userPrompt(ts, text);
                }
            } else if ("gemini".equals(type)) {
                Map<String, Object> tokens = Json.asObject(m.get("tokens"));
                if (!tokens.isEmpty()) {
                    long input = AgentTranscript.count(tokens, "input");
                    long cached = Math.min(input, AgentTranscript.count(tokens, "cached"));
                    Usage u = Usage.of(input - cached + AgentTranscript.count(tokens, "tool"),
                            AgentTranscript.count(tokens, "output") + AgentTranscript.count(tokens, "thoughts"), cached, 0);
                    Map<String, Object> extra = new LinkedHashMap<>();
                    if (AgentTranscript.count(tokens, "thoughts") > 0) {
                        extra.put("reasoning_tokens", AgentTranscript.count(tokens, "thoughts"));
                    }
                    t.turn(previous, ts, m.get("model") instanceof String s ? s : "unknown", u, extra);
                }
                String text = AgentTranscript.text(m.get("content"));
                if (!text.isEmpty()) {
                    t.assistantResponse(ts, text);
                }
                if (m.get("toolCalls") instanceof List<?> calls) {
                    for (Object c : calls) {
                        ts = Math.max(ts, toolCall(t, Json.asObject(c), ts));
                    }
                }
            }
            previous = ts;
        }
    }

    private static double toolCall(AgentTranscript t, Map<String, Object> c, double fallback) {
        double ts = TranscriptMapper.timestamp(c.get("timestamp"));
        if (ts <= 0) {
            ts = fallback;
        }
        String id = Json.asString(c.get("id"));
        String name = c.get("name") instanceof String s ? s : "unknown";
        t.toolCall(ts, id, name, c.get("args"));
        String result = result(c);
        boolean error = "error".equals(c.get("status")) || "cancelled".equals(c.get("status"))
                || GeminiShell.failed(name, result);
        t.toolResult(ts, id, name, result, error);
        return ts;
    }

    /**
     * Gemini CLI's own rule for a user record that is no conversation (it leaves them out when it resumes):
     * tool responses (no text), the context it adds ({@code <session_context>}, {@code <hook_context>}) and
     * commands ({@code /…}, {@code ?}).
     */
    private static boolean notAPrompt(String text) {
        return text.isEmpty() || text.startsWith("/") || text.startsWith("?") || text.startsWith("<session_context>")
                || text.startsWith("<hook_context>");
    }

    /** The output the model got: functionResponse.response.output (or .error), else the display text. */
    private static String result(Map<String, Object> c) {
        if (c.get("result") instanceof List<?> parts) {
            StringBuilder sb = new StringBuilder();
            for (Object p : parts) {
                Map<String, Object> response = Json.asObject(Json.asObject(Json.asObject(p).get("functionResponse"))
                        .get("response"));
                Object out = response.containsKey("output") ? response.get("output") : response.get("error");
                if (out != null) {
                    sb.append(sb.length() > 0 ? "\n" : "").append(AgentTranscript.text(out));
                }
            }
            if (sb.length() > 0) {
                return sb.toString();
            }
        }
        return AgentTranscript.text(c.get("resultDisplay"));
    }
}
