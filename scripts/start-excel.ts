/**
 * `npm run start:excel`: sideloads the add-in into desktop Excel (Windows or Mac) against the local
 * stack served over HTTPS on https://localhost:8787, as manifest.xml expects.
 *
 *   1. office-addin-dev-certs: a localhost certificate signed by a developer CA it installs and
 *      trusts (~/.office-addin-dev-certs; asks for your password the first time);
 *   2. the task pane is built into dist/public/addin, .dev.vars created, D1 migrations applied;
 *   3. office-addin-debugging starts `wrangler dev --local-protocol https` with that certificate
 *      on port 8787 (unless something already serves it), registers manifest.xml and opens Excel.
 *
 * `npm run stop:excel` unregisters the add-in and stops the dev server. office-addin-debugging is
 * run through npx (pinned major): its dependency tree builds a native keychain module that does not
 * install on Linux CI, so it is not a devDependency.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { buildAddin } from "./build-addin.ts";
import { applyMigrations, ensureDir, root } from "./lib/stack.ts";

export const DEBUGGING = "office-addin-debugging@7";
const PORT = 8787;
const certDir = join(homedir(), ".office-addin-dev-certs");
const persistTo = join(root, ".wrangler", "state");
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function run(command: string, args: string[]): void {
  execFileSync(command, args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replaceAll('"', '\\"')}"`;
}

console.log("1/4 developer certificate for https://localhost (office-addin-dev-certs)…");
run(npx, ["office-addin-dev-certs", "install"]);
const key = join(certDir, "localhost.key");
const cert = join(certDir, "localhost.crt");
if (!existsSync(key) || !existsSync(cert)) {
  console.error(`No certificate in ${certDir}; run "npx office-addin-dev-certs install" and try again.`);
  process.exit(1);
}

console.log("2/4 building the task pane…");
const built = await buildAddin();
console.log(`    ${built.outDir}`);

console.log("3/4 local database…");
const devVars = join(root, ".dev.vars");
if (!existsSync(devVars)) copyFileSync(join(root, ".dev.vars.example"), devVars);
ensureDir(persistTo);
await applyMigrations(persistTo);

console.log(`4/4 wrangler dev on https://localhost:${PORT}, then Excel with the add-in…`);
const wranglerBin = join(root, "node_modules", "wrangler", "bin", "wrangler.js");
const devServer = [
  process.execPath,
  wranglerBin,
  "dev",
  "--port",
  String(PORT),
  "--local-protocol",
  "https",
  "--https-key-path",
  key,
  "--https-cert-path",
  cert,
  "--persist-to",
  persistTo,
  "--show-interactive-dev-session=false",
]
  .map(quote)
  .join(" ");
process.env.WRANGLER_SEND_METRICS = "false";
run(npx, [
  "--yes",
  DEBUGGING,
  "start",
  "manifest.xml",
  "desktop",
  "--app",
  "excel",
  "--no-debug",
  "--dev-server",
  devServer,
  "--dev-server-port",
  String(PORT),
]);
console.log(`
Excel opens with 聚星 on the Home tab (任务清单校验). The pane is served from
https://localhost:${PORT}/addin/taskpane.html; the API and rankings from the same origin.
Stop with: npm run stop:excel
`);
