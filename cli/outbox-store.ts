/**
 * The command line's OutboxStore: one file per item in a directory (JUXING_OUTBOX_DIR, else
 * ~/.cache/juxing/outbox), written before the first send and removed once the server has the
 * submission or the user discards it. A file is replaced by a rename, so a crash leaves the old
 * item or the new one, never half of one.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { emptyState, type OutboxItem, type OutboxStore, readItem } from "../shared/api/outbox.ts";

export function outboxDir(): string {
  return (
    process.env.JUXING_OUTBOX_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "juxing", "outbox")
  );
}

export function fileStore(dir = outboxDir()): OutboxStore {
  /** What each file held when last read or written, so that a save rewrites only what changed. */
  const known = new Map<string, string>();
  const fileOf = (id: string) => join(dir, `${id}.json`);
  return {
    load() {
      let names: string[];
      try {
        names = readdirSync(dir).filter((n) => n.endsWith(".json"));
      } catch {
        return emptyState();
      }
      const items: OutboxItem[] = [];
      known.clear();
      for (const name of names) {
        try {
          const text = readFileSync(join(dir, name), "utf8");
          const item = readItem(JSON.parse(text));
          if (!item) continue;
          items.push(item);
          known.set(item.id, JSON.stringify(item));
        } catch {
          // A file another process is replacing, or not ours: skip it this time.
        }
      }
      return { items: items.sort((a, b) => a.createdAt - b.createdAt), last: null };
    },
    save(state) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const ids = new Set(state.items.map((i) => i.id));
      for (const item of state.items) {
        const text = JSON.stringify(item);
        if (known.get(item.id) === text) continue;
        const temp = `${fileOf(item.id)}.${process.pid}.tmp`;
        writeFileSync(temp, text, { mode: 0o600 });
        renameSync(temp, fileOf(item.id));
        known.set(item.id, text);
      }
      for (const id of [...known.keys()]) {
        if (ids.has(id)) continue;
        rmSync(fileOf(id), { force: true });
        known.delete(id);
      }
    },
  };
}
