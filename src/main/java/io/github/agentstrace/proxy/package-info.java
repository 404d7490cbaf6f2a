/**
 * The proxies that sit between an MCP client and server and must be invisible: the stdio proxy
 * ({@link io.github.agentstrace.proxy.StdioProxy}: a child process, two byte pumps, signals, the child's
 * exit code) and the HTTP proxy. They forward first and record second: a copy of the bytes goes to the
 * {@code mcp} package off the forwarding path.
 */
package io.github.agentstrace.proxy;
