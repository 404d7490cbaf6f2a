/**
 * The proxies that sit between an MCP client and server and must be invisible: the stdio proxy
 * ({@link io.github.agentstrace.proxy.StdioProxy}: {@code StdioChild} runs the server, with its pumps,
 * signals and exit code; {@code StdioRecording} records the session) and the HTTP proxy. They forward
 * first and record second: a copy of the bytes goes to the {@code mcp} package off the forwarding path.
 * While they run they keep meta.json's counters current and hold the session's recorder mark.
 */
package io.github.agentstrace.proxy;
