package io.github.agentstrace.transcript;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Usage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GitHub Copilot CLI session log ({@code ~/.copilot/session-state/<session id>/events.jsonl}, the
 * {@code transcriptPath} its hooks name) read line by line: every line is
 * {@code {"type", "data", "id", "timestamp", "parentId"}}. As Copilot CLI 1.0.102 writes it:
 *
 * <pre>
 * session.start             the session: data.sessionId, copilotVersion, selectedModel, context.cwd
 * user.message              a prompt (data.content; transformedContent is what the model got)
 * session.usage_record      one model call: data.usage.{model, inputTokens, outputTokens, cacheReadTokens,
 *                           cacheWriteTokens, reasoningTokens, duration (ms)}
 * assistant.message         an answer (data.content, empty when it only asks for tools)
 * tool.execution_start      a tool call (toolCallId, toolName, arguments)
 * tool.execution_complete   its result (result.content); success false, or shellExecution.exitCode not 0,
 *                           is an error (Copilot CLI says success for a command that exits non-zero)
 * </pre>
 * Usage follows OpenAI's counting, which Copilot CLI reports for every provider ({@code inputTokens} 400 shows
 * as "↑ 400 (160 cached)"): {@code inputTokens} includes the cache reads and writes, {@code outputTokens}
 * includes {@code reasoningTokens} (kept as {@code reasoning_tokens}). Hook records, turn boundaries and the
 * system message are not part of the conversation and are skipped.
 */
final class CopilotEvents {
    private final AgentTranscript t;
    private final Map<String, String> toolNames = new HashMap<>();
    private double previous;

    CopilotEvents(AgentTranscript t) {
        this.t = t;
    }

    /** True when the first line is Copilot CLI's session.start. */
    static boolean isSessionLog(Map<String, Object> firstLine) {
        return "session.start".equals(firstLine.get("type"))
                && Json.asObject(firstLine.get("data")).get("sessionId") instanceof String;
    }

    /** The session id a session.start line names, or null. */
    static String sessionId(Map<String, Object> firstLine) {
        return Json.asString(Json.asObject(firstLine.get("data")).get("sessionId"));
    }

    void line(Map<String, Object> json) {
        double ts = TranscriptMapper.timestamp(json.get("timestamp"));
        if (ts <= 0) {
            ts = previous;
        }
        Map<String, Object> d = Json.asObject(json.get("data"));
        switch (Json.asString(json.get("type")) == null ? "" : Json.asString(json.get("type"))) {
            case "user.message" -> t.userPrompt(ts, AgentTranscript.text(d.get("content")));
            case "session.usage_record" -> usage(ts, Json.asObject(d.get("usage")));
            case "assistant.message" -> {
                String text = AgentTranscript.text(d.get("content"));
                if (!text.isEmpty()) {
                    t.assistantResponse(ts, text);
                }
            }
            case "tool.execution_start" -> {
                String id = Json.asString(d.get("toolCallId"));
                String name = d.get("toolName") instanceof String s ? s : "unknown";
                if (id != null) {
                    toolNames.put(id, name);
                }
                t.toolCall(ts, id, name, d.get("arguments"));
            }
            case "tool.execution_complete" -> complete(ts, d);
            default -> {
            }
        }
        previous = Math.max(previous, ts);
    }

    private void usage(double ts, Map<String, Object> u) {
        if (u.isEmpty()) {
            return;
        }
        long input = AgentTranscript.count(u, "inputTokens");
        long cached = Math.min(input, AgentTranscript.count(u, "cacheReadTokens"));
        long written = Math.min(input - cached, AgentTranscript.count(u, "cacheWriteTokens"));
        Usage usage = Usage.of(input - cached - written, AgentTranscript.count(u, "outputTokens"), cached, written);
        Map<String, Object> extra = new LinkedHashMap<>();
        long reasoning = AgentTranscript.count(u, "reasoningTokens");
        if (reasoning > 0) {
            extra.put("reasoning_tokens", reasoning);
        }
        double start = u.get("duration") instanceof Number ms ? ts - ms.doubleValue() / 1000.0 : previous;
        t.turn(Math.max(previous, start), ts, u.get("model") instanceof String m ? m : "unknown", usage, extra);
    }

    private void complete(double ts, Map<String, Object> d) {
        String id = Json.asString(d.get("toolCallId"));
        String name = id != null && toolNames.containsKey(id) ? toolNames.remove(id) : "unknown";
        Object exit = Json.asObject(d.get("shellExecution")).get("exitCode");
        boolean error = Boolean.FALSE.equals(d.get("success")) || (exit instanceof Number n && n.longValue() != 0);
        Map<String, Object> result = Json.asObject(d.get("result"));
        Object text = result.get("content");
        if (text == null && d.get("error") != null) {
            Object e = d.get("error");
            text = e instanceof Map<?, ?> em && Json.asObject(em).get("message") instanceof String s ? s : e;
        }
        t.toolResult(ts, id, name, text == null ? "" : AgentTranscript.text(text), error);
    }
}
