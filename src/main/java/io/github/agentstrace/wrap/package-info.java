/**
 * MCP client configuration files (Claude Code, Cursor, Windsurf, VS Code, Claude Desktop): wrapping each stdio
 * server in {@code agent-strace record}, each remote one in {@code record-http}, and restoring the file byte for
 * byte. Never loses a byte of the user's file.
 */
package io.github.agentstrace.wrap;
