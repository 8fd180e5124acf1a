#!/usr/bin/env node
// The command line is TypeScript run as is: Node strips the types itself from 22.18 on;
// older Nodes get tsx's loader. When the bundle in dist/cli (scripts/build-cli.ts; `npm install`
// builds it) was built from exactly the sources there are now, it runs instead: Node loads a few
// files rather than some fifty modules, which is half the start of `juxing validate` of one list.
// Built-ins come from process.getBuiltinModule: an `import` of node:fs would first build its ES
// module facade, which loads every stream class, for the few milliseconds this file exists to save.
const { readFileSync, statSync } = process.getBuiltinModule("node:fs");

// V8 keeps the compiled modules between runs (in the system's temp folder), which again cuts the
// start of a command — the part people wait for in `juxing validate` of one list.
process.getBuiltinModule("node:module").enableCompileCache?.();

/**
 * dist/cli/juxing.mjs when every source it was built from has the size and modification time it had
 * then (dist/cli/inputs.json, written last); otherwise null, and the sources run.
 */
function freshBundle() {
  try {
    const dir = new URL("../dist/cli/", import.meta.url);
    const { inputs } = JSON.parse(readFileSync(new URL("inputs.json", dir), "utf8"));
    for (const { path, size, mtimeMs } of inputs) {
      const now = statSync(path);
      if (now.mtimeMs !== mtimeMs || now.size !== size) return null;
    }
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
