/**
 * How `npm start` ends (docs/operations.md): on Ctrl-C, SIGTERM or SIGHUP (the terminal closed),
 * and when whoever started it dies, at any moment from its first line to its last. Importing this
 * module installs the signal handlers; the entry script imports it before it starts anything, so
 * no child exists before they are in place. A signal runs every registered cleanup (bounded in
 * time) and exits; a second signal while that runs changes nothing.
 *
 * Whoever started us: `npm start` runs `sh -c "node scripts/start.ts"` under npm, so when npm is
 * killed alone our parent (sh) lives on and nothing tells us. We watch our parent and its parent
 * and end when either is gone. (Windows has no process groups and no SIGHUP; closing the console
 * sends CTRL_CLOSE, which Node maps to SIGHUP, and Ctrl-Break is SIGBREAK.)
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

type Cleanup = () => Promise<void>;

const cleanups: Cleanup[] = [];
const GRACE_MS = 12_000;
let ending = false;

/** Runs `cleanup` when the process ends through a signal or its starter's death. */
export function onShutdown(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

/** Runs every cleanup (at most GRACE_MS), then exits with `code`. */
export async function shutdown(reason: string, code = 0): Promise<void> {
  if (ending) return;
  ending = true;
  console.log(`\nstopping (${reason})…`);
  setTimeout(() => process.exit(code), GRACE_MS);
  await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
  process.exit(code);
}

const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
if (process.platform === "win32") signals.push("SIGBREAK");
for (const signal of signals) process.on(signal, () => void shutdown(signal));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but not ours to signal.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The parent of `pid`, or null where it cannot be read (Windows, or the process is gone). */
function parentOf(pid: number): number | null {
  try {
    if (process.platform === "linux") {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // "pid (comm) state ppid …" — comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      return Number.isInteger(ppid) ? ppid : null;
    }
    if (process.platform === "darwin") {
      const ppid = Number(
        execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8" }).trim(),
      );
      return Number.isInteger(ppid) ? ppid : null;
    }
  } catch {
    // Gone, or not readable.
  }
  return null;
}

/** Ends the process (through the cleanups) once its parent or grandparent is gone. */
export function watchStarter(intervalMs = 500): void {
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  const watched = [parent, ...(grandparent && grandparent > 1 ? [grandparent] : [])];
  const timer = setInterval(() => {
    if (process.ppid !== parent || !watched.every(alive)) void shutdown("its starter is gone");
  }, intervalMs);
  timer.unref();
}
