/**
 * Roles (docs/roles.md).
 *
 * - admin: `Authorization: Bearer <ADMIN_TOKEN>`.
 * - branch: `Authorization: Bearer jxb_…`, looked up by its SHA-256 and checked in constant time.
 * - viewer: `Authorization: Bearer <VIEWER_KEY>`, or the `juxing_session` cookie from POST /login,
 *   or nobody at all when PUBLIC_RANKINGS is "true".
 * - reviewer (and the other roles of roles.ts): `Authorization: Bearer jxr_…` or a session opened
 *   at /login with that token; reads its own campaign as a viewer does, and records reviews.
 *
 * Who may read what (decided here; docs/roles.md names the roles, not the overlaps):
 * - admin may read everything a viewer may;
 * - a reviewer reads its own campaign only, as a viewer would (another campaign is 403);
 * - a branch token reads its own campaign (`GET /campaigns/:id`, the campaign list, rankings —
 *   leaders and branches see the same table) and its own branch's history and latest submission;
 *   another campaign or another branch's drill-down is 403;
 * - a presented but unknown bearer token is 401 even when the rankings are public, so a client
 *   with a stale token learns about it; an unknown or expired cookie is simply ignored;
 * - every failed bearer check counts against the client's address (limiter.ts): past 20 a minute
 *   its credentials are refused with 429 before any lookup;
 * - a session is bound to the secret that opened it: the stored key is HMAC(VIEWER_KEY, cookie
 *   id), so rotating VIEWER_KEY ends every viewer session at once (docs/security.md).
 */
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { bytesEqual, hexToBytes, hmacSha256Hex, secretMatches, sha256Hex } from "./crypto.ts";
import { findBranchByTokenHash } from "./db/branches.ts";
import { sessionValid } from "./db/sessions.ts";
import type { AppEnv, Bindings, Principal } from "./env.ts";
import { ApiError } from "./errors.ts";
import { countingFailures } from "./limiter.ts";
import { checkMemberToken, memberSession, roleOfSession, roleOfToken } from "./roles.ts";

export const SESSION_COOKIE = "juxing_session";
export const BRANCH_TOKEN_PREFIX = "jxb_";
const MAX_TOKEN_LENGTH = 512;

const challenge = { "WWW-Authenticate": 'Bearer realm="juxing"' };

function unauthorized(code: string, message: string): ApiError {
  return new ApiError(401, code, message, { headers: challenge });
}

/** The bearer token, null when there is no Authorization header; 401 when it is not a bearer. */
function bearerOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match?.[1] || match[1].length > MAX_TOKEN_LENGTH) {
    throw unauthorized("invalid_authorization", "Send the token as `Authorization: Bearer <token>`.");
  }
  return match[1];
}

async function principalOfToken(env: Bindings, token: string): Promise<Principal> {
  const [admin, viewer] = await Promise.all([
    secretMatches(token, env.ADMIN_TOKEN),
    secretMatches(token, env.VIEWER_KEY),
  ]);
  if (admin) return { kind: "admin" };
  if (viewer) return { kind: "viewer", via: "key" };
  const role = roleOfToken(token);
  if (role) {
    const check = await checkMemberToken(env.DB, role, token);
    if (check.ok) return role.principal(check.member, "token");
    if (check.reason === "disabled") {
      throw new ApiError(
        403,
        `${role.kind}_disabled`,
        `This ${role.kind} has been disabled; ask the campaign office.`,
      );
    }
    throw unauthorized("invalid_token", "The token is not valid (it may have been disabled or replaced).");
  }
  const hash = await sha256Hex(token);
  const branch = await findBranchByTokenHash(env.DB, hash);
  if (!branch || !bytesEqual(hexToBytes(branch.tokenHash), hexToBytes(hash))) {
    throw unauthorized("invalid_token", "The token is not valid (it may have been rotated).");
  }
  if (branch.disabled) {
    throw new ApiError(403, "branch_disabled", `Branch ${branch.code} is disabled; ask the campaign office.`);
  }
  return { kind: "branch", code: branch.code, campaign: branch.campaign, name: branch.name };
}

/**
 * What a viewer session is stored under: its id bound to the key that opened it. Null when no
 * viewer key is configured (then no session is valid). A reviewer's or judge's session would bind
 * to their own secret the same way, and disabling them would delete their rows.
 */
export async function viewerSessionHash(env: Bindings, id: string): Promise<string | null> {
  if (!env.VIEWER_KEY || id.length > MAX_TOKEN_LENGTH) return null;
  return hmacSha256Hex(env.VIEWER_KEY, id);
}

/** Who sent the request: a token's role, a viewer session, or null for nobody. */
export async function identify(
  c: { req: { header(name: string): string | undefined }; env: Bindings },
  cookie: string | undefined,
): Promise<Principal | null> {
  const header = c.req.header("Authorization");
  if (header !== undefined) {
    return countingFailures(c, async () => principalOfToken(c.env, bearerOf(header) ?? ""));
  }
  const role = cookie ? roleOfSession(cookie) : null;
  if (cookie && role) return memberSession(c.env.DB, role, cookie);
  const hash = cookie ? await viewerSessionHash(c.env, cookie) : null;
  if (hash && (await sessionValid(c.env.DB, hash, new Date()))) return { kind: "viewer", via: "session" };
  return null;
}

export async function rateLimit(env: Bindings, key: string): Promise<void> {
  if (!env.RATE_LIMITER) return;
  const { success } = await env.RATE_LIMITER.limit({ key });
  if (!success) {
    throw new ApiError(429, "rate_limited", "Too many requests; wait a minute and try again.", {
      headers: { "Retry-After": "60" },
    });
  }
}

/**
 * Admin only; other credentials are 403, none 401. Not rate-limited: the office is trusted and
 * sets up campaigns in bulk (registering 200 branches must not stall on a per-minute limit).
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const principal = await identify(c, undefined);
  if (!principal) throw unauthorized("unauthorized", "This needs the admin token.");
  if (principal.kind !== "admin") throw new ApiError(403, "forbidden", "This needs the admin token.");
  c.set("principal", principal);
  await next();
});

/**
 * A branch token only (submissions). Rate-limited per token (keyed by its branch: one live token
 * per branch), after authentication — scoring is the expensive part. Reads are not limited: they
 * are cached (see rankings.ts) and cheap.
 */
export const requireBranch = createMiddleware<AppEnv>(async (c, next) => {
  const principal = await identify(c, undefined);
  if (!principal) throw unauthorized("unauthorized", "This needs the branch's sync token.");
  if (principal.kind !== "branch") {
    throw new ApiError(403, "forbidden", "Only a branch's sync token can submit.");
  }
  await rateLimit(c.env, `branch:${principal.code}`);
  c.set("principal", principal);
  await next();
});

/** A judge's token scores its event and reads its result, nothing else. */
export function judgeOnly(): ApiError {
  return new ApiError(403, "forbidden", "A judge's token can only score its own event.");
}

/** Reads: admin, viewer (key, session or public) or branch (scoped by the handler). */
export const requireReader = createMiddleware<AppEnv>(async (c, next) => {
  let principal = await identify(c, getCookie(c, SESSION_COOKIE));
  if (!principal && c.env.PUBLIC_RANKINGS === "true") principal = { kind: "viewer", via: "public" };
  if (!principal) throw unauthorized("unauthorized", "Sign in with the viewer key, or send a token.");
  if (principal.kind === "judge") throw judgeOnly();
  c.set("principal", principal);
  await next();
});

/** A branch token or a reviewer may only read its own campaign. */
export function assertCampaignReadable(principal: Principal, campaign: string): void {
  if ((principal.kind === "branch" || principal.kind === "reviewer") && principal.campaign !== campaign) {
    throw new ApiError(403, "forbidden", `A ${principal.kind} can only read its own campaign.`);
  }
}

/**
 * A reviewer only (token or session), for its own campaign's reviews. Rate-limited per reviewer,
 * as submissions are per branch.
 */
export const requireReviewer = createMiddleware<AppEnv>(async (c, next) => {
  const principal = await identify(c, getCookie(c, SESSION_COOKIE));
  if (!principal) throw unauthorized("unauthorized", "This needs a reviewer's token or session.");
  if (principal.kind !== "reviewer") {
    throw new ApiError(403, "forbidden", "Only a reviewer of the campaign office can record reviews.");
  }
  await rateLimit(c.env, `reviewer:${principal.id}`);
  c.set("principal", principal);
  await next();
});

/** A branch token may only drill into its own branch. */
export function assertBranchReadable(principal: Principal, code: string): void {
  if (principal.kind === "branch" && principal.code !== code) {
    throw new ApiError(403, "forbidden", "A branch token can only read its own branch's submissions.");
  }
}
