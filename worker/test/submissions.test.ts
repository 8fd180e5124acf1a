/** POST /api/v1/submissions: idempotency, validation, limits, the server's score (docs/api.md). */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../shared/analyze.ts";
import { campaignAnswer, submissionAnswer, whoamiAnswer } from "../../shared/api/schemas.ts";
import { rubricSchema } from "../../shared/rubric.ts";
import { evaluationInput } from "../../shared/submission.ts";
import app from "../src/index.ts";
import {
  activitiesOnly,
  activityRows,
  admin,
  callJson,
  createBranch,
  createCampaign,
  env,
  type Json,
  landmarkRows,
  newKey,
  project,
  projectRows,
  request,
  submission,
  submit,
  submitOk,
  VIEWER,
} from "./helpers.ts";

const campaign = "sub-2023";
let token = "";

beforeAll(async () => {
  await createCampaign({ id: campaign });
  token = await createBranch("s1", campaign);
});

async function count(sql: string, ...values: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...values)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("a submission", () => {
  it("is re-scored by the server with the shared core and stored with its details", async () => {
    const body = submission({
      campaign,
      branch: "s1",
      projects: projectRows([
        ...Array.from({ length: 12 }, (_, i) => project(i)),
        project(12, { owner: "待定", status: "推进中", progress: "50%" }),
        project(13, { deadline: "2023年3月31日", status: "推进中", progress: "60%" }),
      ]),
      activities: activityRows([90, 80]),
      landmark: landmarkRows(2),
    });
    // The server judges a month that is over as of its last day, whatever the body says.
    const expected = evaluate(evaluationInput(body), {
      asOf: "2023-06-30",
      rubric: rubricSchema.parse({}),
      expectedProjects: 14,
      campaignYear: 2023,
      scoring: { expected: 14 },
    });
    const { status, body: answer, res } = await submit(token, body);
    expect(status).toBe(201);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    expect(answer).toMatchObject({
      branch: "s1",
      period: "2023-06",
      campaign,
      rank: 1,
      tied: false,
      ranked: 1,
    });
    expect(answer.submissionId).toMatch(/^[0-9a-f-]{36}$/);
    // The answers the clients parse fit the one contract (shared/api/schemas.ts).
    expect(submissionAnswer.parse(answer).rank).toBe(1);
    const me = await callJson("/api/v1/whoami", { token });
    expect(whoamiAnswer.parse(me.body)).toMatchObject({ role: "branch", branch: { code: "s1" } });
    const read = await callJson(`/api/v1/campaigns/${campaign}`, { token });
    expect(campaignAnswer.parse(read.body).id).toBe(campaign);
    expect(answer.score).toEqual(expected.score);
    const counts = answer.findings as Json;
    expect(counts.error).toBe(expected.findings.filter((f) => f.severity === "error").length);
    expect(counts.warning).toBe(expected.findings.filter((f) => f.severity === "warning").length);
    expect((counts.codes as Json)["owner.placeholder"]).toBe(1);
    expect((counts.codes as Json)["deadline.overdue"]).toBe(1);

    const latest = await callJson("/api/v1/branches/s1/latest", { token: VIEWER });
    expect(latest.status).toBe(200);
    expect(latest.body.submissionId).toBe(answer.submissionId);
    expect((latest.body.score as Json).total).toBeCloseTo(expected.score.total, 10);
    expect(latest.body.findings).toEqual(expected.findings);
    expect(latest.body.projects).toEqual(expected.projects);
    expect(latest.body.workbook).toEqual(body.workbook);
  });

  it("ignores a client-side score: the stored score is the server's", async () => {
    const token2 = await createBranch("cheat", campaign);
    const honest = submission({
      campaign,
      branch: "cheat",
      projects: projectRows([project(0, { owner: "" })]),
    });
    const cheating = { ...honest, score: { total: 100, stars: 5, byCategory: { model: 80 } }, total: 100 };
    const answer = await submitOk(token2, cheating);
    const score = answer.score as Json;
    expect(score.total).toBeLessThan(100);
    const expected = evaluate(evaluationInput(honest), {
      asOf: "2023-06-30",
      expectedProjects: 14,
      campaignYear: 2023,
      scoring: { expected: 14 },
    });
    expect(score).toEqual(expected.score);
    // One project of the campaign's 14 earns at most its share, 80 / 14, never 80.
    const byCategory = score.byCategory as Record<string, number>;
    expect(
      (byCategory.model ?? 0) + (byCategory.service ?? 0) + (byCategory.vanguard ?? 0),
    ).toBeLessThanOrEqual(80 / 14 + 1e-9);
    const row = await env.DB.prepare("SELECT total FROM submissions WHERE id = ?")
      .bind(answer.submissionId)
      .first<{ total: number }>();
    expect(row?.total).toBe(expected.score.total);
  });
});

describe("idempotency", () => {
  it("the same key twice: one stored row and the identical answer", async () => {
    const body = submission({ campaign, branch: "s1", period: "2023-05" });
    const key = newKey();
    const first = await submit(token, body, key);
    // the same body with its keys in another order and other whitespace is the same body
    const reordered = JSON.parse(JSON.stringify(body, Object.keys(body).sort().reverse()));
    const second = await callJson("/api/v1/submissions", {
      method: "POST",
      token,
      headers: { "Idempotency-Key": key, "Content-Type": "application/json" },
      body: JSON.stringify({ ...reordered, ...body }, null, 2),
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.res.headers.get("Idempotent-Replayed")).toBe("true");
    expect(
      await count("SELECT COUNT(*) AS n FROM submissions WHERE branch = 's1' AND idempotency_key = ?", key),
    ).toBe(1);
  });

  it("the same key with another body is 409, and stores nothing", async () => {
    const key = newKey();
    await submitOk(token, submission({ campaign, branch: "s1", period: "2023-04" }), key);
    const before = await count("SELECT COUNT(*) AS n FROM submissions");
    const other = await submit(
      token,
      submission({ campaign, branch: "s1", period: "2023-04", asOf: "2023-04-29" }),
      key,
    );
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { code: "idempotency_conflict" } });
    expect(await count("SELECT COUNT(*) AS n FROM submissions")).toBe(before);
  });

  it("a key is per branch: two branches may use the same key", async () => {
    const t = await createBranch("s2", campaign);
    const key = newKey();
    await submitOk(token, submission({ campaign, branch: "s1", period: "2023-03" }), key);
    const answer = await submitOk(t, submission({ campaign, branch: "s2", period: "2023-03" }), key);
    expect(answer.branch).toBe("s2");
  });

  it("the same key sent concurrently is stored once; every answer is the first", async () => {
    const key = newKey();
    const body = submission({ campaign, branch: "s1", period: "2023-02" });
    const answers = await Promise.all(Array.from({ length: 8 }, () => submit(token, body, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM submissions WHERE idempotency_key = ?", key)).toBe(1);
  });

  it("50 concurrent submissions with distinct keys: 50 rows, consistent ranks", async () => {
    await createCampaign({ id: "crowd-2023", rubric: activitiesOnly });
    const tokens = await Promise.all(
      Array.from({ length: 50 }, (_, i) => createBranch(`c${String(i).padStart(2, "0")}`, "crowd-2023")),
    );
    // scores 50 … 99 with ties in pairs: 50, 50, 52, 52, …
    const scoreOf = (i: number) => 50 + i - (i % 2);
    const answers = await Promise.all(
      tokens.map((t, i) =>
        submit(
          t,
          submission({
            campaign: "crowd-2023",
            branch: `c${String(i).padStart(2, "0")}`,
            activities: activityRows([scoreOf(i)]),
          }),
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    expect(await count("SELECT COUNT(*) AS n FROM submissions WHERE campaign = 'crowd-2023'")).toBe(50);
    for (const a of answers) {
      expect(a.body.rank).toBeGreaterThanOrEqual(1);
      expect(a.body.rank).toBeLessThanOrEqual(a.body.ranked as number);
    }
    const { body } = await callJson("/api/v1/rankings?campaign=crowd-2023&period=2023-06", { token: VIEWER });
    const rows = body.rows as { rank: number; tied: boolean; score: number; branch: { code: string } }[];
    expect(rows).toHaveLength(50);
    expect(body.missing).toEqual([]);
    // dense: 98/99 → 1, 96/97 → 2, …
    for (const row of rows) {
      const i = Number(row.branch.code.slice(1));
      expect(row.score).toBeCloseTo(scoreOf(i), 9);
      expect(row.rank).toBe((98 - scoreOf(i)) / 2 + 1);
      expect(row.tied).toBe(true);
    }
    // the one that arrived last saw everyone; ranks in answers never exceed the final rank count
    expect(Math.max(...answers.map((a) => a.body.ranked as number))).toBeLessThanOrEqual(50);
  });
});

describe("bad requests are 4xx, never 500", () => {
  const good = () => submission({ campaign, branch: "s1" });

  async function issuesOf(body: unknown) {
    const res = await submit(token, body);
    expect(res.status, res.text).toBe(422);
    const error = res.body.error as { code: string; issues: { path: string; message: string }[] };
    expect(error.code).toBe("validation_failed");
    return error.issues.map((i) => i.path);
  }

  it("wrong types and missing fields name their paths", async () => {
    const body = good() as unknown as Json;
    expect(await issuesOf({ ...body, period: 202306 })).toContain("period");
    const { workbook: _w, ...noWorkbook } = body;
    expect(await issuesOf(noWorkbook)).toContain("workbook");
    const projects = structuredClone(body.projects) as Json[];
    (projects[2] as Json).row = "three";
    ((projects[4] as Json).cells as Json).owner = { cell: "D7", value: { nested: true } };
    const paths = await issuesOf({ ...body, projects });
    expect(paths).toContain("projects.2.row");
    expect(paths).toContain("projects.4.cells.owner.value");
    expect(await issuesOf({ ...body, client: { app: "excel", version: "1" } })).toContain("client.app");
    expect(await issuesOf([])).toEqual([""]);
    expect(await issuesOf("a string")).toEqual([""]);
    expect(await issuesOf(null)).toEqual([""]);
  });

  it("10,000 projects, period 2023-13, a malformed asOf; the body's asOf is kept, never used", async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ sheet: "s", row: i + 1, cells: {} }));
    expect(await issuesOf({ ...good(), projects: many })).toContain("projects");
    expect(await issuesOf({ ...good(), period: "2023-13" })).toContain("period");
    expect(await issuesOf({ ...good(), asOf: "2023-02-30" })).toContain("asOf");
    // Any well-formed asOf is accepted: the server judges June (over) as of June 30.
    for (const asOf of ["2023-05-31", "2023-07-11", "2030-01-01"]) {
      const answer = await submitOk(token, { ...good(), period: "2023-06", asOf });
      expect(answer.asOf).toBe("2023-06-30");
      const row = await env.DB.prepare("SELECT as_of, client_as_of FROM submissions WHERE id = ?")
        .bind(answer.submissionId)
        .first<{ as_of: string; client_as_of: string }>();
      expect(row).toEqual({ as_of: "2023-06-30", client_as_of: asOf });
    }
    // a period outside the campaign's year
    expect(await issuesOf({ ...good(), period: "2024-01", asOf: "2024-01-05" })).toEqual(["period"]);
  });

  it("malformed JSON 400, wrong content type 415, deep nesting 422, no key 400", async () => {
    const headers = { "Idempotency-Key": newKey(), "Content-Type": "application/json" };
    const bad = await callJson("/api/v1/submissions", { method: "POST", token, headers, body: "{not json" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "invalid_json" } });
    const text = await callJson("/api/v1/submissions", {
      method: "POST",
      token,
      headers: { ...headers, "Content-Type": "text/plain" },
      body: JSON.stringify(good()),
    });
    expect(text.status).toBe(415);
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const nested = await callJson("/api/v1/submissions", { method: "POST", token, headers, body: deep });
    expect(nested.status).toBe(422);
    const noKey = await callJson("/api/v1/submissions", { method: "POST", token, json: good() });
    expect(noKey.status).toBe(400);
    expect(noKey.body).toMatchObject({ error: { code: "idempotency_key_missing" } });
    const longKey = await submit(token, good(), "k".repeat(201));
    expect(longKey.status).toBe(400);
    expect((await submit(token, good(), "k".repeat(200))).status).toBe(201);
    const empty = await callJson("/api/v1/submissions", { method: "POST", token, headers });
    expect(empty.status).toBe(400);
  });

  it("a body over 1 MB is 413 in the error shape, with or without Content-Length", async () => {
    const big = { ...good(), workbook: { name: "x".repeat(1024 * 1024), sha256: "a".repeat(64) } };
    const res = await submit(token, big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: "payload_too_large" } });
    const bytes = new TextEncoder().encode(JSON.stringify(big));
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 65536) controller.enqueue(bytes.subarray(i, i + 65536));
        controller.close();
      },
    });
    const chunked = await callJson("/api/v1/submissions", {
      method: "POST",
      token,
      headers: { "Idempotency-Key": newKey(), "Content-Type": "application/json" },
      body: stream,
      // @ts-expect-error: workerd's RequestInit takes duplex for streamed bodies
      duplex: "half",
    });
    expect(chunked.status).toBe(413);
  });

  it("1000-project submissions near 1 MB are accepted and their details stored", async () => {
    const t = await createBranch("big", campaign);
    const specs = Array.from({ length: 1000 }, (_, i) =>
      project(i, {
        owner: i % 2 ? "待定" : "",
        target: "按要求",
        deadline: "尽快",
        status: "说不清",
        progress: "150%",
        name: "重复的项目",
      }),
    );
    const answer = await submitOk(t, submission({ campaign, branch: "big", projects: projectRows(specs) }));
    expect((answer.findings as Json).error).toBeGreaterThanOrEqual(3000);
    const latest = await callJson("/api/v1/branches/big/latest", { token: VIEWER });
    expect((latest.body.projects as unknown[]).length).toBe(1000);

    // Incompressible text in every field that is echoed into findings: D1's 2 MB row cap holds.
    const random = (n: number) => {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      return Array.from(bytes, (b) => String.fromCharCode(33 + (b % 94)))
        .join("")
        .replaceAll("%", "x");
    };
    const noisy = Array.from({ length: 1000 }, (_, i) => ({
      category: random(60),
      name: `${i}${random(60)}`,
      target: random(3),
      owner: "",
      deadline: random(300),
      status: random(60),
      progress: random(60),
      evidence: random(60),
    }));
    const body = submission({ campaign, branch: "big", projects: projectRows(noisy) });
    expect(JSON.stringify(body).length).toBeGreaterThan(900_000);
    expect(JSON.stringify(body).length).toBeLessThan(1024 * 1024);
    const noisyAnswer = await submitOk(t, body);
    const sizes = await env.DB.prepare(
      "SELECT part, length(data) AS n FROM submission_details WHERE submission_id = ?",
    )
      .bind(noisyAnswer.submissionId)
      .all<{ part: string; n: number }>();
    for (const { n } of sizes.results) expect(n).toBeLessThan(1_900_000);
    const again = await callJson("/api/v1/branches/big/latest", { token: VIEWER });
    expect(again.body.submissionId).toBe(noisyAnswer.submissionId);
    expect((again.body.findings as unknown[]).length).toBeGreaterThan(6000);
  });

  it("rate-limited: 429 with Retry-After", async () => {
    const limited = { ...env, RATE_LIMITER: { limit: async () => ({ success: false }) } };
    const ctx = createExecutionContext();
    const req = request("/api/v1/submissions", {
      method: "POST",
      token,
      json: good(),
      headers: { "Idempotency-Key": newKey() },
    });
    const res = await app.fetch(req, limited, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("60");
    expect(await res.json()).toMatchObject({ error: { code: "rate_limited" } });
  });
});

describe("the campaign's rubric", () => {
  it("a rubric change applies to later submissions only", async () => {
    await createCampaign({ id: "rubric-2023" });
    const t1 = await createBranch("r1", "rubric-2023");
    const t2 = await createBranch("r2", "rubric-2023");
    const body = (branch: string) =>
      submission({ campaign: "rubric-2023", branch, activities: activityRows([80]) });
    const before = await submitOk(t1, body("r1"));
    expect((before.score as Json).total).toBeCloseTo(88, 10); // 80 + 8

    const { status, body: updated } = await admin("PUT", "/campaigns/rubric-2023", {
      rubric: { projects: { points: 60 }, activities: { points: 30 } },
    });
    expect(status).toBe(200);
    expect((updated.rubric as Json).landmark).toEqual({ points: 10, items: 4 });

    const after = await submitOk(t2, body("r2"));
    expect((after.score as Json).total).toBeCloseTo(60 + 24, 10);
    expect((after.score as Json).max).toBe(100);
    const history = await callJson("/api/v1/branches/r1/history", { token: VIEWER });
    const june = (history.body.months as Json[]).find((m) => m.period === "2023-06");
    expect(june?.total).toBeCloseTo(88, 10);
    const campaignRead = await callJson("/api/v1/campaigns/rubric-2023", { token: t1 });
    expect(((campaignRead.body.rubric as Json).projects as Json).points).toBe(60);
  });
});
