/**
 * Sessions for the pages (docs/roles.md): POST /login exchanges the viewer key — or a reviewer's
 * own token (roles.ts) — for an HttpOnly, SameSite=Strict cookie (Secure except on localhost),
 * POST /logout ends it. The server keeps only a keyed hash of the session id, bound to the secret
 * that opened it. The sign-in page itself is pages/layout.tsx's LoginPage.
 */
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { rateLimit, SESSION_COOKIE, viewerSessionHash } from "../auth.ts";
import { randomToken, secretMatches } from "../crypto.ts";
import { createSession, deleteSession } from "../db/sessions.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { assertNotLockedOut, clientIp, recordAuthFailure } from "../limiter.ts";
import { langOf, t } from "../pages/i18n.ts";
import { LoginPage } from "../pages/layout.tsx";
import {
  checkMemberToken,
  createMemberSession,
  endMemberSession,
  roleOfSession,
  roleOfToken,
} from "../roles.ts";
import { pageViewer, sendPage } from "./pages.ts";

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
export function assertSameSite(c: Context): void {
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

/** The sign-in page (GET, a wrong key 401, a refused post 403/429), in the visitor's language. */
export function loginPage(
  c: Context<AppEnv>,
  status: 200 | 401 | 403 | 429,
  next: string,
  error: "wrong" | "rate" | "cross" | null = status === 401 ? "wrong" : null,
) {
  const lang = langOf(c);
  const href = new URLSearchParams({ next, lang: t(lang).switchLang });
  return sendPage(
    c,
    LoginPage({
      lang,
      title: t(lang).signIn,
      langHref: `/login?${href}`,
      signedIn: false,
      next,
      error,
    }),
    status,
    "no-store",
  );
}

export async function formOf(c: Context): Promise<Record<string, unknown>> {
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

/** A refused sign-in (cross-site 403, too many attempts 429) as the sign-in page saying why. */
function refusedLogin(c: Context<AppEnv>, err: unknown, next: string) {
  if (!(err instanceof ApiError) || (err.status !== 403 && err.status !== 429)) throw err;
  for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
  return loginPage(c, err.status, next, err.status === 429 ? "rate" : "cross");
}

export const session = new Hono<AppEnv>();

session.get("/login", async (c) => {
  const next = safeNext(c.req.query("next"));
  // Nothing to sign in to: the rankings are public, or this browser already has a session.
  const viewer = await pageViewer(c);
  if (
    (viewer?.kind === "viewer" && viewer.via !== "key") ||
    (viewer?.kind === "reviewer" && viewer.via === "session")
  )
    return c.redirect(next, 303);
  return loginPage(c, 200, next);
});

session.post("/login", async (c) => {
  try {
    assertSameSite(c);
    assertNotLockedOut(c);
    await rateLimit(c.env, `login:${clientIp(c)}`);
  } catch (err) {
    return refusedLogin(c, err, "/rankings");
  }
  const form = await formOf(c);
  const next = safeNext(form.next);
  const key = typeof form.key === "string" ? form.key.trim() : "";
  // A reviewer's or judge's token (roles.ts) opens a session bound to it.
  const role = roleOfToken(key);
  if (role) {
    const check = await checkMemberToken(c.env.DB, role, key);
    if (check.ok) {
      const cookie = await createMemberSession(c.env.DB, role, check.member, SESSION_TTL_SECONDS);
      setSessionCookie(c, cookie);
      // A judge always lands on /judge; a reviewer signs in to review: the rankings' default
      // destination becomes the queue.
      return c.redirect(role.landing ?? (form.next === undefined ? "/review" : next), 303);
    }
  }
  if (!key || role || !(await secretMatches(key, c.env.VIEWER_KEY))) {
    try {
      await recordAuthFailure(c);
    } catch (err) {
      return refusedLogin(c, err, next);
    }
    return loginPage(c, 401, next);
  }
  const id = randomToken("jxs_");
  const hash = await viewerSessionHash(c.env, id);
  if (!hash) return loginPage(c, 401, next);
  await createSession(c.env.DB, hash, new Date(), SESSION_TTL_SECONDS);
  setSessionCookie(c, id);
  return c.redirect(next, 303);
});

function setSessionCookie(c: Context, value: string): void {
  setCookie(c, SESSION_COOKIE, value, {
    httpOnly: true,
    secure: !isLocal(c),
    sameSite: "Strict",
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
}

session.post("/logout", async (c) => {
  assertSameSite(c);
  const id = getCookie(c, SESSION_COOKIE);
  const role = id ? roleOfSession(id) : null;
  if (id && role) await endMemberSession(c.env.DB, role, id);
  const hash = id && !role ? await viewerSessionHash(c.env, id) : null;
  if (hash) await deleteSession(c.env.DB, hash);
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: !isLocal(c), httpOnly: true, sameSite: "Strict" });
  return c.redirect("/login", 303);
});
