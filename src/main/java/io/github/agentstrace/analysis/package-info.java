/**
 * Analyses of sessions built on the session model: {@code explain} ({@link io.github.agentstrace.analysis.Explanation}),
 * {@code why} ({@link io.github.agentstrace.analysis.CausalChain}), {@code diff}
 * ({@link io.github.agentstrace.analysis.SessionDiff}) and the cost report. Each offers {@code toJson()} and a text
 * rendering fitted to a width; nothing here reads events itself or writes to a stream: commands print.
 */
package io.github.agentstrace.analysis;
