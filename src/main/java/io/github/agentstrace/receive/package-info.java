/**
 * {@code agent-strace receive}: an OTLP/HTTP receiver. Hand-written protobuf and JSON decoders for the logs,
 * traces and metrics requests, the mapping of Claude Code's log events and trace spans (and any agent's GenAI
 * spans) onto ordinary trace events keyed by session, and the loopback HTTP server that ties them together.
 */
package io.github.agentstrace.receive;
