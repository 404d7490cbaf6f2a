// Node 20 has no fs.globSync, which the MCP conformance CLI imports by name (Node 22+). Preload this with
// `node --import ./shim/fs-glob.mjs` on an older node: imports of "fs" then get the real module plus a
// small globSync (enough for the CLI's "**/checks.json"). On Node 22+ the real one is used.
import { register } from "node:module";
import fs from "node:fs";

if (typeof fs.globSync !== "function") {
  register("./fs-glob-loader.mjs", import.meta.url);
}
