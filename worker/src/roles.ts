/**
 * Roles whose members each hold their own token (docs/roles.md): reviewers and judges. The
 * office issues a member a random token with the role's prefix (`jxr_`), shown once and stored as
 * its SHA-256; a bearer token with that prefix is looked up by its hash and compared in constant
 * time, a disabled member is refused, and a sign-in at /login opens a session bound to the
 * member's own secret. Adding a role is one `tokenRole({...})` entry in `tokenRoles` with its
 * table and the principal it stands for, and its case in env.ts's Principal.
 */
import { bytesEqual, hexToBytes, hmacSha256Hex, randomToken, sha256Hex } from "./crypto.ts";
import { nowIso } from "./db/util.ts";
import type { Principal } from "./env.ts";

/** A member as its table holds it; `row` is the whole row for the role's principal. */
export interface Member {
  id: string;
  tokenHash: string;
  disabled: boolean;
  row: Record<string, unknown>;
}

export type RolePrincipal = Extract<Principal, { via: "token" | "session" }>;

export interface TokenRole {
  kind: RolePrincipal["kind"];
  /** Prefix of the member's bearer token (`jxr_`). */
  tokenPrefix: string;
  /** Prefix of its session cookie's value, so a cookie says which table to look in. */
  sessionPrefix: string;
  table: string;
  /** What the member stands for once authenticated. */
  principal(member: Member, via: "token" | "session"): RolePrincipal;
  /** Where a sign-in at /login always lands (a judge's /judge), whatever page asked for it. */
  landing?: string;
}

interface MemberRow {
  id: string;
  token_hash: string;
  disabled: number;
  [column: string]: unknown;
}

function memberOf(row: MemberRow | null): Member | null {
  return row ? { id: row.id, tokenHash: row.token_hash, disabled: row.disabled === 1, row } : null;
}

export const reviewerRole: TokenRole = {
  kind: "reviewer",
  tokenPrefix: "jxr_",
  sessionPrefix: "jxsr_",
  table: "reviewers",
  principal: (member, via) => ({
    kind: "reviewer",
    id: member.id,
    campaign: String(member.row.campaign),
    name: String(member.row.name),
    via,
  }),
};

/** A judge of one event (docs/roles.md "judge"): scores that event from /judge, reads nothing else. */
export const judgeRole: TokenRole = {
  kind: "judge",
  tokenPrefix: "jxj_",
  sessionPrefix: "jxsj_",
  table: "judges",
  principal: (member, via) => ({
    kind: "judge",
    id: Number(member.id),
    event: Number(member.row.event_id),
    name: String(member.row.name),
    via,
  }),
  landing: "/judge",
};

/** Every role with tokens of its own; a bearer token or a session cookie is matched by prefix. */
export const tokenRoles: readonly TokenRole[] = [reviewerRole, judgeRole];

export function roleOfToken(token: string): TokenRole | null {
  return tokenRoles.find((role) => token.startsWith(role.tokenPrefix)) ?? null;
}

export function roleOfSession(cookie: string): TokenRole | null {
  return tokenRoles.find((role) => cookie.startsWith(role.sessionPrefix)) ?? null;
}

export async function memberByTokenHash(
  db: D1Database,
  role: TokenRole,
  hash: string,
): Promise<Member | null> {
  return memberOf(
    await db.prepare(`SELECT * FROM ${role.table} WHERE token_hash = ?`).bind(hash).first<MemberRow>(),
  );
}

export async function memberById(db: D1Database, role: TokenRole, id: string): Promise<Member | null> {
  return memberOf(await db.prepare(`SELECT * FROM ${role.table} WHERE id = ?`).bind(id).first<MemberRow>());
}

export type TokenCheck =
  | { ok: true; member: Member }
  | { ok: false; reason: "unknown" | "disabled"; member?: Member };

/** The member a token belongs to: looked up by SHA-256, compared in constant time, refused when disabled. */
export async function checkMemberToken(db: D1Database, role: TokenRole, token: string): Promise<TokenCheck> {
  const hash = await sha256Hex(token);
  const member = await memberByTokenHash(db, role, hash);
  if (!member || !bytesEqual(hexToBytes(member.tokenHash), hexToBytes(hash)))
    return { ok: false, reason: "unknown" };
  if (member.disabled) return { ok: false, reason: "disabled", member };
  return { ok: true, member };
}

/** A new member's token and the hash to store. */
export async function issueMemberToken(role: TokenRole): Promise<{ token: string; hash: string }> {
  const token = randomToken(role.tokenPrefix);
  return { token, hash: await sha256Hex(token) };
}

/**
 * What a member's session is stored under: the cookie bound to the member's token hash, so only
 * that member's secret can have opened it. The cookie is `<sessionPrefix><member id>.<random>`.
 */
async function sessionHash(member: Member, cookie: string): Promise<string> {
  return hmacSha256Hex(member.tokenHash, cookie);
}

function memberIdOf(role: TokenRole, cookie: string): string | null {
  const rest = cookie.slice(role.sessionPrefix.length);
  const dot = rest.indexOf(".");
  return dot > 0 ? rest.slice(0, dot) : null;
}

/** Opens a session for a member: the cookie's value to set. */
export async function createMemberSession(
  db: D1Database,
  role: TokenRole,
  member: Member,
  ttlSeconds: number,
): Promise<string> {
  const cookie = `${role.sessionPrefix}${member.id}.${randomToken("").slice(0, 43)}`;
  const now = new Date();
  const expires = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  await db.batch([
    db.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(now.toISOString()),
    db
      .prepare("INSERT INTO sessions (id_hash, created_at, expires_at, role, subject) VALUES (?, ?, ?, ?, ?)")
      .bind(await sessionHash(member, cookie), now.toISOString(), expires, role.kind, member.id),
  ]);
  return cookie;
}

/** The member a session cookie stands for, when the session is live and the member still enabled. */
export async function memberSession(
  db: D1Database,
  role: TokenRole,
  cookie: string,
): Promise<RolePrincipal | null> {
  const id = memberIdOf(role, cookie);
  if (!id) return null;
  const member = await memberById(db, role, id);
  if (!member || member.disabled) return null;
  const row = await db
    .prepare("SELECT 1 AS ok FROM sessions WHERE id_hash = ? AND role = ? AND subject = ? AND expires_at > ?")
    .bind(await sessionHash(member, cookie), role.kind, member.id, nowIso())
    .first<{ ok: number }>();
  return row ? role.principal(member, "session") : null;
}

export async function endMemberSession(db: D1Database, role: TokenRole, cookie: string): Promise<void> {
  const id = memberIdOf(role, cookie);
  const member = id ? await memberById(db, role, id) : null;
  if (member)
    await db
      .prepare("DELETE FROM sessions WHERE id_hash = ?")
      .bind(await sessionHash(member, cookie))
      .run();
}

/** Ends every session of a member (disabling it); how many there were. */
export async function endMemberSessions(db: D1Database, role: TokenRole, id: string): Promise<number> {
  const result = await db
    .prepare("DELETE FROM sessions WHERE role = ? AND subject = ?")
    .bind(role.kind, id)
    .run();
  return result.meta.changes ?? 0;
}
