/**
 * Viewer sessions for the pages (SPEC §5.1): POST /login exchanges the viewer key for an HttpOnly,
 * SameSite=Strict cookie (Secure except on localhost), POST /logout ends it. The server keeps only
 * the SHA-256 of the session id. `loginPage` is the seam where the rankings page's issue renders
 * the real form; until then it is a bare, script-free form.
 */
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { html } from "hono/html";
import { rateLimit, SESSION_COOKIE } from "../auth.ts";
import { randomToken, secretMatches, sha256Hex } from "../crypto.ts";
import { createSession, deleteSession } from "../db/sessions.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";

export const SESSION_TTL_SECONDS = 7 * 24 * 3600;

/** A path on this site (`/rankings?period=2023-06`), never another origin (`//evil`, `/\evil`). */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !/^\/(?![/\\])/.test(next)) return "/rankings";
  // no backslashes or control characters, which browsers may read as another URL
  for (const ch of next)
    if (ch === "\\" || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) return "/rankings";
  return next;
}

function isLocal(c: Context): boolean {
  const host = new URL(c.req.url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** A browser's cross-site form post is refused; clients without Origin/Sec-Fetch-Site (no browser) pass. */
function assertSameSite(c: Context): void {
  const site = c.req.header("Sec-Fetch-Site");
  const origin = c.req.header("Origin");
  if (
    site === "cross-site" ||
    site === "same-site" ||
    (origin && origin !== "null" && origin !== new URL(c.req.url).origin)
  ) {
    throw new ApiError(403, "cross_site", "Sign in from this site's own login page.");
  }
}

export function loginPage(c: Context, status: 200 | 401, next: string) {
  return c.html(
    html`<!doctype html>
<html lang="zh-CN">
  <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>聚星 · 登录</title></head>
  <body>
    <main>
      <h1>聚星点亮 · 排行榜登录</h1>
      ${status === 401 ? html`<p role="alert">查看密钥不正确。The viewer key is not correct.</p>` : ""}
      <form method="post" action="/login">
        <input type="hidden" name="next" value="${next}" />
        <label>查看密钥 Viewer key <input type="password" name="key" autocomplete="current-password" required /></label>
        <button type="submit">登录 Sign in</button>
      </form>
    </main>
  </body>
</html>`,
    status,
  );
}

async function formOf(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      "Send the form as application/x-www-form-urlencoded or multipart/form-data.",
    );
  }
  try {
    return await c.req.parseBody();
  } catch {
    throw new ApiError(400, "invalid_form", "The form could not be read.");
  }
}

export const session = new Hono<AppEnv>();

session.get("/login", (c) => loginPage(c, 200, safeNext(c.req.query("next"))));

session.post("/login", async (c) => {
  assertSameSite(c);
  await rateLimit(c.env, `login:${c.req.header("CF-Connecting-IP") ?? "local"}`);
  const form = await formOf(c);
  const next = safeNext(form.next);
  const key = typeof form.key === "string" ? form.key : "";
  if (!key || !(await secretMatches(key, c.env.VIEWER_KEY))) return loginPage(c, 401, next);
  const id = randomToken("jxs_");
  await createSession(c.env.DB, await sha256Hex(id), new Date(), SESSION_TTL_SECONDS);
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    secure: !isLocal(c),
    sameSite: "Strict",
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
  return c.redirect(next, 303);
});

session.post("/logout", async (c) => {
  assertSameSite(c);
  const id = getCookie(c, SESSION_COOKIE);
  if (id && id.length <= 512) await deleteSession(c.env.DB, await sha256Hex(id));
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: !isLocal(c), httpOnly: true, sameSite: "Strict" });
  return c.redirect("/login", 303);
});
