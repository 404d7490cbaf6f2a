/**
 * Analyses of sessions built on the session model: {@code explain} ({@link io.github.agentstrace.analysis.Explanation}),
 * {@code why} ({@link io.github.agentstrace.analysis.CausalChain}), {@code diff}
 * ({@link io.github.agentstrace.analysis.SessionDiff}) and the cost report; across sessions, the selection of
 * sessions ({@link io.github.agentstrace.analysis.Selection}), {@code search}
 * ({@link io.github.agentstrace.analysis.Search}, raw bytes scanned, candidate lines read in place),
 * {@code clusters} ({@link io.github.agentstrace.analysis.Clusters}) and {@code report}
 * ({@link io.github.agentstrace.analysis.UsageReport}). Each offers {@code toJson()} and a text rendering fitted to a
 * width; nothing here writes to a stream: commands print.
 */
package io.github.agentstrace.analysis;
