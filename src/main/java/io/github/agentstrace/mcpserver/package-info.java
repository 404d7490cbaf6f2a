/**
 * {@code agent-strace mcp}: the recorded sessions as a read-only MCP server, over stdio
 * ({@link io.github.agentstrace.mcpserver.StdioServer}) or Streamable HTTP
 * ({@link io.github.agentstrace.mcpserver.McpHttpServer}), both speaking through one
 * {@link io.github.agentstrace.mcpserver.McpServer}. Tools are small classes in one registry ({@code Tools});
 * each returns the JSON the matching command prints with {@code --json} as structured content and its text
 * rendering as text content, so agents and people read the same words. Nothing here writes a file.
 */
package io.github.agentstrace.mcpserver;
