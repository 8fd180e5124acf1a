/**
 * `npm start` ends everything it started (finding 8 of issue 17, docs/operations.md): Ctrl-C
 * (SIGINT), SIGTERM and SIGHUP (the terminal closed) to its process group, at start-up or once
 * settled, and its own death — npm or the start script killed alone, SIGKILL included. Each case
 * starts the real stack, records every process that descends from it while it runs, sends the
 * signal and then finds none of them alive and the port free.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, root } from "../../scripts/lib/stack.ts";

const state = mkdtempSync(join(tmpdir(), "juxing-stop-"));

afterAll(() => rmSync(state, { recursive: true, force: true }));

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  args: string;
}

function processes(): Proc[] {
  const out = execFileSync("ps", ["-eo", "pid=,ppid=,pgid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), args: m[4] ?? "" }));
}

/** Every process seen descending from `root` (or in a group one of them leads), polled every 100 ms. */
function track(rootPid: number) {
  const seen = new Map<number, string>();
  const groups = new Set<number>([rootPid]);
  const poll = () => {
    const all = processes();
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of all) {
        // A fresh child shows its parent's command until it execs: keep the latest seen.
        if (seen.has(p.pid)) {
          seen.set(p.pid, p.args);
          continue;
        }
        if (p.pid === rootPid || seen.has(p.ppid) || groups.has(p.pgid)) {
          seen.set(p.pid, p.args);
          groups.add(p.pgid);
          grew = true;
        }
      }
    }
  };
  poll();
  const timer = setInterval(poll, 100);
  return {
    seen,
    stop: () => clearInterval(timer),
    pidOf: (pattern: RegExp) => [...seen].find(([, args]) => pattern.test(args))?.[0],
    alive: () =>
      [...seen].filter(([pid]) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      }),
  };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

type Moment = "early" | "healthy" | "settled";

/** Starts npm start as a terminal would (its own process group), waits for `moment`, ends it. */
async function startThenEnd(moment: Moment, end: (npm: ChildProcess, t: ReturnType<typeof track>) => void) {
  const port = await freePort();
  let output = "";
  const npm = spawn("npm", ["start"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), JUXING_STATE_DIR: state },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  npm.stdout?.on("data", (chunk) => (output += chunk));
  npm.stderr?.on("data", (chunk) => (output += chunk));
  const tracked = track(npm.pid as number);
  try {
    const reached = await until(async () => {
      if (moment === "early") return tracked.pidOf(/^node .*scripts\/start\.ts/) !== undefined;
      if (moment === "settled") return output.includes("Stop with Ctrl-C");
      try {
        return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
      } catch {
        return false;
      }
    }, 150_000);
    expect(reached, `npm start never reached "${moment}":\n${output.slice(-2000)}`).toBe(true);
    if (moment === "early") await new Promise((resolve) => setTimeout(resolve, 1000));
    end(npm, tracked);
    const gone = await until(() => tracked.alive().length === 0, 30_000);
    const left = tracked.alive().map(([pid, args]) => `${pid} ${args.slice(0, 160)}`);
    return { gone, left, portOpen: await portOpen(port), output, seen: [...tracked.seen.values()] };
  } finally {
    tracked.stop();
    // Whatever the outcome, leave nothing running for the next case.
    for (const [pid] of tracked.alive()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  }
}

const toGroup = (signal: NodeJS.Signals) => (npm: ChildProcess) => process.kill(-(npm.pid as number), signal);

describe("npm start ends everything it started", () => {
  const cases: [string, Moment, (npm: ChildProcess, t: ReturnType<typeof track>) => void][] = [
    ["SIGTERM to the group the moment it first answers (seeding under way)", "healthy", toGroup("SIGTERM")],
    ["SIGHUP to the group (the terminal closed)", "settled", toGroup("SIGHUP")],
    ["Ctrl-C (SIGINT to the group)", "settled", toGroup("SIGINT")],
    ["SIGKILL to npm alone", "settled", (npm) => process.kill(npm.pid as number, "SIGKILL")],
    [
      "SIGKILL to the start script alone",
      "settled",
      (_npm, t) => process.kill(t.pidOf(/^node .*scripts\/start\.ts/) as number, "SIGKILL"),
    ],
    ["SIGTERM to the group while it builds and migrates", "early", toGroup("SIGTERM")],
  ];

  for (const [name, moment, end] of cases) {
    it(name, { timeout: 200_000 }, async () => {
      const result = await startThenEnd(moment, end);
      expect(result.left, result.output.slice(-1500)).toEqual([]);
      expect(result.gone).toBe(true);
      expect(result.portOpen).toBe(false);
      // wrangler and workerd did run (the case tested something), and no build step ever did.
      if (moment !== "early") expect(result.seen.some((args) => /workerd/.test(args))).toBe(true);
      expect(result.seen.filter((args) => /mkdirSync/.test(args))).toEqual([]);
    });
  }
});
