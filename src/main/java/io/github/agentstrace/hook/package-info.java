/**
 * Claude Code hooks: one process per hook event turns the payload on stdin into trace events (sessions and
 * subagent links, one mapper per event, call pairing through small state files, usage from the transcript), never
 * prints and always exits 0; {@code setup} writes the hook entries into Claude Code's settings; auto-export
 * launches a detached {@code export} when a session ends. The hook path loads as few classes as it can.
 */
package io.github.agentstrace.hook;
