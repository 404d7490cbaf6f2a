/**
 * The terminal timeline: {@code replay} (streamed, live with the recorded timing, following a growing file,
 * subagents inlined or as a tree), {@code stats}, and the live printer of {@code record -v}. Events are resolved
 * by the session model; this package only formats and prints. It writes no files.
 */
package io.github.agentstrace.replay;
