// node:fs with a globSync for patterns of literal parts, "*" and "**/" (what the conformance CLI uses).
import fs from "node:fs";
import path from "node:path";

export * from "node:fs";
export default fs;

export function globSync(pattern, options = {}) {
  const cwd = options.cwd ?? process.cwd();
  const part = (p) => p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  const re = new RegExp("^" + pattern.split("**/").map(part).join("(?:.*/)?") + "$");
  if (!fs.existsSync(cwd)) {
    return [];
  }
  return fs.readdirSync(cwd, { recursive: true })
    .map((f) => String(f).split(path.sep).join("/"))
    .filter((f) => re.test(f));
}
