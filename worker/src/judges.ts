/**
 * Judges (docs/roles.md "judge"): a `jxj_` token valid for one event, sent as a bearer token, or
 * exchanged at /login for a judge session for the /judge page.
 *
 * A judge session is bound to the judge's token the way a viewer session is bound to the viewer
 * key: the cookie is `<judge id>.<random id>` and the row is stored under HMAC(token hash, cookie),
 * so withdrawing the judge (disabled) ends it, and `sessions revoke` ends it with every other one.
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { identify } from "./auth.ts";
import { hmacSha256Hex, randomToken } from "./crypto.ts";
import { getJudge, type JudgeRow } from "./db/events.ts";
import { createSession, deleteSession, sessionValid } from "./db/sessions.ts";
import type { AppEnv, Bindings, Principal } from "./env.ts";
import { ApiError } from "./errors.ts";

export const JUDGE_COOKIE = "juxing_judge";
/** An event day, with a margin: a judge signs in once on the morning of the event. */
export const JUDGE_SESSION_TTL_SECONDS = 2 * 24 * 3600;
const MAX_COOKIE_LENGTH = 200;

export type JudgePrincipal = Extract<Principal, { kind: "judge" }>;

function judgeSessionHash(judge: JudgeRow, cookie: string): Promise<string> {
  return hmacSha256Hex(judge.tokenHash, cookie);
}

/** The judge whose session this cookie is; null for none, a disabled judge or an expired session. */
export async function judgeOfSession(
  env: Bindings,
  cookie: string | undefined,
): Promise<JudgePrincipal | null> {
  if (!cookie || cookie.length > MAX_COOKIE_LENGTH) return null;
  const match = /^(\d{1,12})\.(jxs_[\w-]+)$/.exec(cookie);
  if (!match) return null;
  const judge = await getJudge(env.DB, Number(match[1]));
  if (!judge || judge.disabled) return null;
  if (!(await sessionValid(env.DB, await judgeSessionHash(judge, cookie), new Date()))) return null;
  return { kind: "judge", id: judge.id, event: judge.eventId, name: judge.name, via: "session" };
}

function isLocal(c: Context): boolean {
  const host = new URL(c.req.url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** Starts a judge session in this browser (after /login with a judge token). */
export async function openJudgeSession(c: Context<AppEnv>, judge: JudgeRow): Promise<void> {
  const cookie = `${judge.id}.${randomToken("jxs_")}`;
  await createSession(c.env.DB, await judgeSessionHash(judge, cookie), new Date(), JUDGE_SESSION_TTL_SECONDS);
  setCookie(c, JUDGE_COOKIE, cookie, {
    httpOnly: true,
    secure: !isLocal(c),
    sameSite: "Strict",
    path: "/",
    maxAge: JUDGE_SESSION_TTL_SECONDS,
  });
}

/** Ends this browser's judge session, if any. */
export async function closeJudgeSession(c: Context<AppEnv>): Promise<void> {
  const cookie = getCookie(c, JUDGE_COOKIE);
  const match = cookie ? /^(\d{1,12})\./.exec(cookie) : null;
  const judge = match ? await getJudge(c.env.DB, Number(match[1])) : null;
  if (judge && cookie) await deleteSession(c.env.DB, await judgeSessionHash(judge, cookie));
}

/** A judge only (a bearer `jxj_` token, or a judge session); any other credential is 403, none 401. */
export const requireJudge = createMiddleware<AppEnv>(async (c, next) => {
  const principal =
    c.req.header("Authorization") !== undefined
      ? await identify(c, undefined)
      : await judgeOfSession(c.env, getCookie(c, JUDGE_COOKIE));
  if (!principal) {
    throw new ApiError(401, "unauthorized", "This needs a judge's token.", {
      headers: { "WWW-Authenticate": 'Bearer realm="juxing"' },
    });
  }
  if (principal.kind !== "judge") throw new ApiError(403, "forbidden", "Only a judge can score an event.");
  c.set("principal", principal);
  await next();
});
