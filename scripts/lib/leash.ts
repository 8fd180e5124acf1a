/**
 * `node scripts/lib/leash.ts COMMAND ARGS…` runs COMMAND on a leash held by whoever started this
 * process (docs/operations.md). COMMAND (wrangler dev, which starts workerd and esbuild) runs in a
 * process group of its own so that its whole tree can be ended at once; the leash ends that tree
 *
 * - when its own stdin closes: the starter holds the other end of that pipe, and the operating
 *   system closes it when the starter dies in any way, SIGKILL included;
 * - on SIGINT, SIGTERM or SIGHUP (the leash stays in the starter's group, so Ctrl-C and a closed
 *   terminal reach it even though they no longer reach COMMAND's own group);
 *
 * and exits once nothing of the tree is left, with COMMAND's exit code. Erasable TypeScript only:
 * Node runs it as it is, with no loader.
 */
import { spawn, spawnSync } from "node:child_process";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/lib/leash.ts COMMAND [ARGS…]");
  process.exit(2);
}

const windows = process.platform === "win32";
const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"], detached: !windows });
const pid = child.pid as number;

/** Signals the whole tree: the group on POSIX, taskkill /T on Windows (which can only force). */
function signalTree(signal: "SIGTERM" | "SIGKILL"): void {
  if (windows) {
    spawnSync("taskkill", ["/pid", String(pid), "/T", "/F"], { stdio: "ignore" });
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** True while any process of COMMAND's group is alive (on Windows: COMMAND itself). */
function treeAlive(): boolean {
  try {
    process.kill(windows ? pid : -pid, 0);
    return true;
  } catch {
    return false;
  }
}

let exitCode = 1;
let stopping = false;

/** Polls until the tree is gone (forcing it after 5 s), then exits. */
function exitWhenGone(deadline = Date.now() + 5000): void {
  if (!treeAlive()) process.exit(exitCode);
  if (Date.now() > deadline) signalTree("SIGKILL");
  setTimeout(() => exitWhenGone(deadline), 100);
}

function stop(): void {
  if (stopping) return;
  stopping = true;
  signalTree("SIGTERM");
  exitWhenGone();
}

child.on("exit", (code, signal) => {
  exitCode = code ?? (signal ? 1 : 0);
  // COMMAND is gone on its own: end what it may have left behind in its group.
  stop();
});
child.on("error", (error) => {
  console.error(`leash: cannot start ${command}: ${error.message}`);
  process.exit(1);
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.on("error", stop);
process.stdin.resume();
