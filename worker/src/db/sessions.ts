/**
 * Viewer sessions: the cookie carries a random id; the row is keyed by that id bound to the key
 * that opened it (auth.ts's viewerSessionHash), never the id itself.
 */

export async function createSession(
  db: D1Database,
  idHash: string,
  now: Date,
  ttlSeconds: number,
): Promise<void> {
  const expires = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  await db.batch([
    db.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(now.toISOString()),
    db
      .prepare("INSERT INTO sessions (id_hash, created_at, expires_at) VALUES (?, ?, ?)")
      .bind(idHash, now.toISOString(), expires),
  ]);
}

export async function sessionValid(db: D1Database, idHash: string, now: Date): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS ok FROM sessions WHERE id_hash = ? AND role IS NULL AND expires_at > ?")
    .bind(idHash, now.toISOString())
    .first<{ ok: number }>();
  return row !== null;
}

export async function deleteSession(db: D1Database, idHash: string): Promise<void> {
  await db.prepare("DELETE FROM sessions WHERE id_hash = ?").bind(idHash).run();
}

/** Ends every session (`POST /api/v1/admin/sessions/revoke`); how many there were. */
export async function deleteAllSessions(db: D1Database): Promise<number> {
  const result = await db.prepare("DELETE FROM sessions").run();
  return result.meta.changes ?? 0;
}
