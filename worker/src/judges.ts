/**
 * Judges (docs/roles.md "judge"): a `jxj_` token valid for one event (roles.ts judgeRole), sent as
 * a bearer token, or exchanged at /login for a session for the /judge page — bound to the judge's
 * own token like every role's session, so withdrawing the judge ends it.
 */
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { identify, SESSION_COOKIE } from "./auth.ts";
import type { AppEnv, Bindings, Principal } from "./env.ts";
import { ApiError } from "./errors.ts";
import { judgeRole, memberSession } from "./roles.ts";

export type JudgePrincipal = Extract<Principal, { kind: "judge" }>;

/** The judge whose session this cookie is; null for none, a disabled judge or an expired session. */
export async function judgeOfSession(
  env: Bindings,
  cookie: string | undefined,
): Promise<JudgePrincipal | null> {
  if (!cookie?.startsWith(judgeRole.sessionPrefix)) return null;
  const principal = await memberSession(env.DB, judgeRole, cookie);
  return principal?.kind === "judge" ? principal : null;
}

/** A judge only (a bearer `jxj_` token, or a judge session); any other credential is 403, none 401. */
export const requireJudge = createMiddleware<AppEnv>(async (c, next) => {
  const principal = await identify(c, getCookie(c, SESSION_COOKIE));
  if (!principal) {
    throw new ApiError(401, "unauthorized", "This needs a judge's token.", {
      headers: { "WWW-Authenticate": 'Bearer realm="juxing"' },
    });
  }
  if (principal.kind !== "judge") throw new ApiError(403, "forbidden", "Only a judge can score an event.");
  c.set("principal", principal);
  await next();
});
