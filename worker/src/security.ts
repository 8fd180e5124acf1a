/**
 * Security headers on every response (hono/secure-headers), CORS where the task pane calls.
 *
 * Pages and the API: a CSP without inline script, no framing at all. The task pane (`/addin/*`)
 * must load inside Excel's frame on Office's hosts, so there frame-ancestors names them, there is
 * no X-Frame-Options, and its files may be embedded cross-origin (the ribbon icons).
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
];

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
  contentSecurityPolicy: { ...policy, frameAncestors: ["'self'", ...officeHosts] },
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
