// Drives a real MCP server over stdio with the official SDK client and writes what came back as JSON.
// Usage: node e2e-client.mjs <everything|filesystem|policy> <out.json> <server command> [args...]
// The command is either the server itself or `agent-strace record -- <server>`: the two outputs must be equal.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  CreateMessageRequestSchema,
  ListRootsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { writeFileSync } from "node:fs";

const [scenario, outFile, command, ...args] = process.argv.slice(2);
if (!scenario || !outFile || !command) {
  console.error("usage: node e2e-client.mjs <everything|filesystem> <out.json> <command> [args...]");
  process.exit(2);
}

const client = new Client(
  { name: "agent-strace-e2e", version: "1.0.0" },
  { capabilities: { sampling: {}, roots: { listChanged: true } } },
);
client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
  const last = request.params.messages[request.params.messages.length - 1];
  return {
    model: "e2e-fake-model",
    role: "assistant",
    stopReason: "endTurn",
    content: { type: "text", text: "sampled: " + (last?.content?.text ?? "") },
  };
});
client.setRequestHandler(ListRootsRequestSchema, async () => ({
  roots: [{ uri: "file:///tmp", name: "tmp" }],
}));

const out = { scenario, steps: [] };
async function step(name, fn) {
  try {
    out.steps.push({ name, result: await fn() });
  } catch (e) {
    out.steps.push({ name, error: { message: String(e?.message ?? e), code: e?.code ?? null } });
  }
}

const transport = new StdioClientTransport({ command, args, stderr: "inherit" });
await client.connect(transport);
out.server = client.getServerVersion();

if (scenario === "everything") {
  await step("ping", () => client.ping());
  await step("tools/list", async () => (await client.listTools()).tools.map((t) => t.name).sort());
  await step("echo", () => client.callTool({ name: "echo", arguments: { message: "héllo ✓ 🌍" } }));
  await step("get-sum", () => client.callTool({ name: "get-sum", arguments: { a: 2, b: 40 } }));
  await step("echo-large", async () => {
    const big = "0123456789abcdef".repeat(128 * 1024); // 2 MiB each way
    const r = await client.callTool({ name: "echo", arguments: { message: big } });
    return { length: r.content[0].text.length, ok: r.content[0].text === "Echo: " + big };
  });
  await step("get-tiny-image", () => client.callTool({ name: "get-tiny-image", arguments: {} }));
  await step("long-running", async () => {
    const progress = [];
    const r = await client.callTool(
      { name: "trigger-long-running-operation", arguments: { duration: 0.3, steps: 3 } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    // How many progress callbacks run before the call settles is up to the SDK's scheduling (the last
    // one can race the result), so only "some arrived" is compared; the session test counts the wire.
    return { result: r, progressReceived: progress.length > 0, last: progress[progress.length - 1]?.total };
  });
  await step("sampling", () =>
    client.callTool({ name: "trigger-sampling-request", arguments: { prompt: "say hi", maxTokens: 20 } }));
  await step("unknown-tool", () => client.callTool({ name: "no-such-tool", arguments: {} }));
  await step("bad-arguments", () => client.callTool({ name: "get-sum", arguments: { a: "x" } }));
  await step("resources/list", async () => (await client.listResources()).resources.map((r) => r.uri).sort());
  await step("resources/read", async () => {
    // A static document: dynamic ones embed the time they were made, which differs between runs.
    const all = (await client.listResources()).resources.map((r) => r.uri).sort();
    const uri = all.find((u) => u.startsWith("demo://resource/static/"));
    return client.readResource({ uri });
  });
  await step("resources/templates", async () =>
    (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate).sort());
  await step("prompts/list", async () => (await client.listPrompts()).prompts.map((p) => p.name).sort());
  await step("prompts/get", () => client.getPrompt({ name: "simple-prompt", arguments: {} }));
  await step("ping-again", () => client.ping());
} else if (scenario === "filesystem") {
  const root = args[args.length - 1];
  await step("tools/list", async () => (await client.listTools()).tools.map((t) => t.name).sort());
  await step("list_allowed_directories", () => client.callTool({ name: "list_allowed_directories", arguments: {} }));
  await step("write_file", () =>
    client.callTool({ name: "write_file", arguments: { path: root + "/note.txt", content: "notes ✓\n" } }));
  await step("read_text_file", () => client.callTool({ name: "read_text_file", arguments: { path: root + "/note.txt" } }));
  await step("read-large", async () => {
    const r = await client.callTool({ name: "read_text_file", arguments: { path: root + "/big.txt" } });
    return { length: r.content[0].text.length, head: r.content[0].text.slice(0, 32) };
  });
  await step("list_directory", () => client.callTool({ name: "list_directory", arguments: { path: root } }));
  await step("read-outside", () => client.callTool({ name: "read_text_file", arguments: { path: "/etc/hostname" } }));
  await step("ping", () => client.ping());
} else if (scenario === "policy") {
  // Through `record --policy`: writes under locked/ and move_file are denied by the proxy.
  const root = args[args.length - 1];
  await step("write-locked", () =>
    client.callTool({ name: "write_file", arguments: { path: root + "/locked/secret.txt", content: "no\n" } }));
  await step("write-open", () =>
    client.callTool({ name: "write_file", arguments: { path: root + "/open.txt", content: "yes\n" } }));
  await step("move", () =>
    client.callTool({ name: "move_file", arguments: { source: root + "/open.txt", destination: root + "/moved.txt" } }));
  await step("read-open", () => client.callTool({ name: "read_text_file", arguments: { path: root + "/open.txt" } }));
  await step("ping", () => client.ping());
} else {
  console.error("unknown scenario " + scenario);
  process.exit(2);
}

await client.close();
writeFileSync(outFile, JSON.stringify(out, null, 2));
