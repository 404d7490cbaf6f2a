// Drives `agent-strace mcp` with the official SDK client and writes what it saw as JSON.
// usage: node mcp-server-client.mjs <plan.json> <out.json> stdio <command> [args...]
//        node mcp-server-client.mjs <plan.json> <out.json> http <url>
// The plan lists tool calls ({name, arguments}); every call's result is recorded. The SDK checks each
// structuredContent against the tool's outputSchema itself (a mismatch throws and is recorded as an error).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { readFileSync, writeFileSync } from "node:fs";

const [planFile, outFile, mode, ...rest] = process.argv.slice(2);
if (!planFile || !outFile || (mode !== "stdio" && mode !== "http") || rest.length === 0) {
  console.error("usage: node mcp-server-client.mjs <plan.json> <out.json> stdio <command> [args...] | http <url>");
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planFile, "utf8"));
const transport = mode === "stdio"
  ? new StdioClientTransport({ command: rest[0], args: rest.slice(1), stderr: "inherit" })
  : new StreamableHTTPClientTransport(new URL(rest[0]));
const client = new Client({ name: "agent-strace-mcp-e2e", version: "1.0.0" });

const out = { calls: [] };
async function attempt(fn) {
  try {
    return { ok: await fn() };
  } catch (e) {
    return { error: { message: String(e?.message ?? e), code: e?.code ?? null } };
  }
}

await client.connect(transport);
out.server = client.getServerVersion();
out.capabilities = client.getServerCapabilities();
out.instructions = client.getInstructions() ?? null;
out.sessionId = mode === "http" ? transport.sessionId ?? null : null;
out.ping = await attempt(() => client.ping());
out.tools = (await client.listTools()).tools.map((t) => ({
  name: t.name,
  readOnly: t.annotations?.readOnlyHint === true,
  hasOutputSchema: typeof t.outputSchema === "object",
  inputProperties: Object.keys(t.inputSchema.properties ?? {}),
}));
for (const call of plan.calls) {
  const r = await attempt(() => client.callTool({ name: call.name, arguments: call.arguments }));
  out.calls.push({ name: call.name, arguments: call.arguments, ...r });
}
// list_sessions page by page, one session a page
const pages = [];
let cursor;
do {
  const r = await client.callTool({ name: "list_sessions", arguments: cursor ? { limit: 1, cursor } : { limit: 1 } });
  pages.push(r.structuredContent.sessions.map((s) => s.session_id));
  cursor = r.structuredContent.next_cursor;
} while (cursor && pages.length < 50);
out.listPages = pages;
// resources, following nextCursor
const uris = [];
let rc;
do {
  const r = await client.listResources(rc ? { cursor: rc } : {});
  uris.push(...r.resources.map((x) => x.uri));
  rc = r.nextCursor;
} while (rc && uris.length < 1000);
out.resources = uris;
out.templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
out.read = await attempt(() => client.readResource({ uri: plan.resource }));
out.readMissing = await attempt(() => client.readResource({ uri: "agent-strace://session/no-such-session" }));
out.unknownTool = await attempt(() => client.callTool({ name: "no_such_tool", arguments: {} }));
if (mode === "http") {
  await transport.terminateSession();
  out.terminated = transport.sessionId === undefined;
}
await client.close();
writeFileSync(outFile, JSON.stringify(out, null, 2));
