#!/usr/bin/env node
// The command line is TypeScript run as is: Node strips the types itself from 22.18 on;
// older Nodes get tsx's loader. When `npm run build` (or `npm start`) has bundled it into
// dist/cli and no source changed since, the bundle runs instead: Node loads a few files rather
// than some fifty modules, which is half the start of `juxing validate` of one list.
import { readFileSync, statSync } from "node:fs";
import module from "node:module";

// V8 keeps the compiled modules between runs (in the system's temp folder), which again cuts the
// start of a command — the part people wait for in `juxing validate` of one list.
module.enableCompileCache?.();

/** dist/cli/juxing.mjs when every source it was built from is unchanged (scripts/build-cli.ts). */
function freshBundle() {
  try {
    const dir = new URL("../dist/cli/", import.meta.url);
    const { inputs } = JSON.parse(readFileSync(new URL("inputs.json", dir), "utf8"));
    for (const { path, mtimeMs } of inputs) if (statSync(path).mtimeMs !== mtimeMs) return null;
    return new URL("juxing.mjs", dir).href;
  } catch {
    return null;
  }
}

const bundle = freshBundle();
if (!bundle && !process.features.typescript) {
  const { register } = await import("tsx/esm/api");
  register();
}
const { main } = await import(bundle ?? "../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
