// Module loader hook: "fs" and "node:fs" resolve to fs-glob-module.mjs, except from that module itself.
const SHIM = new URL("./fs-glob-module.mjs", import.meta.url).href;

export async function resolve(specifier, context, next) {
  if ((specifier === "fs" || specifier === "node:fs") && context.parentURL !== SHIM) {
    return { url: SHIM, shortCircuit: true };
  }
  return next(specifier, context);
}
