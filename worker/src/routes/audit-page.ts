/** GET/POST /audit — the audit log page for the campaign office (pages/audit.tsx). */
import { Hono } from "hono";
import { secretMatches } from "../crypto.ts";
import { listAudit } from "../db/audit.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { assertNotLockedOut, recordAuthFailure } from "../limiter.ts";
import { AuditPage } from "../pages/audit.tsx";
import { t } from "../pages/i18n.ts";
import { chromeOf, sendPage } from "./pages.ts";
import { assertSameSite, formOf } from "./session.ts";

export const auditPage = new Hono<AppEnv>();

auditPage.get("/audit", (c) => {
  const chrome = chromeOf(c, "", null);
  return sendPage(
    c,
    AuditPage({ ...chrome, title: t(chrome.lang).auditTitle, entries: null, error: null }),
    200,
    "no-store",
  );
});

auditPage.post("/audit", async (c) => {
  const page = (
    status: 200 | 401 | 429,
    entries: Awaited<ReturnType<typeof listAudit>> | null,
    error: "wrong" | "rate" | null,
  ) => {
    const chrome = chromeOf(c, "", null);
    return sendPage(
      c,
      AuditPage({ ...chrome, title: t(chrome.lang).auditTitle, entries, error }),
      status,
      "no-store",
    );
  };
  assertSameSite(c);
  try {
    assertNotLockedOut(c);
    const form = await formOf(c);
    const token = typeof form.token === "string" ? form.token : "";
    if (!token || !(await secretMatches(token, c.env.ADMIN_TOKEN))) {
      await recordAuthFailure(c);
      return page(401, null, "wrong");
    }
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 429) throw err;
    for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
    return page(429, null, "rate");
  }
  return page(200, await listAudit(c.env.DB, undefined, 100), null);
});
