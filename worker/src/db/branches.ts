/** Branches and their sync tokens (stored only as SHA-256 hex). */
import { isUniqueViolation, nowIso } from "./util.ts";

export interface Branch {
  code: string;
  name: string;
  campaign: string;
  disabled: boolean;
  tokenIssuedAt: string;
  createdAt: string;
  updatedAt: string;
}

interface BranchRow {
  code: string;
  name: string;
  campaign: string;
  token_hash: string;
  token_issued_at: string;
  disabled: number;
  created_at: string;
  updated_at: string;
}

function fromRow(row: BranchRow): Branch {
  return {
    code: row.code,
    name: row.name,
    campaign: row.campaign,
    disabled: row.disabled === 1,
    tokenIssuedAt: row.token_issued_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function getBranch(db: D1Database, code: string): Promise<Branch | null> {
  const row = await db.prepare("SELECT * FROM branches WHERE code = ?").bind(code).first<BranchRow>();
  return row ? fromRow(row) : null;
}

/** The branch whose token hashes to `tokenHash`, with the stored hash for a constant-time check. */
export async function findBranchByTokenHash(
  db: D1Database,
  tokenHash: string,
): Promise<(Branch & { tokenHash: string }) | null> {
  const row = await db
    .prepare("SELECT * FROM branches WHERE token_hash = ?")
    .bind(tokenHash)
    .first<BranchRow>();
  return row ? { ...fromRow(row), tokenHash: row.token_hash } : null;
}

export async function listBranches(db: D1Database, campaign?: string): Promise<Branch[]> {
  const statement = campaign
    ? db.prepare("SELECT * FROM branches WHERE campaign = ? ORDER BY code").bind(campaign)
    : db.prepare("SELECT * FROM branches ORDER BY campaign, code");
  const { results } = await statement.all<BranchRow>();
  return results.map(fromRow);
}

/** Null when the code is taken. */
export async function insertBranch(
  db: D1Database,
  branch: { code: string; name: string; campaign: string; tokenHash: string },
): Promise<Branch | null> {
  const now = nowIso();
  try {
    await db
      .prepare(
        "INSERT INTO branches (code, name, campaign, token_hash, token_issued_at, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
      )
      .bind(branch.code, branch.name, branch.campaign, branch.tokenHash, now, now, now)
      .run();
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
  return {
    code: branch.code,
    name: branch.name,
    campaign: branch.campaign,
    disabled: false,
    tokenIssuedAt: now,
    createdAt: now,
    updatedAt: now,
  };
}

/** Replaces the token hash: the old token stops working at once. Null when there is no such branch. */
export async function setBranchToken(
  db: D1Database,
  code: string,
  tokenHash: string,
): Promise<Branch | null> {
  const now = nowIso();
  const row = await db
    .prepare(
      "UPDATE branches SET token_hash = ?, token_issued_at = ?, updated_at = ? WHERE code = ? RETURNING *",
    )
    .bind(tokenHash, now, now, code)
    .first<BranchRow>();
  return row ? fromRow(row) : null;
}

export async function setBranchDisabled(
  db: D1Database,
  code: string,
  disabled: boolean,
): Promise<Branch | null> {
  const row = await db
    .prepare("UPDATE branches SET disabled = ?, updated_at = ? WHERE code = ? RETURNING *")
    .bind(disabled ? 1 : 0, nowIso(), code)
    .first<BranchRow>();
  return row ? fromRow(row) : null;
}
