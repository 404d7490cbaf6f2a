/**
 * The Java API of agent-strace: record what an agent written in Java does (tool calls, LLM calls,
 * decisions, prompts and responses) into the same trace directory the command-line tool replays and
 * exports.
 *
 * <p>Start a {@link io.github.agentstrace.api.TraceSession} with {@link io.github.agentstrace.api.AgentTrace},
 * run work through it, close it:
 *
 * <pre>{@code
 * try (TraceSession session = AgentTrace.start("support-bot")) {
 *     session.prompt("Why is the build red?");
 *     String log = session.tool("read_log", Map.of("job", 42), () -> ci.log(42));
 *     String answer = session.llm("claude-sonnet-4", messages, () -> llm.complete(messages));
 *     session.decision("rerun", "flaky test suspected", List.of("rerun", "revert"));
 *     session.response(answer);
 * }
 * // then: agent-strace replay
 * }</pre>
 *
 * <p>Or trace every method of a tool interface with {@link io.github.agentstrace.api.Traced#wrap}.
 * Redaction of secrets is on by default; sessions are safe to use from many threads at once.
 */
package io.github.agentstrace.api;
