/**
 * The local stack — wrangler dev (workerd + D1's local SQLite) on loopback — started the way
 * `npm start` does it, so the end-to-end tests, the browser tests and the benchmarks run against
 * exactly what a newcomer gets.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

export const root = join(import.meta.dirname, "..", "..");
const wranglerBin = join(root, "node_modules", "wrangler", "bin", "wrangler.js");

export const quietEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_COLOR: "1",
};

/** wrangler commands under way (migrations, queries), ended by stopAllServers too. */
const commands = new Set<ChildProcess>();

export async function wrangler(args: string[]): Promise<string> {
  const run = promisify(execFile)(process.execPath, [wranglerBin, ...args], {
    cwd: root,
    env: quietEnv,
    maxBuffer: 16 * 1024 * 1024,
  });
  commands.add(run.child);
  try {
    return (await run).stdout;
  } finally {
    commands.delete(run.child);
  }
}

export async function applyMigrations(persistTo: string): Promise<void> {
  await wrangler(["d1", "migrations", "apply", "juxing", "--local", "--persist-to", persistTo]);
}

/** The rows of one SQL query against the local D1 (`wrangler d1 execute --local --json`). */
export async function queryLocal<Row>(persistTo: string, sql: string): Promise<Row[]> {
  const out = await wrangler([
    "d1",
    "execute",
    "juxing",
    "--local",
    "--persist-to",
    persistTo,
    "--json",
    "--command",
    sql,
  ]);
  const parsed = JSON.parse(out) as { results: Row[] }[];
  return parsed[0]?.results ?? [];
}

/** True when the local database has no campaign yet (a fresh clone, or after deleting .wrangler/). */
export async function databaseIsEmpty(persistTo: string): Promise<boolean> {
  const [row] = await queryLocal<{ n: number }>(persistTo, "SELECT COUNT(*) AS n FROM campaigns");
  return (row?.n ?? 0) === 0;
}

export interface DevServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function waitForHealth(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url}/healthz did not answer within ${timeoutMs / 1000} s`);
}

/** Dev servers started by this process and not yet stopped (stopAllServers ends them). */
const running = new Set<DevServer>();

/** Stops every dev server and wrangler command this process started; leaves nothing behind. */
export async function stopAllServers(): Promise<void> {
  for (const command of commands) command.kill("SIGTERM");
  await Promise.all([...running].map((server) => server.stop()));
}

const leash = join(root, "scripts", "lib", "leash.ts");

/**
 * Starts `wrangler dev` on 127.0.0.1:port and resolves once /healthz answers. wrangler runs on a
 * leash (leash.ts): its whole tree — wrangler, workerd, esbuild — ends when `stop()` is called,
 * when this process dies in any way (the leash's stdin pipe closes), or on a signal to this
 * process's group; nothing is left holding the port (docs/operations.md).
 */
export async function startDevServer(options: {
  port: number;
  persistTo: string;
  vars?: Record<string, string>;
  output?: "inherit" | "ignore";
  timeoutMs?: number;
  /** `--test-scheduled`: GET /__scheduled?cron=… runs the Cron Trigger's handler (npm start). */
  testScheduled?: boolean;
}): Promise<DevServer> {
  mkdirSync(join(root, "dist", "public"), { recursive: true });
  const args = [
    leash,
    process.execPath,
    wranglerBin,
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(options.port),
    "--persist-to",
    options.persistTo,
  ];
  args.push(
    "--show-interactive-dev-session=false",
    "--log-level",
    options.output === "inherit" ? "info" : "warn",
  );
  if (options.testScheduled) args.push("--test-scheduled");
  for (const [key, value] of Object.entries(options.vars ?? {})) args.push("--var", `${key}:${value}`);
  // stdin is the leash's lifeline: this end closes when this process dies.
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: quietEnv,
    stdio: ["pipe", options.output ?? "ignore", options.output ?? "ignore"],
  });
  const url = `http://127.0.0.1:${options.port}`;
  const exited = once(child, "exit").catch(() => undefined);
  const server: DevServer = {
    url,
    process: child,
    async stop() {
      running.delete(server);
      if (child.exitCode === null && child.signalCode === null) {
        // The leash ends the tree and waits for it (forcing it after 5 s) before it exits.
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  running.add(server);
  try {
    await waitForHealth(url, options.timeoutMs ?? 90_000, child);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

export function ensureDir(path: string): string {
  if (!existsSync(path)) mkdirSync(path, { recursive: true });
  return path;
}
