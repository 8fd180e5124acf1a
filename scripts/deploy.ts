/**
 * `npm run deploy`: build the task pane, apply the D1 migrations to the remote database, then
 * `wrangler deploy`. Demo data is never involved: seeding only ever happens in `npm start`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { root } from "./lib/stack.ts";

function run(args: string[]): void {
  const result = spawnSync(
    process.execPath,
    [join(root, "node_modules", "wrangler", "bin", "wrangler.js"), ...args],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const build = join(root, "scripts", "build-addin.ts");
if (existsSync(build)) {
  const { buildAddin } = (await import(build)) as { buildAddin?: () => Promise<unknown> };
  await buildAddin?.();
}
run(["d1", "migrations", "apply", "juxing", "--remote"]);
run(["deploy"]);
