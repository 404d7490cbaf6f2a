// Drives an MCP server over HTTP with the official SDK client and prints what it saw as JSON.
// usage: node http-client.mjs streamable|sse <url> [clients]
// Each client: initialize, tools/list, tools/call echo, a streamed tool with progress notifications,
// then (Streamable HTTP) session termination with DELETE. Several clients run concurrently.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";

const [, , mode, url, count = "1"] = process.argv;
if (mode !== "streamable" && mode !== "sse") {
  console.error("usage: node http-client.mjs streamable|sse <url> [clients]");
  process.exit(2);
}

async function run(tag) {
  const headers = { "X-Agent-Strace-Test": tag, Authorization: "Bearer e2e-secret-token-" + tag };
  const transport = mode === "sse"
    ? new SSEClientTransport(new URL(url), { requestInit: { headers } })
    : new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: "agent-strace-http-e2e-" + tag, version: "1.0.0" });
  await client.connect(transport);
  const out = { server: client.getServerVersion()?.name };
  out.tools = (await client.listTools()).tools.map((t) => t.name).sort();
  out.echo = await client.callTool({ name: "echo", arguments: { message: "hello " + tag } });
  const progress = [];
  out.long = await client.callTool(
    { name: "trigger-long-running-operation", arguments: { duration: 0.6, steps: 3 } },
    undefined,
    { onprogress: (p) => progress.push(`${p.progress}/${p.total}`) },
  );
  out.progress = progress;
  if (mode === "streamable") {
    await transport.terminateSession();
    out.terminated = transport.sessionId === undefined;
  }
  await client.close();
  return out;
}

try {
  const results = await Promise.all(Array.from({ length: Number(count) }, (_, i) => run("c" + i)));
  console.log(JSON.stringify(results));
  process.exit(0);
} catch (e) {
  console.error("http-client failed:", e?.stack ?? e);
  process.exit(1);
}
