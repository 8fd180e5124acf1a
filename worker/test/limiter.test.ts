/**
 * Failed authentication is limited per client IP across every way in (finding 1 of issue 17,
 * docs/security.md), and a fuzz run over every route with random bearer tokens: never a 5xx,
 * 429 after 20 failures a minute, and no D1 query at all for a request the limiter refuses.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import app from "../src/index.ts";
import {
  createBranch,
  createCampaign,
  env,
  everyRoute,
  ORIGIN,
  type RouteCase,
  request,
  submission,
  submitOk,
  uncovered,
} from "./helpers.ts";

const CAMPAIGN = "limit-2023";
let token = "";

beforeAll(async () => {
  await createCampaign({ id: CAMPAIGN, year: 2023 });
  token = await createBranch("lim", CAMPAIGN);
  await submitOk(token, submission({ campaign: CAMPAIGN, branch: "lim", period: "2023-05" }));
});

/** env.DB behind a proxy that counts every statement prepared and every batch or exec. */
function countingDb(db: D1Database) {
  const counter = { queries: 0 };
  const proxy = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (prop === "prepare" || prop === "exec") counter.queries += 1;
        return value.apply(target, args);
      };
    },
  });
  return { db: proxy, counter };
}

async function send(req: Request, db: D1Database): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(req, { ...env, DB: db }, ctx);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return res;
}

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=";
function randomToken(): string {
  const prefix = ["", "jxb_", "jxs_", "dev-", "test-"][Math.floor(Math.random() * 5)];
  const length = 1 + Math.floor(Math.random() * 60);
  let out = prefix ?? "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

function guess(route: RouteCase, ip: string, bearer: string): Request {
  return request(route.url, {
    method: route.method,
    redirect: "manual",
    token: bearer,
    headers: { "CF-Connecting-IP": ip },
    ...(route.json === undefined ? {} : { json: route.json }),
  });
}

function login(ip: string, key: string): Request {
  return request("/login", {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, "CF-Connecting-IP": ip },
    body: new URLSearchParams({ key }).toString(),
  });
}

describe("failed authentication per client IP (finding 1)", () => {
  it("150 wrong bearer tokens on whoami, rankings and admin: 20 × 401, then 429 with Retry-After", async () => {
    const { db } = countingDb(env.DB);
    const ip = "203.0.113.1";
    const paths = [
      "/api/v1/whoami",
      `/api/v1/rankings?campaign=${CAMPAIGN}&period=2023-05`,
      "/api/v1/admin/branches",
    ];
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 150; i++) {
      const res = await send(
        guess({ method: "GET", path: "", url: paths[i % 3] ?? "" }, ip, randomToken()),
        db,
      );
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("Retry-After");
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(130).fill(429));
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    // Locked out means locked out: even the right key is refused from there for the minute…
    expect(
      (await send(guess({ method: "GET", path: "", url: "/api/v1/whoami" }, ip, token), db)).status,
    ).toBe(429);
    // …while another address is not affected, and nothing needing no credential is.
    expect(
      (await send(guess({ method: "GET", path: "", url: "/api/v1/whoami" }, "203.0.113.2", token), db))
        .status,
    ).toBe(200);
    expect((await send(request("/healthz", { headers: { "CF-Connecting-IP": ip } }), db)).status).toBe(200);
  });

  it("wrong viewer keys at /login count the same: the 21st answers the sign-in page with 429", async () => {
    const ip = "203.0.113.3";
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await send(login(ip, `guess-${i}`), env.DB)).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));
    // Failures through /login and through bearer tokens share one count.
    const mixed = "203.0.113.4";
    for (let i = 0; i < 10; i++) await send(login(mixed, `guess-${i}`), env.DB);
    const bearer: number[] = [];
    for (let i = 0; i < 12; i++)
      bearer.push(
        (await send(guess({ method: "GET", path: "", url: "/api/v1/whoami" }, mixed, randomToken()), env.DB))
          .status,
      );
    expect(bearer.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(bearer.slice(10)).toEqual([429, 429]);
  });
});

describe("a fuzz run over every route with random bearer tokens", () => {
  it("0 × 5xx, 429 after 20 failures a minute, and no D1 query for a refused request", {
    timeout: 120_000,
  }, async () => {
    const routes = everyRoute({ campaign: CAMPAIGN, branch: "lim", token });
    expect(uncovered(app, routes)).toEqual([]);
    const open = [
      "/healthz",
      "/login",
      "/logout",
      "/",
      "/rankings",
      "/branches/:code",
      "/audit",
      "/events",
      "/events/:id",
      "/events/:id/screen",
      "/judge",
      "/judge/:file",
      "/judge/scores/:branch",
      "/supervision",
      "/review",
      "/assets/:file",
      "/addin/*",
      "/submit",
      "/submit/*",
    ];
    const guarded = routes.filter((r) => !open.includes(r.path));
    const byStatus: Record<number, number> = {};
    let serverErrors = 0;
    let refusedQueries = 0;
    let refused = 0;
    let cases = 0;
    // 30 addresses, each sending 100 guesses: sequentially for the first ten, then 8 at a time.
    for (let a = 0; a < 30; a++) {
      const ip = `198.51.100.${a + 10}`;
      let failures = 0;
      let firstRefusalAfter: number | null = null;
      // The first ten only on API routes that need a credential, where every failure is a 401;
      // the rest on every route (a page turns a bad credential into a redirect to /login).
      const pool = a < 10 ? guarded : routes;
      const one = async () => {
        const route = pool[Math.floor(Math.random() * pool.length)] as RouteCase;
        const { db, counter } = countingDb(env.DB);
        const res = await send(guess(route, ip, randomToken()), db);
        cases += 1;
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        if (res.status >= 500) serverErrors += 1;
        if (res.status === 401) failures += 1;
        if (res.status === 429) {
          refused += 1;
          firstRefusalAfter ??= failures;
          refusedQueries += counter.queries;
          expect(res.headers.get("Retry-After")).toMatch(/^\d+$/);
        }
      };
      if (a < 10) for (let i = 0; i < 100; i++) await one();
      else
        for (let i = 0; i < 100; i += 8) await Promise.all(Array.from({ length: Math.min(8, 100 - i) }, one));
      // Never more than 20 failures are answered as such within the minute; on the API routes
      // exactly 20 are, and the 21st attempt is the first refusal.
      expect(failures, ip).toBeLessThanOrEqual(20);
      if (a < 10) {
        expect(failures, ip).toBe(20);
        expect(firstRefusalAfter, ip).toBe(20);
      }
    }
    console.log(
      `juxing-figure ${JSON.stringify({ suite: "auth-fuzz", cases, refused, refusedQueries, serverErrors, byStatus })}`,
    );
    expect(serverErrors).toBe(0);
    // Routes that ask for no credential (healthz, the sign-in page, static files) answer as usual.
    expect(refused).toBeGreaterThan(30 * 40);
    expect(refusedQueries).toBe(0);
  });
});
