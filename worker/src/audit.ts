/**
 * The audit log (docs/security.md): every admin action that changed something — campaigns,
 * branches, tokens, sessions, notification channels — is recorded after it succeeded, with who, from where, what and the
 * request body. A middleware, so a route cannot be added and forgotten; the reviewers', reviews',
 * events' and judges' routes, when they exist, mount the same middleware with their actor.
 */
import { createMiddleware } from "hono/factory";
import { appendAudit } from "./db/audit.ts";
import type { AppEnv, Principal } from "./env.ts";
import { clientIp } from "./limiter.ts";

/** Route → action name; a changing route missing here is recorded under its method and path. */
const actions: Record<string, string> = {
  "POST /api/v1/admin/campaigns": "campaign.create",
  "PUT /api/v1/admin/campaigns/:id": "campaign.update",
  "POST /api/v1/admin/branches": "branch.create",
  "POST /api/v1/admin/branches/:code/token": "branch.rotate-token",
  "POST /api/v1/admin/branches/:code/disable": "branch.disable",
  "POST /api/v1/admin/branches/:code/enable": "branch.enable",
  "POST /api/v1/admin/sessions/revoke": "sessions.revoke",
  "POST /api/v1/admin/import": "database.import",
  "POST /api/v1/admin/events": "event.create",
  "POST /api/v1/admin/events/:id/close": "event.close",
  "POST /api/v1/admin/events/:id/reopen": "event.reopen",
  "POST /api/v1/admin/events/:id/judges": "judge.create",
  "POST /api/v1/admin/judges/:id/disable": "judge.disable",
  "PUT /api/v1/events/:id/scores/:branch": "event.score",
  "PUT /api/v1/admin/branches/:code/notify": "notify.set",
  "DELETE /api/v1/admin/branches/:code/notify": "notify.clear",
  "POST /api/v1/admin/branches/:code/notify/test": "notify.test",
  "PUT /api/v1/admin/campaigns/:id/notify": "notify.set",
  "DELETE /api/v1/admin/campaigns/:id/notify": "notify.clear",
  "POST /api/v1/admin/campaigns/:id/notify/test": "notify.test",
  "POST /api/v1/admin/notify/run": "notify.run",
  "POST /judge/scores/:branch": "event.score",
  "POST /api/v1/admin/reviewers": "reviewer.create",
  "POST /api/v1/admin/reviewers/:id/disable": "reviewer.disable",
  "POST /api/v1/admin/reopen": "period.reopen",
  "POST /api/v1/reviews": "review.record",
  "POST /review": "review.record",
};

/** Fields that are secrets in a request body: recorded as "…" and their last 4 characters. */
const secretFields = ["url", "secret"] as const;

function redacted(detail: unknown): unknown {
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return detail;
  const out: Record<string, unknown> = { ...(detail as Record<string, unknown>) };
  for (const field of secretFields) {
    const value = out[field];
    if (typeof value === "string") out[field] = `…${value.slice(-4)}`;
  }
  return out;
}

/** The role; a judge or a reviewer by its id too (`judge:3`, `reviewer:rv-1a2b3c4d`), so each one's actions can be traced. */
function actorOf(principal: Principal | undefined): string {
  if (principal?.kind === "judge" || principal?.kind === "reviewer")
    return `${principal.kind}:${principal.id}`;
  return principal?.kind ?? "unknown";
}

function isImport(detail: unknown): detail is { table: string; rows: unknown[] } {
  return typeof detail === "object" && detail !== null && Array.isArray((detail as { rows?: unknown }).rows);
}

export const auditChanges = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const method = c.req.method;
  if (method === "GET" || method === "HEAD" || method === "OPTIONS" || c.res.status >= 400) return;
  const route = `${method} ${c.req.routePath}`;
  let detail: unknown = null;
  try {
    detail = JSON.parse(await c.req.text());
  } catch {
    // No body, or not JSON: nothing more to record.
  }
  // An import batch is recorded by its table and size, not its rows (token hashes, answers).
  if (isImport(detail)) detail = { table: detail.table, rows: detail.rows.length };
  // A notification channel's URL and secret never reach the log in full.
  if (actions[route] === "notify.set") detail = redacted(detail);
  const params = c.req.param() as Record<string, string>;
  const body = detail as { id?: unknown; code?: unknown } | null;
  const target =
    (params.id && params.branch ? `${params.id}/${params.branch}` : null) ??
    params.id ??
    params.code ??
    params.branch ??
    (typeof body?.id === "string" ? body.id : null) ??
    (typeof body?.code === "string" ? body.code : null);
  await appendAudit(c.env.DB, {
    at: new Date().toISOString(),
    actor: actorOf(c.get("principal")),
    address: clientIp(c),
    action: actions[route] ?? route,
    target,
    detail,
  });
});
