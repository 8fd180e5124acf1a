/** `npm start` as a newcomer runs it, on its own port and a fresh local database, for the tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { root, waitForHealth } from "../../scripts/lib/stack.ts";

export interface NpmStart {
  server: string;
  /** Milliseconds from the spawn until /healthz answered. */
  healthyAfterMs: number;
  output(): string;
  stop(): void;
}

/** Resolves once the demo data is seeded and the summary is printed ("Stop with Ctrl-C"). */
export async function npmStart(port: number, stateDir: string): Promise<NpmStart> {
  const server = `http://127.0.0.1:${port}`;
  let output = "";
  const started = Date.now();
  const child: ChildProcess = spawn("npm", ["start"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), JUXING_STATE_DIR: stateDir },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const stop = () => {
    try {
      // npm, node, wrangler and workerd: end the whole group.
      process.kill(-(child.pid as number), "SIGTERM");
    } catch {
      // Already gone.
    }
  };
  try {
    await waitForHealth(server, 120_000, child);
    const healthyAfterMs = Date.now() - started;
    // Seeding runs after /healthz answers; the summary is printed once it is done.
    const deadline = Date.now() + 180_000;
    while (!output.includes("Stop with Ctrl-C") && Date.now() < deadline) {
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!output.includes("Stop with Ctrl-C"))
      throw new Error(`npm start did not finish:\n${output.slice(-2000)}`);
    return { server, healthyAfterMs, output: () => output, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
