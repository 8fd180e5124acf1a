/**
 * Security headers on every response (hono/secure-headers), CORS where the task pane calls.
 *
 * Pages and the API: a CSP without inline script, no framing at all. The task pane (`/addin/*`)
 * must load inside Excel's frame on Office's hosts, so there frame-ancestors names them, there is
 * no X-Frame-Options, and its files may be embedded cross-origin (the ribbon icons). The pane may
 * send to its own origin and to the servers a deployment lists in PANE_SERVERS (connect-src); a
 * server set in Settings outside that list is refused there, with the reason (addin/src/server-check.ts).
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./env.ts";

export const officeHosts = [
  "https://*.officeapps.live.com",
  "https://*.office.com",
  "https://*.microsoft365.com",
  "https://*.sharepoint.com",
  "https://*.cloud.microsoft",
  // Excel on the web for personal Microsoft accounts opens workbooks inside OneDrive's page.
  "https://onedrive.live.com",
  // Office 365 operated by 21Vianet (世纪互联), where county government tenants in China live.
  "https://*.officewebapps.cn",
  "https://*.partner.officewebapps.cn",
  "https://*.sharepoint.cn",
];

/**
 * PANE_SERVERS as CSP sources: https origins only (anything else in the list is dropped), so a
 * typo can never open connect-src to everything.
 */
export function paneServers(value: string | undefined): string[] {
  const origins: string[] = [];
  for (const part of (value ?? "").split(/[\s,]+/)) {
    if (!part) continue;
    try {
      const url = new URL(part);
      if (url.protocol === "https:" && !url.username && !url.password) origins.push(url.origin);
    } catch {
      // not a URL: left out
    }
  }
  return origins;
}

const policy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "https://appsforoffice.microsoft.com"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

const hsts = "max-age=31536000; includeSubDomains";

const siteHeaders = secureHeaders({
  contentSecurityPolicy: { ...policy, frameAncestors: ["'none'"] },
  xFrameOptions: "DENY",
  referrerPolicy: "strict-origin-when-cross-origin",
  strictTransportSecurity: hsts,
});

const addinHeaders = secureHeaders({
  contentSecurityPolicy: {
    ...policy,
    frameAncestors: ["'self'", ...officeHosts],
    connectSrc: ["'self'", (c) => paneServers((c.env as AppEnv["Bindings"]).PANE_SERVERS).join(" ")],
  },
  xFrameOptions: false,
  crossOriginResourcePolicy: "cross-origin",
  crossOriginOpenerPolicy: false,
  referrerPolicy: "strict-origin-when-cross-origin",
  strictTransportSecurity: hsts,
});

export const securityHeaders: MiddlewareHandler<AppEnv> = (c, next) =>
  c.req.path.startsWith("/addin/") || c.req.path === "/addin" ? addinHeaders(c, next) : siteHeaders(c, next);

/**
 * The task pane sends bearer tokens, never cookies, so any origin may call these routes without
 * credentials mode (the pane may be served from a dev server or another host).
 */
export const taskPaneCors = cors({
  origin: "*",
  allowMethods: ["GET", "POST", "OPTIONS"],
  allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"],
  exposeHeaders: ["ETag", "Retry-After", "Idempotent-Replayed"],
  maxAge: 600,
});

/** Paths the task pane calls (everything else is same-origin only). */
export const corsPaths = [
  "/api/v1/submissions",
  "/api/v1/campaigns/:id",
  "/api/v1/rankings",
  "/api/v1/whoami",
] as const;

/**
 * `Cache-Control: no-store` on every answer that does not choose its own (docs/security.md):
 * tokens (branch create, rotate-token), who a token is, a branch's submissions, the campaign
 * list, every error. The routes that do choose are the rankings (`private, max-age=30` with an
 * ETag: the same table for every reader, never in a shared cache), the pages and static files.
 */
export const noStoreByDefault: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
};
