/**
 * The trace format as values: {@link io.github.agentstrace.model.TraceEvent} (a line of {@code events.ndjson}),
 * {@link io.github.agentstrace.model.SessionMeta} ({@code meta.json}), the event types with their wire names, id
 * generation, the one usage record ({@link io.github.agentstrace.model.Usage}), the one rule for comparing
 * JSON-RPC ids, the user's configuration directory as the environment names it, and the base type of data errors.
 * No I/O.
 */
package io.github.agentstrace.model;
