/**
 * OpenTelemetry: sessions mapped to spans (GenAI and MCP conventions) from the session model, hand-written OTLP
 * JSON and protobuf encoders, batching, and the OTLP/HTTP sender with retries. Never blocks forever.
 */
package io.github.agentstrace.otlp;
