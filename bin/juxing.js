#!/usr/bin/env node
// The command line is TypeScript run as is: Node strips the types itself from 22.18 on;
// older Nodes get tsx's loader.
import module from "node:module";

// V8 keeps the compiled modules between runs (in the system's temp folder), which halves the start
// of a command — the part people wait for in `juxing validate` of one list.
module.enableCompileCache?.();
if (!process.features.typescript) {
  const { register } = await import("tsx/esm/api");
  register();
}
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
