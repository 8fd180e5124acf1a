/**
 * GET /api/v1/branches/:code/calendar.ics (docs/api.md "Calendar"): the branch's dated time nodes
 * from its latest list, for calendar subscriptions. Read with the branch's token or a viewer's
 * (header or session), or — since Outlook and phone calendars cannot send a header — with the
 * branch's secret link `?key=…`: HMAC-SHA256(ADMIN_TOKEN, "calendar:" + code), issued by
 * `GET /api/v1/admin/branches/:code/calendar-link`. Rotating ADMIN_TOKEN ends every link; a wrong
 * key counts as a failed sign-in (limiter.ts).
 */
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { branchCalendar } from "../../../shared/notify/calendar.ts";
import {
  assertBranchReadable,
  assertCampaignReadable,
  identify,
  judgeOnly,
  SESSION_COOKIE,
} from "../auth.ts";
import { hmacSha256Hex, secretMatches, sha256Hex } from "../crypto.ts";
import { getBranch } from "../db/branches.ts";
import { latestDetail } from "../db/submissions.ts";
import type { AppEnv, Bindings, Principal } from "../env.ts";
import { ApiError } from "../errors.ts";
import { assertNotLockedOut, recordAuthFailure } from "../limiter.ts";

/** The secret of a branch's calendar link; null while the admin API is off (no ADMIN_TOKEN). */
export async function calendarKey(env: Bindings, code: string): Promise<string | null> {
  if (!env.ADMIN_TOKEN) return null;
  return hmacSha256Hex(env.ADMIN_TOKEN, `calendar:${code}`);
}

async function allowed(c: Context<AppEnv>, code: string): Promise<void> {
  const key = c.req.query("key");
  if (key !== undefined) {
    assertNotLockedOut(c);
    if (!(await secretMatches(key, (await calendarKey(c.env, code)) ?? undefined))) {
      await recordAuthFailure(c);
      throw new ApiError(
        401,
        "invalid_token",
        "This calendar link is not valid (it may have been replaced).",
      );
    }
    return;
  }
  let principal: Principal | null = await identify(c, getCookie(c, SESSION_COOKIE));
  if (!principal && c.env.PUBLIC_RANKINGS === "true") principal = { kind: "viewer", via: "public" };
  if (!principal)
    throw new ApiError(401, "unauthorized", "Send a token, sign in, or use the branch's calendar link.");
  if (principal.kind === "judge") throw judgeOnly();
  assertBranchReadable(principal, code);
  if (principal.kind === "reviewer") {
    const branch = await getBranch(c.env.DB, code);
    if (branch) assertCampaignReadable(principal, branch.campaign);
  }
}

export const calendar = new Hono<AppEnv>();

calendar.get("/:code/calendar.ics", async (c) => {
  const code = c.req.param("code");
  await allowed(c, code);
  const branch = await getBranch(c.env.DB, code);
  if (!branch) throw new ApiError(404, "branch_not_found", `No branch ${code}.`);
  const latest = await latestDetail(c.env.DB, branch.code, branch.campaign);
  const campaign = await c.env.DB.prepare("SELECT id, name FROM campaigns WHERE id = ?")
    .bind(branch.campaign)
    .first<{ id: string; name: string }>();
  const ids = new Map<string, string>();
  for (const p of latest?.projects ?? [])
    ids.set(p.name, (await sha256Hex(`${p.sheet}\u0000${p.name}`)).slice(0, 16));
  const origin = c.env.PUBLIC_URL || new URL(c.req.url).origin;
  const body = branchCalendar({
    campaign: campaign ?? { id: branch.campaign, name: branch.campaign },
    branch: { code: branch.code, name: branch.name },
    projects: latest?.projects ?? [],
    stamp: latest?.row.received_at ?? branch.createdAt,
    link: `${origin.replace(/\/+$/, "")}/branches/${encodeURIComponent(branch.code)}?campaign=${encodeURIComponent(branch.campaign)}`,
    projectId: (p) => ids.get(p.name) ?? "0",
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="juxing-${branch.code}.ics"`,
      // Owners and targets: private; calendars poll, so no-store costs little.
      "Cache-Control": "no-store",
    },
  });
});
