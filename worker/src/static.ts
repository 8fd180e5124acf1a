/** Built files (dist/public) through the ASSETS binding, with headers the Worker can still set. */
import type { Context } from "hono";
import type { AppEnv } from "./env.ts";
import { notFound } from "./errors.ts";

export async function serveAsset(c: Context<AppEnv>): Promise<Response> {
  if (!c.env.ASSETS) return notFound(c);
  const res = await c.env.ASSETS.fetch(c.req.raw);
  if (res.status === 404) return notFound(c);
  // Responses from a binding have immutable headers; copy so the security headers can be added.
  return new Response(res.body, res);
}

/** GET /submit — the branches' browser page (built into dist/public/submit by npm run build). */
export async function serveSubmitPage(c: Context<AppEnv>): Promise<Response> {
  if (!c.env.ASSETS) return notFound(c);
  const res = await c.env.ASSETS.fetch(new Request(new URL("/submit/submit.html", c.req.url)));
  if (res.status === 404) return notFound(c);
  return new Response(res.body, res);
}
