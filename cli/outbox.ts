/**
 * The command line's outbox: a submission is written to disk with its idempotency key before the
 * first send and removed only once the server has answered it, so a dropped connection or a
 * closed terminal never loses a report, and a re-send never doubles it.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export interface Pending {
  key: string;
  server: string;
  body: unknown;
  queuedAt: string;
}

export function outboxDir(): string {
  return (
    process.env.JUXING_OUTBOX_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "juxing", "outbox")
  );
}

export async function enqueue(item: Pending): Promise<void> {
  await mkdir(outboxDir(), { recursive: true });
  await writeFile(join(outboxDir(), `${item.key}.json`), JSON.stringify(item), { mode: 0o600 });
}

export async function settle(key: string): Promise<void> {
  await rm(join(outboxDir(), `${key}.json`), { force: true });
}

export async function pendingFor(server: string): Promise<Pending[]> {
  let names: string[];
  try {
    names = await readdir(outboxDir());
  } catch {
    return [];
  }
  const items: Pending[] = [];
  for (const name of names.filter((n) => n.endsWith(".json"))) {
    try {
      const item = JSON.parse(await readFile(join(outboxDir(), name), "utf8")) as Pending;
      if (item.server === server) items.push(item);
    } catch {
      // A half-written file from a crash: the submission it held was never sent.
    }
  }
  return items.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}
