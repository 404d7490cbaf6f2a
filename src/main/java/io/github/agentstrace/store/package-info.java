/**
 * Trace directories on disk: session ids validated before any path is built, 0700 directories and 0600 files,
 * no symbolic link followed inside the trace directory, whole-line appends under a lock (torn lines repaired),
 * atomic {@code meta.json} updates, session resolution (latest, unique prefix), the streaming, tolerant reader,
 * and the registry of trace directories this user has recorded into
 * ({@link io.github.agentstrace.store.TraceDirRegistry}). Renders nothing.
 */
package io.github.agentstrace.store;
