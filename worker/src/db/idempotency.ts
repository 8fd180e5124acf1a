/** The first answer to each (branch, Idempotency-Key), replayed byte for byte. */

export interface StoredAnswer {
  bodyHash: string;
  status: number;
  response: string;
}

export async function findAnswer(db: D1Database, branch: string, key: string): Promise<StoredAnswer | null> {
  const row = await db
    .prepare("SELECT body_hash, status, response FROM idempotency WHERE branch = ? AND key = ?")
    .bind(branch, key)
    .first<{ body_hash: string; status: number; response: string }>();
  return row ? { bodyHash: row.body_hash, status: row.status, response: row.response } : null;
}

export function insertAnswer(
  db: D1Database,
  row: {
    branch: string;
    key: string;
    bodyHash: string;
    status: number;
    response: string;
    submissionId: string;
    createdAt: string;
  },
): D1PreparedStatement {
  return db
    .prepare(
      "INSERT INTO idempotency (branch, key, body_hash, status, response, submission_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(row.branch, row.key, row.bodyHash, row.status, row.response, row.submissionId, row.createdAt);
}
