/**
 * Every table a backup holds, in the order an import must insert them (docs/operations.md
 * "Backups"), each with the key it is paged by. The audit log comes first so that the entries the
 * import itself adds follow the imported ones. Sessions are left out: they are bound to the
 * viewer key and end with the export anyway.
 */
export const backupTables = {
  audit_log: ["seq"],
  campaigns: ["id"],
  branches: ["code"],
  submissions: ["seq"],
  submission_details: ["submission_id", "part"],
  idempotency: ["branch", "key"],
  // Verification (migration 0005): what the audited scores are computed from.
  submission_claims: ["submission_id", "ord"],
  reviewers: ["id"],
  reviews: ["seq"],
  reopenings: ["seq"],
  // Judged events (migration 0006): the judged activities part of the audited scores.
  events: ["id"],
  event_branches: ["event_id", "branch"],
  judges: ["id"],
  event_scores: ["seq"],
} as const satisfies Record<string, readonly string[]>;

export type BackupTable = keyof typeof backupTables;
export type Row = Record<string, string | number | null>;

const columnCache = new Map<string, Set<string>>();

/** The table's columns, as SQLite reports them (once per isolate). */
export async function columnsOf(db: D1Database, table: BackupTable): Promise<Set<string>> {
  let columns = columnCache.get(table);
  if (!columns) {
    const { results } = await db.prepare(`PRAGMA table_info(${table})`).all<{ name: string }>();
    columns = new Set(results.map((r) => r.name));
    columnCache.set(table, columns);
  }
  return columns;
}

/** Up to `limit` rows after the key `after` (none: from the start), in key order. */
export async function pageOf(
  db: D1Database,
  table: BackupTable,
  after: (string | number)[] | null,
  limit: number,
): Promise<Row[]> {
  const key = backupTables[table];
  const order = key.join(", ");
  const where = after ? `WHERE (${order}) > (${key.map(() => "?").join(", ")})` : "";
  const { results } = await db
    .prepare(`SELECT * FROM ${table} ${where} ORDER BY ${order} LIMIT ?`)
    .bind(...(after ?? []), limit)
    .all<Row>();
  return results;
}

/** Inserts rows as they were exported, in one batch (all or nothing). */
export async function insertRows(db: D1Database, table: BackupTable, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  await db.batch(
    rows.map((row) => {
      const names = Object.keys(row);
      return db
        .prepare(`INSERT INTO ${table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`)
        .bind(...names.map((n) => row[n] ?? null));
    }),
  );
}

/** True when no table of the backup holds a row. */
export async function backupTablesEmpty(db: D1Database): Promise<boolean> {
  const tables = Object.keys(backupTables) as BackupTable[];
  const counts = await db.batch(tables.map((t) => db.prepare(`SELECT EXISTS (SELECT 1 FROM ${t}) AS any`)));
  return counts.every((c) => (c.results[0] as { any: number } | undefined)?.any === 0);
}
