/** Requests to the Worker under test, and submission bodies built as the core's source rows. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { Submission } from "../../shared/submission.ts";
import app from "../src/index.ts";

export const ADMIN = "test-admin";
export const VIEWER = "test-viewer";
export const ORIGIN = "https://juxing.example";

export type Json = Record<string, unknown>;

/**
 * The client address Cloudflare would report. Each test file gets its own, so the per-IP limit on
 * failed authentication (docs/security.md) counts one file's deliberate failures only.
 */
export const CLIENT_IP = `2001:db8::${Array.from(crypto.getRandomValues(new Uint16Array(3)), (n) => n.toString(16)).join(":")}`;

export function request(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Request {
  const headers = new Headers(init.headers);
  if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", CLIENT_IP);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  }
  return new Request(`${ORIGIN}${path}`, { ...init, headers, body });
}

export function call(
  path: string,
  init: RequestInit & { token?: string; json?: unknown } = {},
): Promise<Response> {
  return exports.default.fetch(request(path, init));
}

export async function callJson(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const res = await call(path, init);
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text) as Json;
  } catch {
    // not JSON: keep {}
  }
  return { res, status: res.status, body, text };
}

export function admin(method: string, path: string, json?: unknown) {
  return callJson(`/api/v1/admin${path}`, { method, token: ADMIN, ...(json === undefined ? {} : { json }) });
}

/**
 * A 2023 campaign run the way campaigns were before verification and honest timing: claims taken
 * at their word, the workbook's own activity scores, every month open — what the tests of
 * submissions, rankings and pages are about. Tests of reviews and timing pass the settings they
 * exercise (or `newCampaign` for the defaults a campaign created today gets).
 */
export async function createCampaign(body: Json): Promise<Json> {
  return newCampaign({ acceptance: "self", activities: "self", windowDays: null, ...body });
}

/** A campaign as the office creates one today: the API's defaults for anything not in `body`. */
export async function newCampaign(body: Json): Promise<Json> {
  const { status, body: created } = await admin("POST", "/campaigns", {
    name: "测试活动",
    year: 2023,
    ...body,
  });
  if (status !== 201) throw new Error(`campaign: ${status} ${JSON.stringify(created)}`);
  return created;
}

/** Creates a branch and returns its token. */
export async function createBranch(code: string, campaign: string, name = `${code} 党支部`): Promise<string> {
  const { status, body } = await admin("POST", "/branches", { code, name, campaign });
  if (status !== 201) throw new Error(`branch ${code}: ${status} ${JSON.stringify(body)}`);
  return body.token as string;
}

export interface ProjectSpec {
  category?: string;
  name?: string;
  target?: string;
  owner?: string;
  deadline?: string;
  status?: string;
  progress?: string | number;
  evidence?: string;
}

const stars = ["创建“模范星”", "选树“服务星”", "锻造“先锋星”"];

/** A clear, accepted project with evidence: it earns its full share. */
export function project(i: number, spec: ProjectSpec = {}): ProjectSpec {
  return {
    category: stars[i % 3],
    name: `项目${i + 1}：开展主题党日活动`,
    target: "全年开展主题党日活动12次，覆盖全体党员",
    owner: `张${i + 1}`,
    deadline: "2023年12月31日",
    status: "已验收",
    progress: "100%",
    evidence: `佐证材料${i + 1}.pdf`,
    ...spec,
  };
}

const columns: [keyof ProjectSpec, string][] = [
  ["category", "A"],
  ["name", "B"],
  ["target", "C"],
  ["owner", "D"],
  ["deadline", "E"],
  ["status", "F"],
  ["progress", "G"],
  ["evidence", "H"],
];

export function projectRows(specs: ProjectSpec[]): Submission["projects"] {
  return specs.map((spec, i) => {
    const row = i + 3;
    const cells: Record<string, { cell: string; value: string | number }> = {};
    for (const [field, col] of columns) {
      const value = spec[field];
      if (value !== undefined) cells[field] = { cell: `${col}${row}`, value };
    }
    return { sheet: "重点任务清单", row, cells } as Submission["projects"][number];
  });
}

/** Activity rows scored `scores` (dated early in the campaign year). */
export function activityRows(scores: number[], year = 2023): Submission["activities"] {
  return scores.map((score, i) => ({
    sheet: "亮晒比评",
    row: i + 2,
    cells: {
      date: { cell: `A${i + 2}`, value: `${year}-01-${String(10 + i).padStart(2, "0")}` },
      activity: { cell: `B${i + 2}`, value: "模范机关大比拼" },
      score: { cell: `D${i + 2}`, value: score },
    },
  }));
}

export function landmarkRows(done: number): Submission["landmark"] {
  return ["一个品牌", "一套标准制度", "一份经验材料", "一个现场讲解点"].map((standard, i) => ({
    sheet: "红地标",
    row: i + 2,
    cells: {
      standard: { cell: `A${i + 2}`, value: standard },
      status: { cell: `B${i + 2}`, value: i < done ? "已完成" : "推进中" },
      evidence: { cell: `C${i + 2}`, value: i < done ? "照片.jpg" : null },
    },
  }));
}

export function submission(over: Partial<Submission> & { campaign: string; branch: string }): Submission {
  const period = over.period ?? "2023-06";
  return {
    period,
    asOf: `${period}-28`,
    workbook: { name: "重点任务清单.xlsx", sha256: "a".repeat(64) },
    projects: projectRows(Array.from({ length: 14 }, (_, i) => project(i))),
    activities: [],
    landmark: [],
    client: { app: "cli", version: "0.1.0" },
    ...over,
  };
}

let keys = 0;
export function newKey(): string {
  keys += 1;
  return `key-${keys}-${crypto.randomUUID()}`;
}

export function submit(token: string, body: unknown, key: string = newKey()) {
  return callJson("/api/v1/submissions", {
    method: "POST",
    token,
    json: body,
    headers: { "Idempotency-Key": key },
  });
}

export async function submitOk(token: string, body: unknown, key?: string): Promise<Json> {
  const { status, body: answer } = await submit(token, body, key);
  if (status !== 201) throw new Error(`submit: ${status} ${JSON.stringify(answer)}`);
  return answer;
}

/** A rubric where the total is exactly the mean activity score: hand-built scores for ranking tests. */
export const activitiesOnly = {
  projects: { points: 0 },
  activities: { points: 100 },
  landmark: { points: 0 },
};

export { env };

export interface RouteCase {
  method: string;
  /** The route's pattern as Hono lists it. */
  path: string;
  url: string;
  token?: string;
  json?: unknown;
}

/**
 * One request per route of the app, with the credential it needs (`token` for a branch's own
 * routes, ADMIN for the office's, none for the rest); `uncovered` names any route missing here.
 */
export function everyRoute(ctx: { campaign: string; branch: string; token: string }): RouteCase[] {
  const { campaign, branch, token } = ctx;
  const scratch = `${campaign}-x`;
  return [
    { method: "GET", path: "/healthz", url: "/healthz" },
    { method: "POST", path: "/api/v1/submissions", url: "/api/v1/submissions", token, json: {} },
    {
      method: "GET",
      path: "/api/v1/rankings.csv",
      url: `/api/v1/rankings.csv?campaign=${campaign}&period=2023-05`,
    },
    { method: "GET", path: "/api/v1/rankings", url: `/api/v1/rankings?campaign=${campaign}&period=2023-05` },
    { method: "GET", path: "/api/v1/campaigns", url: "/api/v1/campaigns" },
    { method: "GET", path: "/api/v1/campaigns/:id", url: `/api/v1/campaigns/${campaign}` },
    { method: "GET", path: "/api/v1/branches/:code/history", url: `/api/v1/branches/${branch}/history` },
    { method: "GET", path: "/api/v1/branches/:code/latest", url: `/api/v1/branches/${branch}/latest` },
    {
      method: "GET",
      path: "/api/v1/branches/:code/calendar.ics",
      url: `/api/v1/branches/${branch}/calendar.ics`,
    },
    {
      method: "GET",
      path: "/api/v1/admin/branches/:code/calendar-link",
      url: `/api/v1/admin/branches/${branch}/calendar-link`,
      token: ADMIN,
    },
    {
      method: "POST",
      path: "/api/v1/admin/campaigns",
      url: "/api/v1/admin/campaigns",
      token: ADMIN,
      json: { id: scratch, name: "c", year: 2023 },
    },
    {
      method: "PUT",
      path: "/api/v1/admin/campaigns/:id",
      url: `/api/v1/admin/campaigns/${scratch}`,
      token: ADMIN,
      json: { name: "c2" },
    },
    { method: "GET", path: "/api/v1/admin/branches", url: "/api/v1/admin/branches", token: ADMIN },
    {
      method: "POST",
      path: "/api/v1/admin/branches",
      url: "/api/v1/admin/branches",
      token: ADMIN,
      json: { code: `${branch}x`, name: "c", campaign: scratch },
    },
    ...["token", "disable", "enable"].map((verb) => ({
      method: "POST",
      path: `/api/v1/admin/branches/:code/${verb}`,
      url: `/api/v1/admin/branches/${branch}x/${verb}`,
      token: ADMIN,
    })),
    {
      method: "POST",
      path: "/api/v1/admin/sessions/revoke",
      url: "/api/v1/admin/sessions/revoke",
      token: ADMIN,
    },
    { method: "GET", path: "/api/v1/admin/audit", url: "/api/v1/admin/audit", token: ADMIN },
    {
      method: "GET",
      path: "/api/v1/admin/export",
      url: "/api/v1/admin/export?table=campaigns",
      token: ADMIN,
    },
    {
      method: "POST",
      path: "/api/v1/admin/import",
      url: "/api/v1/admin/import",
      token: ADMIN,
      json: { table: "campaigns", rows: [] },
    },
    {
      method: "POST",
      path: "/api/v1/admin/events",
      url: "/api/v1/admin/events",
      token: ADMIN,
      json: { campaign, name: "模范机关大比拼", period: "2023-05", date: "2023-05-20" },
    },
    ...["close", "reopen", "judges"].map((verb) => ({
      method: "POST",
      path: `/api/v1/admin/events/:id/${verb}`,
      url: `/api/v1/admin/events/1/${verb}`,
      token: ADMIN,
      ...(verb === "judges" ? { json: { name: "评委" } } : {}),
    })),
    {
      method: "POST",
      path: "/api/v1/admin/judges/:id/disable",
      url: "/api/v1/admin/judges/999999/disable",
      token: ADMIN,
    },
    { method: "GET", path: "/api/v1/events", url: `/api/v1/events?campaign=${campaign}` },
    { method: "GET", path: "/api/v1/events/:id", url: "/api/v1/events/1" },
    {
      method: "PUT",
      path: "/api/v1/events/:id/scores/:branch",
      url: `/api/v1/events/1/scores/${branch}`,
      json: { score: 90 },
    },
    // 督办 channels: an empty body (422) sets none, so the test send finds none to try (404).
    ...(["branches/:code", "campaigns/:id"] as const).flatMap((target) => {
      const url = `/api/v1/admin/${target === "branches/:code" ? `branches/${branch}` : `campaigns/${campaign}`}/notify`;
      const path = `/api/v1/admin/${target}/notify`;
      return [
        { method: "PUT", path, url, token: ADMIN, json: {} },
        { method: "GET", path, url, token: ADMIN },
        { method: "DELETE", path, url, token: ADMIN },
        { method: "POST", path: `${path}/test`, url: `${url}/test`, token: ADMIN },
      ];
    }),
    { method: "POST", path: "/api/v1/admin/notify/run", url: "/api/v1/admin/notify/run", token: ADMIN },
    {
      method: "GET",
      path: "/api/v1/reviews",
      url: `/api/v1/reviews?campaign=${campaign}&period=2023-05`,
    },
    { method: "POST", path: "/api/v1/reviews", url: "/api/v1/reviews", json: {} },
    {
      method: "GET",
      path: "/api/v1/admin/reviewers",
      url: `/api/v1/admin/reviewers?campaign=${campaign}`,
      token: ADMIN,
    },
    {
      method: "POST",
      path: "/api/v1/admin/reviewers",
      url: "/api/v1/admin/reviewers",
      token: ADMIN,
      json: { campaign: scratch, name: "r" },
    },
    {
      method: "POST",
      path: "/api/v1/admin/reviewers/:id/disable",
      url: "/api/v1/admin/reviewers/rv-none/disable",
      token: ADMIN,
    },
    {
      method: "POST",
      path: "/api/v1/admin/reopen",
      url: "/api/v1/admin/reopen",
      token: ADMIN,
      json: { campaign, branch, period: "2023-05", until: "2023-12-31" },
    },
    { method: "GET", path: "/api/v1/whoami", url: "/api/v1/whoami", token },
    { method: "GET", path: "/review", url: "/review" },
    { method: "POST", path: "/review", url: "/review" },
    { method: "GET", path: "/login", url: "/login" },
    { method: "POST", path: "/login", url: "/login" },
    { method: "POST", path: "/logout", url: "/logout" },
    { method: "GET", path: "/", url: "/" },
    { method: "GET", path: "/rankings", url: "/rankings" },
    { method: "GET", path: "/branches/:code", url: `/branches/${branch}` },
    { method: "GET", path: "/audit", url: "/audit" },
    { method: "GET", path: "/events", url: "/events" },
    { method: "GET", path: "/events/:id", url: "/events/1" },
    { method: "GET", path: "/events/:id/screen", url: "/events/1/screen" },
    { method: "GET", path: "/judge", url: "/judge" },
    { method: "GET", path: "/judge/:file", url: "/judge/script.0.js" },
    { method: "POST", path: "/judge/scores/:branch", url: `/judge/scores/${branch}` },
    { method: "GET", path: "/supervision", url: `/supervision?campaign=${campaign}` },
    { method: "GET", path: "/supervision.csv", url: `/supervision.csv?campaign=${campaign}` },
    { method: "POST", path: "/audit", url: "/audit" },
    { method: "GET", path: "/assets/:file", url: "/assets/site.css" },
    { method: "GET", path: "/addin/*", url: "/addin/taskpane.html" },
    { method: "GET", path: "/submit", url: "/submit" },
    { method: "GET", path: "/submit/*", url: "/submit/submit.js" },
  ];
}

interface Routed {
  routes: { method: string; path: string }[];
}

/** `METHOD /pattern` of every route the app serves (middleware left out). */
export function appRoutes(app: Routed): Set<string> {
  return new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
}

export function uncovered(app: Routed, cases: RouteCase[]): string[] {
  const covered = new Set(cases.map((w) => `${w.method} ${w.path}`));
  return [...appRoutes(app)].filter((r) => !covered.has(r));
}

/** The Worker under other bindings (a rotated key, public mode, a counting database). */
export async function withEnv(req: Request, overrides: Partial<typeof env>): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(req, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Signs in with the viewer key; the session cookie as `name=value`. */
export async function signIn(): Promise<string> {
  const res = await call("/login", {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
    body: new URLSearchParams({ key: VIEWER }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
}
