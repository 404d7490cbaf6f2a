/**
 * The flat event formats of {@code export}: JSON, NDJSON and CSV, streamed one event at a time in the original's
 * layouts. OTLP is the {@code otlp} package's.
 */
package io.github.agentstrace.export;
