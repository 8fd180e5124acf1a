/**
 * `juxing admin export OUT.jsonl` and `juxing admin import IN.jsonl` (docs/operations.md
 * "Backups"), both with `--server URL --admin-token T`. The export is JSON Lines: a header line
 * `{"format":"juxing-export","version":1,…}`, then one `{"table","row"}` line per row of every
 * table, fetched page by page and written as it comes. The import reads it line by line and sends
 * each table's rows in batches under 512 KB, the first batch marked so that the server refuses
 * to import into a database that already holds data.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import type * as z from "zod";
import { exportPageAnswer, importAnswer } from "../shared/api/admin.ts";
import { UsageError } from "./args.ts";
import { apiUrl, callApi, errorMessage, parseAnswer } from "./http.ts";

const FORMAT = "juxing-export";
const VERSION = 1;
const TABLES = [
  "audit_log",
  "campaigns",
  "branches",
  "submissions",
  "submission_details",
  "idempotency",
  "submission_claims",
  "reviewers",
  "reviews",
  "reopenings",
  "events",
  "event_branches",
  "judges",
  "event_scores",
];
const BATCH_BYTES = 512 * 1024;
const BATCH_ROWS = 500;

class BackupError extends Error {}

async function call<S extends z.ZodType>(
  server: string,
  token: string,
  method: string,
  path: string,
  schema: S,
  body?: unknown,
): Promise<z.infer<S>> {
  const answer = await callApi(method, apiUrl(server, path), { token, body });
  if (answer.status >= 400) throw new BackupError(errorMessage(answer));
  try {
    return parseAnswer(schema, answer, `${method} /${path.replace(/\?.*/, "")}`);
  } catch (error) {
    throw new BackupError((error as Error).message);
  }
}

/** Every table, page by page, into `file`; the row count of each table. */
export async function exportTo(server: string, token: string, file: string): Promise<Record<string, number>> {
  const out = createWriteStream(file, { encoding: "utf8" });
  const write = async (line: unknown) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, "drain");
  };
  await write({ format: FORMAT, version: VERSION, exportedAt: new Date().toISOString(), tables: TABLES });
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    counts[table] = 0;
    let after: string | null = null;
    do {
      const query = new URLSearchParams({ table, limit: table === "submission_details" ? "50" : "500" });
      if (after !== null) query.set("after", after);
      const page = await call(server, token, "GET", `api/v1/admin/export?${query}`, exportPageAnswer);
      for (const row of page.rows) await write({ table, row });
      counts[table] += page.rows.length;
      after = page.next;
    } while (after !== null);
  }
  out.end();
  await once(out, "finish");
  return counts;
}

/** Every row of `file` into the server's (empty) database; the row count of each table. */
export async function importFrom(
  server: string,
  token: string,
  file: string,
): Promise<Record<string, number>> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  const counts: Record<string, number> = {};
  let header = false;
  let first = true;
  let batch: { table: string; rows: unknown[]; bytes: number } | null = null;
  const flush = async () => {
    if (!batch || batch.rows.length === 0) return;
    await call(server, token, "POST", "api/v1/admin/import", importAnswer, {
      table: batch.table,
      rows: batch.rows,
      ...(first ? { first: true } : {}),
    });
    first = false;
    counts[batch.table] = (counts[batch.table] ?? 0) + batch.rows.length;
    batch = null;
  };
  for await (const line of lines) {
    if (!line.trim()) continue;
    const item = JSON.parse(line) as { format?: string; version?: number; table?: string; row?: unknown };
    if (!header) {
      if (item.format !== FORMAT || item.version !== VERSION)
        throw new BackupError(`${file} is not a ${FORMAT} version ${VERSION} file`);
      header = true;
      continue;
    }
    if (typeof item.table !== "string" || typeof item.row !== "object")
      throw new BackupError(`${file}: a line without table and row`);
    const bytes = line.length;
    if (
      batch &&
      (batch.table !== item.table || batch.bytes + bytes > BATCH_BYTES || batch.rows.length >= BATCH_ROWS)
    )
      await flush();
    batch ??= { table: item.table, rows: [], bytes: 0 };
    batch.rows.push(item.row);
    batch.bytes += bytes;
  }
  await flush();
  if (!header) throw new BackupError(`${file} is empty`);
  return counts;
}

/** `admin export FILE` / `admin import FILE`: 0 done, 1 refused by the server or a bad file. */
export async function backupCommand(
  verb: "export" | "import",
  file: string | undefined,
  server: string,
  token: string,
  io: { out(text: string): void; err(text: string): void },
): Promise<number> {
  if (!file) throw new UsageError(`juxing admin ${verb} FILE --server URL --admin-token T`);
  try {
    const counts =
      verb === "export" ? await exportTo(server, token, file) : await importFrom(server, token, file);
    // Every table in the same order both ways, an empty one as 0: an export and its import read alike.
    const summary = TABLES.map((table) => `${table} ${counts[table] ?? 0}`).join(", ");
    io.out(`${verb === "export" ? "exported to" : "imported from"} ${file}: ${summary}`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError) && !(error instanceof SyntaxError)) throw error;
    io.err(`${verb} failed: ${error.message}`);
    return 1;
  }
}
