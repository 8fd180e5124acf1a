/** The audit log of admin actions (append-only: migration 0004's triggers). */

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  address: string;
  action: string;
  target: string | null;
  detail: unknown;
}

interface AuditRow extends Omit<AuditEntry, "detail"> {
  detail: string;
}

export async function appendAudit(db: D1Database, entry: Omit<AuditEntry, "seq">): Promise<void> {
  await db
    .prepare("INSERT INTO audit_log (at, actor, address, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(
      entry.at,
      entry.actor,
      entry.address,
      entry.action,
      entry.target,
      JSON.stringify(entry.detail ?? null),
    )
    .run();
}

/** Newest first, `limit` entries older than `before` (a seq), or the newest when it is absent. */
export async function listAudit(
  db: D1Database,
  before: number | undefined,
  limit: number,
): Promise<AuditEntry[]> {
  const { results } = await db
    .prepare("SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?")
    .bind(before ?? Number.MAX_SAFE_INTEGER, limit)
    .all<AuditRow>();
  return results.map((row) => ({ ...row, detail: JSON.parse(row.detail) as unknown }));
}
