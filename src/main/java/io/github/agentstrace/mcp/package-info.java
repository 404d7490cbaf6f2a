/**
 * MCP traffic understood for recording: JSON-RPC framing on stdio ({@link io.github.agentstrace.mcp.Framer})
 * and the classification of messages into trace events ({@link io.github.agentstrace.mcp.McpRecorder}),
 * shared by the stdio and the HTTP proxy. Nothing here forwards a byte: the proxies do that.
 */
package io.github.agentstrace.mcp;
