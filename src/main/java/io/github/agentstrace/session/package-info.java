/**
 * The session model: the one reading of a session and of its subagent sessions. A {@link
 * io.github.agentstrace.session.SessionPass} streams the events once, pairs answers with calls by the one rule
 * ({@code tool_use_id}, else {@code parent_id}, else the JSON-RPC id), and hands every reader a resolved step; a
 * {@link io.github.agentstrace.session.Reading} walks the one {@link io.github.agentstrace.session.SessionTree}
 * and gives a {@link io.github.agentstrace.session.SessionView}: calls and outcomes, LLM turns with usage and
 * cost, phases, files, commands, retries, timing. Every count, token and dollar figure of every report comes
 * from here. Memory holds what is in flight and bounded tallies, never the events. See docs/session-model.md.
 */
package io.github.agentstrace.session;
