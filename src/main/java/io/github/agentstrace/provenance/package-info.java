/**
 * Which code a session touched: the git facts of its working directory at start and end (repository root,
 * remote URL without credentials, branch, HEAD commit, dirty or not), the commits made during the session and
 * the diff between start and end, kept in the {@code provenance.json} sidecar beside {@code meta.json}.
 * Git's own files are read directly where that is cheap; {@code git} itself runs (an argument vector, never a
 * shell, with a short timeout) only for what needs it. Never fails a capture path: what cannot be told is left
 * out.
 */
package io.github.agentstrace.provenance;
