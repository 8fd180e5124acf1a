/** GET /api/v1/rankings, history and latest, on submissions whose server scores are known. */
import { beforeAll, describe, expect, it } from "vitest";
import {
  activitiesOnly,
  activityRows,
  admin,
  call,
  callJson,
  createBranch,
  createCampaign,
  type Json,
  project,
  projectRows,
  submission,
  submitOk,
  VIEWER,
} from "./helpers.ts";

interface Row {
  rank: number;
  tied: boolean;
  branch: { code: string; name: string };
  score: number;
  total: number;
  stars: number;
  byCategory: Record<string, number>;
  previousRank: number | null;
  movement: number | null;
  period: string;
  submittedAt: string;
}

const tokens: Record<string, string> = {};

/** A submission whose total is exactly `score` under the activities-only rubric. */
async function post(campaign: string, branch: string, period: string, score: number): Promise<Json> {
  return submitOk(
    tokens[branch] ?? "",
    submission({ campaign, branch, period, activities: activityRows([score]) }),
  );
}

async function rankings(query: string) {
  const { status, body, res } = await callJson(`/api/v1/rankings?${query}`, { token: VIEWER });
  expect(status, JSON.stringify(body)).toBe(200);
  return { body, rows: body.rows as Row[], res };
}

const pick = (rows: Row[]) =>
  rows.map((r) => [r.branch.code, r.rank, r.tied, Math.round(r.score * 100) / 100]);

beforeAll(async () => {
  await createCampaign({ id: "rank-2023", rubric: activitiesOnly });
  await createCampaign({ id: "comp-2023", rubric: activitiesOnly, ranking: "competition" });
  for (const code of ["ra", "rb", "rc", "rd", "re"])
    tokens[code] = await createBranch(code, "rank-2023", `支部${code}`);
  for (const code of ["ca", "cb", "cc", "cd"]) tokens[code] = await createBranch(code, "comp-2023");
});

describe("ties", () => {
  it("dense (the default): 100, 90, 90, 80 → 1, 2, 2, 3; `missing` lists who has not reported", async () => {
    await post("rank-2023", "rd", "2023-06", 80);
    await post("rank-2023", "rb", "2023-06", 90);
    await post("rank-2023", "ra", "2023-06", 100);
    await post("rank-2023", "rc", "2023-06", 90);
    const { body, rows } = await rankings("campaign=rank-2023&period=2023-06");
    expect(body).toMatchObject({ period: "2023-06", kind: "month", metric: "total", method: "dense" });
    expect(body.campaign).toMatchObject({ id: "rank-2023", year: 2023 });
    expect(pick(rows)).toEqual([
      ["ra", 1, false, 100],
      ["rb", 2, true, 90],
      ["rc", 2, true, 90],
      ["rd", 3, false, 80],
    ]);
    expect(rows[0]?.branch).toEqual({ code: "ra", name: "支部ra" });
    expect(rows[0]?.stars).toBe(5);
    expect(rows[0]?.submittedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(body.missing).toEqual([{ code: "re", name: "支部re" }]);
  });

  it("competition: 1, 2, 2, 4 (campaign setting, or ?method=)", async () => {
    await post("comp-2023", "ca", "2023-06", 100);
    await post("comp-2023", "cb", "2023-06", 90);
    await post("comp-2023", "cc", "2023-06", 90);
    await post("comp-2023", "cd", "2023-06", 80);
    const { body, rows } = await rankings("campaign=comp-2023&period=2023-06");
    expect(body.method).toBe("competition");
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 2, 4]);
    const dense = await rankings("campaign=comp-2023&period=2023-06&method=dense");
    expect(dense.rows.map((r) => r.rank)).toEqual([1, 2, 2, 3]);
    const viaRank = await rankings("campaign=rank-2023&period=2023-06&method=competition");
    expect(viaRank.rows.map((r) => r.rank)).toEqual([1, 2, 2, 4]);
  });

  it("a submission's answer carries its rank for the month", async () => {
    const answer = await post("comp-2023", "cd", "2023-06", 95);
    expect(answer).toMatchObject({ rank: 2, tied: false, ranked: 4, method: "competition" });
    const { rows } = await rankings("campaign=comp-2023&period=2023-06");
    expect(pick(rows)).toEqual([
      ["ca", 1, false, 100],
      ["cd", 2, false, 95],
      ["cb", 3, true, 90],
      ["cc", 3, true, 90],
    ]);
  });
});

describe("periods", () => {
  beforeAll(async () => {
    // ra: Apr 50, May 70 (then a second May: 75) — Q2 takes May's latest, 75.
    await post("rank-2023", "ra", "2023-04", 50);
    await post("rank-2023", "ra", "2023-05", 70);
    await post("rank-2023", "ra", "2023-05", 75);
    // rb: Jun 90 (above) then a late correction of Apr (60): Q2 still takes June, the latest month.
    await post("rank-2023", "rb", "2023-04", 60);
    // rc: only Q1.
    await post("rank-2023", "rc", "2023-02", 40);
    await post("rank-2023", "rc", "2023-03", 65);
    // re: Q1 only, high.
    await post("rank-2023", "re", "2023-01", 99);
  });

  it("a month ranks each branch's latest submission of that month", async () => {
    const { rows, body } = await rankings("campaign=rank-2023&period=2023-05");
    expect(pick(rows)).toEqual([["ra", 1, false, 75]]);
    expect((body.missing as { code: string }[]).map((m) => m.code)).toEqual(["rb", "rc", "rd", "re"]);
  });

  it("a quarter ranks each branch's latest submission in it", async () => {
    const { rows, body } = await rankings("campaign=rank-2023&period=2023-Q2");
    expect(body).toMatchObject({
      kind: "quarter",
      from: "2023-04",
      to: "2023-06",
      previousPeriod: "2023-Q1",
    });
    expect(pick(rows)).toEqual([
      ["ra", 1, false, 100],
      ["rb", 2, true, 90],
      ["rc", 2, true, 90],
      ["rd", 3, false, 80],
    ]);
    expect(rows.map((r) => r.period)).toEqual(["2023-06", "2023-06", "2023-06", "2023-06"]);
    const q1 = await rankings("campaign=rank-2023&period=2023-Q1");
    expect(pick(q1.rows)).toEqual([
      ["re", 1, false, 99],
      ["rc", 2, false, 65],
    ]);
  });

  it("a year ranks each branch's latest submission in it", async () => {
    const { rows, body } = await rankings("campaign=rank-2023&period=2023");
    expect(body.kind).toBe("year");
    expect(pick(rows)).toEqual([
      ["ra", 1, false, 100],
      ["re", 2, false, 99],
      ["rb", 3, true, 90],
      ["rc", 3, true, 90],
      ["rd", 4, false, 80],
    ]);
    expect(body.missing).toEqual([]);
  });

  it("movement compares with the previous period of the same kind", async () => {
    const june = await rankings("campaign=rank-2023&period=2023-06");
    // May: only ra (rank 1). June: ra 1.
    expect(june.rows.map((r) => [r.branch.code, r.previousRank, r.movement])).toEqual([
      ["ra", 1, 0],
      ["rb", null, null],
      ["rc", null, null],
      ["rd", null, null],
    ]);
    const q2 = await rankings("campaign=rank-2023&period=2023-Q2");
    // Q1: re 1, rc 2. Q2: rc 2 → movement 0; ra, rb, rd unranked in Q1.
    expect(q2.rows.map((r) => [r.branch.code, r.previousRank, r.movement])).toEqual([
      ["ra", null, null],
      ["rb", null, null],
      ["rc", 2, 0],
      ["rd", null, null],
    ]);
    const march = await rankings("campaign=rank-2023&period=2023-03");
    expect(march.rows.map((r) => [r.branch.code, r.previousRank, r.movement])).toEqual([["rc", 1, 0]]);
    const jan = await rankings("campaign=rank-2023&period=2023-01");
    expect(jan.body.previousPeriod).toBe("2022-12");
    expect(jan.rows[0]?.movement).toBeNull();
  });

  it("movement is positive when a branch climbs", async () => {
    await createCampaign({ id: "move-2023", rubric: activitiesOnly });
    for (const code of ["ma", "mb", "mc"]) tokens[code] = await createBranch(code, "move-2023");
    await post("move-2023", "ma", "2023-01", 90);
    await post("move-2023", "mb", "2023-01", 80);
    await post("move-2023", "mc", "2023-01", 70);
    await post("move-2023", "ma", "2023-02", 60);
    await post("move-2023", "mb", "2023-02", 80);
    await post("move-2023", "mc", "2023-02", 85);
    const { rows } = await rankings("campaign=move-2023&period=2023-02");
    expect(rows.map((r) => [r.branch.code, r.rank, r.previousRank, r.movement])).toEqual([
      ["mc", 1, 3, 2],
      ["mb", 2, 2, 0],
      ["ma", 3, 1, -2],
    ]);
  });

  it("a disabled branch leaves the rankings and the missing list", async () => {
    await admin("POST", "/branches/mc/disable");
    const { rows, body } = await rankings("campaign=move-2023&period=2023-02");
    expect(rows.map((r) => r.branch.code)).toEqual(["mb", "ma"]);
    expect(body.missing).toEqual([]);
    await admin("POST", "/branches/mc/enable");
    expect((await rankings("campaign=move-2023&period=2023-02")).rows).toHaveLength(3);
  });
});

describe("metrics", () => {
  it("ranks by one star: score is that category's points", async () => {
    await createCampaign({ id: "star-2023" });
    tokens.sa = await createBranch("sa", "star-2023");
    tokens.sb = await createBranch("sb", "star-2023");
    // sa: model projects weak, vanguard strong; sb: the reverse.
    const weak = { status: "未启动", progress: "0%" };
    const build = (weakStar: number) =>
      projectRows(Array.from({ length: 6 }, (_, i) => project(i, i % 3 === weakStar ? weak : {})));
    await submitOk(tokens.sa, submission({ campaign: "star-2023", branch: "sa", projects: build(0) }));
    await submitOk(tokens.sb, submission({ campaign: "star-2023", branch: "sb", projects: build(2) }));
    const model = await rankings("campaign=star-2023&period=2023-06&metric=model");
    expect(model.body.metric).toBe("model");
    expect(model.rows.map((r) => r.branch.code)).toEqual(["sb", "sa"]);
    expect(model.rows[0]?.score).toBe(model.rows[0]?.byCategory.model);
    const vanguard = await rankings("campaign=star-2023&period=2023-06&metric=vanguard");
    expect(vanguard.rows.map((r) => r.branch.code)).toEqual(["sa", "sb"]);
    const total = await rankings("campaign=star-2023&period=2023-06");
    expect(total.rows.map((r) => r.rank)).toEqual([1, 1]);
    expect(total.rows[0]?.score).toBeCloseTo(total.rows[0]?.total ?? -1, 10);
  });
});

describe("the answer", () => {
  it("has a weak ETag, answers 304 to If-None-Match, and may be cached privately", async () => {
    const { res, body } = await rankings("campaign=rank-2023&period=2023-06");
    const etag = res.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    expect(res.headers.get("Cache-Control")).toBe("private, max-age=30");
    const again = await call("/api/v1/rankings?campaign=rank-2023&period=2023-06", {
      token: VIEWER,
      headers: { "If-None-Match": etag },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    expect(await again.text()).toBe("");
    // a new submission changes the answer and its ETag at once
    await post("rank-2023", "re", "2023-06", 10);
    const changed = await call("/api/v1/rankings?campaign=rank-2023&period=2023-06", {
      token: VIEWER,
      headers: { "If-None-Match": etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(etag);
    expect(((await changed.json()) as Json).rows).toHaveLength((body.rows as unknown[]).length + 1);
  });

  it("bad queries are 400, a malformed period 422 and an unknown campaign 404", async () => {
    for (const q of [
      "campaign=rank-2023",
      "period=2023-06",
      "campaign=rank-2023&period=2023-06&metric=score",
      "campaign=rank-2023&period=2023-06&method=olympic",
      "campaign=../x&period=2023",
    ]) {
      const { status, body } = await callJson(`/api/v1/rankings?${q}`, { token: VIEWER });
      expect(status, q).toBe(400);
      expect(body, q).toMatchObject({ error: { code: "invalid_query" } });
    }
    for (const period of ["2023-13", "2023-Q5", "23-06", "2023-6"]) {
      const { status, body } = await callJson(`/api/v1/rankings?campaign=rank-2023&period=${period}`, {
        token: VIEWER,
      });
      expect(status, period).toBe(422);
      expect(body, period).toMatchObject({ error: { code: "period_invalid" } });
    }
    const { status, body } = await callJson("/api/v1/rankings?campaign=nope-2023&period=2023", {
      token: VIEWER,
    });
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: "campaign_not_found" } });
  });
});

describe("a branch's history and latest submission", () => {
  it("history: the latest score of each month of the campaign year", async () => {
    const { status, body } = await callJson("/api/v1/branches/ra/history", { token: VIEWER });
    expect(status).toBe(200);
    expect(body.branch).toEqual({ code: "ra", name: "支部ra" });
    const months = body.months as {
      period: string;
      total: number | null;
      byCategory: Json | null;
      stars: number | null;
    }[];
    expect(months.map((m) => m.period)).toEqual([
      "2023-01",
      "2023-02",
      "2023-03",
      "2023-04",
      "2023-05",
      "2023-06",
      "2023-07",
      "2023-08",
      "2023-09",
      "2023-10",
      "2023-11",
      "2023-12",
    ]);
    expect(months.map((m) => (m.total === null ? null : Math.round(m.total)))).toEqual([
      null,
      null,
      null,
      50,
      75,
      100,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(months[5]?.byCategory).toMatchObject({ activities: 100, model: 0 });
    expect(months[5]?.stars).toBe(5);
  });

  it("latest: the last submission's projects and findings, per month or overall", async () => {
    const overall = await callJson("/api/v1/branches/rb/latest", { token: VIEWER });
    expect(overall.status).toBe(200);
    expect(overall.body.period).toBe("2023-06");
    expect((overall.body.projects as unknown[]).length).toBe(14);
    expect(Array.isArray(overall.body.findings)).toBe(true);
    const april = await callJson("/api/v1/branches/rb/latest?period=2023-04", { token: VIEWER });
    expect(april.body.period).toBe("2023-04");
    expect(Math.round((april.body.score as Json).total as number)).toBe(60);
    expect((await call("/api/v1/branches/rb/latest?period=2023-09", { token: VIEWER })).status).toBe(404);
    expect((await call("/api/v1/branches/nobody/latest", { token: VIEWER })).status).toBe(404);
    expect((await call("/api/v1/branches/rb/latest?period=2023-13", { token: VIEWER })).status).toBe(422);
  });
});
