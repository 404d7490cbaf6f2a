package io.github.agentstrace.transcript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A transcript written to the documented shapes, with the token figures the tests check by hand. */
public final class TranscriptFixture {
    public static final String SESSION = "5f1c2a9e-1111-4222-8333-944455556666";
    public static final String AGENT = "a1b2c3d4e5f6a7b8c";

    /** Lines of the main transcript. msg_A streams over three lines; msg_B is one line; msg_C is the subagent's. */
    public static final List<String> MAIN = List.of(
            "{\"type\":\"queue-operation\",\"operation\":\"enqueue\",\"timestamp\":\"2026-11-20T10:00:00.000Z\",\"sessionId\":\"" + SESSION + "\"}",
            "{\"type\":\"user\",\"uuid\":\"u1\",\"timestamp\":\"2026-11-20T10:00:01.000Z\",\"sessionId\":\"" + SESSION + "\",\"message\":{\"role\":\"user\",\"content\":\"Fix the failing test in test_auth.py\"}}",
            "{\"type\":\"assistant\",\"uuid\":\"a1\",\"timestamp\":\"2026-11-20T10:00:03.000Z\",\"sessionId\":\"" + SESSION + "\",\"requestId\":\"req_1\",\"message\":{\"id\":\"msg_A\",\"model\":\"claude-sonnet-4-5-20250929\",\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"x\"}],\"stop_reason\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"cache_creation_input_tokens\":1000,\"cache_read_input_tokens\":20000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":0}}}}",
            "{\"type\":\"assistant\",\"uuid\":\"a2\",\"timestamp\":\"2026-11-20T10:00:04.000Z\",\"sessionId\":\"" + SESSION + "\",\"requestId\":\"req_1\",\"message\":{\"id\":\"msg_A\",\"model\":\"claude-sonnet-4-5-20250929\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me run the tests.\"}],\"stop_reason\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":40,\"cache_creation_input_tokens\":1000,\"cache_read_input_tokens\":20000}}}",
            "{\"type\":\"assistant\",\"uuid\":\"a3\",\"timestamp\":\"2026-11-20T10:00:05.000Z\",\"sessionId\":\"" + SESSION + "\",\"requestId\":\"req_1\",\"message\":{\"id\":\"msg_A\",\"model\":\"claude-sonnet-4-5-20250929\",\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Bash\",\"input\":{\"command\":\"pytest -q\"}},{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"Agent\",\"input\":{\"prompt\":\"look around\",\"subagent_type\":\"general-purpose\"}}],\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":10,\"output_tokens\":120,\"cache_creation_input_tokens\":1000,\"cache_read_input_tokens\":20000}}}",
            "{\"type\":\"user\",\"uuid\":\"u2\",\"timestamp\":\"2026-11-20T10:00:07.500Z\",\"sessionId\":\"" + SESSION + "\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"1 failed\",\"is_error\":true}]},\"toolUseResult\":{\"stdout\":\"1 failed\",\"stderr\":\"\",\"interrupted\":false}}",
            "this line is not JSON at all {",
            "{\"type\":\"user\",\"uuid\":\"u3\",\"timestamp\":\"2026-11-20T10:00:09.000Z\",\"sessionId\":\"" + SESSION + "\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\",\"content\":[{\"type\":\"text\",\"text\":\"Looked around.\"}]}]},\"toolUseResult\":{\"status\":\"completed\",\"agentId\":\"" + AGENT + "\"}}",
            "{\"type\":\"system\",\"subtype\":\"turn_duration\",\"durationMs\":8000,\"timestamp\":\"2026-11-20T10:00:09.100Z\"}",
            "{\"type\":\"assistant\",\"uuid\":\"a4\",\"timestamp\":\"2026-11-20T10:00:11.000Z\",\"sessionId\":\"" + SESSION + "\",\"requestId\":\"req_2\",\"message\":{\"id\":\"msg_B\",\"model\":\"claude-sonnet-4-5-20250929\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Fixed: the test_auth.py check was inverted.\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":200,\"output_tokens\":300,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":21000}}}",
            "{\"type\":\"assistant\",\"uuid\":\"a5\",\"timestamp\":\"2026-11-20T10:00:11.500Z\",\"sessionId\":\"" + SESSION + "\",\"message\":{\"id\":\"msg_S\",\"model\":\"<synthetic>\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"No response requested.\"}],\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}",
            "{\"type\":\"summary\",\"summary\":\"Fixed auth test\",\"leafUuid\":\"a4\"}",
            "{\"type\":\"brand-new-line-type\",\"whatever\":1}");

    public static final List<String> SUBAGENT = List.of(
            "{\"type\":\"user\",\"uuid\":\"s1\",\"timestamp\":\"2026-11-20T10:00:05.500Z\",\"sessionId\":\"" + SESSION + "\",\"isSidechain\":true,\"agentId\":\"" + AGENT + "\",\"message\":{\"role\":\"user\",\"content\":\"look around\"}}",
            "{\"type\":\"assistant\",\"uuid\":\"s2\",\"timestamp\":\"2026-11-20T10:00:08.000Z\",\"sessionId\":\"" + SESSION + "\",\"isSidechain\":true,\"agentId\":\"" + AGENT + "\",\"message\":{\"id\":\"msg_C\",\"model\":\"claude-haiku-4-5-20251001\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Looked around.\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}}");

    private TranscriptFixture() {
    }

    /** Writes the transcript as Claude Code lays it out: projects/<slug>/<id>.jsonl and <id>/subagents/. */
    public static Path write(Path claudeDir) throws IOException {
        Path project = claudeDir.resolve("projects").resolve("-home-dev-shop");
        Files.createDirectories(project.resolve(SESSION).resolve("subagents"));
        Path main = project.resolve(SESSION + ".jsonl");
        Files.write(main, (String.join("\n", MAIN) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(project.resolve(SESSION).resolve("subagents").resolve("agent-" + AGENT + ".jsonl"),
                (String.join("\n", SUBAGENT) + "\n").getBytes(StandardCharsets.UTF_8));
        return main;
    }
}
