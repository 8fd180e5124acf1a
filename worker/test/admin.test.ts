/** The admin API: campaigns (rubric validated by zod, stored fully defaulted) and branches. */
import { describe, expect, it } from "vitest";
import { defaultRubric } from "../../shared/rubric.ts";
import { admin, call, callJson, createBranch, type Json, VIEWER } from "./helpers.ts";

describe("campaigns", () => {
  it("create: 201 with defaults filled in; the same id again is 409", async () => {
    const { status, body } = await admin("POST", "/campaigns", {
      id: "adm-2023",
      name: "聚星 2023",
      year: 2023,
    });
    expect(status).toBe(201);
    expect(body).toEqual({
      id: "adm-2023",
      name: "聚星 2023",
      year: 2023,
      expectedProjects: 14,
      ranking: "dense",
      rubric: defaultRubric,
      // A campaign created today verifies claims, takes judged activities and closes each month
      // five days into the next, in Beijing time.
      acceptance: "reviewed",
      activities: "judged",
      timezone: "Asia/Shanghai",
      windowDays: 5,
    });
    const again = await admin("POST", "/campaigns", { id: "adm-2023", name: "again", year: 2023 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: "campaign_exists" } });
    const read = await callJson("/api/v1/campaigns/adm-2023", { token: VIEWER });
    expect(read.body).toEqual(body);
    const list = await callJson("/api/v1/campaigns", { token: VIEWER });
    expect(list.body.campaigns).toContainEqual({
      id: "adm-2023",
      name: "聚星 2023",
      year: 2023,
      expectedProjects: 14,
      ranking: "dense",
    });
  });

  it("create: a partial rubric is completed; a bad one is 422 with its path", async () => {
    const { status, body } = await admin("POST", "/campaigns", {
      id: "adm-2024",
      name: "x",
      year: 2024,
      ranking: "competition",
      expectedProjects: null,
      rubric: { activities: { points: 20 } },
    });
    expect(status).toBe(201);
    expect(body.expectedProjects).toBeNull();
    expect(body.ranking).toBe("competition");
    expect((body.rubric as Json).activities).toEqual({ points: 20 });
    expect((body.rubric as Json).projects).toEqual(defaultRubric.projects);

    const bad = await admin("POST", "/campaigns", {
      id: "adm-bad",
      name: "x",
      year: 2023,
      rubric: { projects: { delivery: 7 } },
    });
    expect(bad.status).toBe(422);
    expect((bad.body.error as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      "rubric.projects.delivery",
    ]);
    for (const body of [
      { id: "adm-x", name: "x" },
      { id: "bad id!", name: "x", year: 2023 },
      { id: "adm-x", name: "", year: 2023 },
      { id: "adm-x", name: "x", year: 2023, ranking: "olympic" },
      { id: "adm-x", name: "x", year: 2023, extra: 1 },
    ]) {
      expect((await admin("POST", "/campaigns", body)).status, JSON.stringify(body)).toBe(422);
    }
    expect((await callJson("/api/v1/campaigns/adm-x", { token: VIEWER })).status).toBe(404);
  });

  it("update: partial fields; unknown campaign 404", async () => {
    const { status, body } = await admin("PUT", "/campaigns/adm-2023", {
      name: "改名",
      ranking: "competition",
      expectedProjects: 12,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: "adm-2023",
      name: "改名",
      year: 2023,
      ranking: "competition",
      expectedProjects: 12,
    });
    expect(body.rubric).toEqual(defaultRubric);
    expect((await admin("PUT", "/campaigns/nope", { name: "x" })).status).toBe(404);
    expect((await admin("PUT", "/campaigns/adm-2023", { year: "2023" })).status).toBe(422);
  });

  it("bodies must be JSON", async () => {
    const res = await call("/api/v1/admin/campaigns", {
      method: "POST",
      token: "test-admin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "id=x",
    });
    expect(res.status).toBe(415);
    const broken = await call("/api/v1/admin/campaigns", {
      method: "POST",
      token: "test-admin",
      headers: { "Content-Type": "application/json" },
      body: "{",
    });
    expect(broken.status).toBe(400);
  });
});

describe("branches", () => {
  it("create: 201 { code, name, token } once; duplicate 409; unknown campaign 404", async () => {
    const { status, body } = await admin("POST", "/branches", {
      code: "xwb",
      name: "县委办公室机关党支部",
      campaign: "adm-2023",
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ code: "xwb", name: "县委办公室机关党支部", campaign: "adm-2023" });
    expect(body.token).toMatch(/^jxb_/);
    expect((await admin("POST", "/branches", { code: "xwb", name: "x", campaign: "adm-2023" })).status).toBe(
      409,
    );
    const missing = await admin("POST", "/branches", { code: "new", name: "x", campaign: "nope" });
    expect(missing.status).toBe(404);
    expect((await admin("POST", "/branches", { code: "-bad", name: "x", campaign: "adm-2023" })).status).toBe(
      422,
    );
  });

  it("list by campaign, without secrets", async () => {
    await createBranch("zfb", "adm-2023");
    const { status, body } = await admin("GET", "/branches?campaign=adm-2023");
    expect(status).toBe(200);
    const branches = body.branches as Json[];
    expect(branches.map((b) => b.code)).toEqual(["xwb", "zfb"]);
    expect(Object.keys(branches[0] ?? {}).sort()).toEqual([
      "campaign",
      "code",
      "createdAt",
      "disabled",
      "name",
      "tokenIssuedAt",
      "updatedAt",
    ]);
    expect((await admin("GET", "/branches?campaign=nope")).body.branches).toEqual([]);
  });

  it("disable and rotate an unknown branch: 404", async () => {
    expect((await admin("POST", "/branches/ghost/disable")).status).toBe(404);
    expect((await admin("POST", "/branches/ghost/token")).status).toBe(404);
  });
});
