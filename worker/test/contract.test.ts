/**
 * The one client (shared/api/client.ts) against the Worker itself: every call it makes names a
 * route of the Worker's AppType (checked by the compiler through Hono's typed client), and every
 * answer fits the schema the client parses it with. Request bodies go through Hono's validator
 * with the contract's schemas: a body that does not fit is 422 with zod's issue paths.
 */
import { exports } from "cloudflare:workers";
import { hc } from "hono/client";
import { describe, expect, expectTypeOf, it } from "vitest";
import { apiClient, type FetchLike, systemTimers } from "../../shared/api/client.ts";
import type { AppType } from "../src/index.ts";
import { ADMIN, CLIENT_IP, createBranch, createCampaign, ORIGIN, submission, VIEWER } from "./helpers.ts";

/** The Worker as the clients' fetch. */
const workerFetch: FetchLike = (url, init) => {
  const headers = new Headers(init.headers);
  headers.set("CF-Connecting-IP", CLIENT_IP);
  return exports.default.fetch(new Request(url, { ...init, headers }));
};

const client = (token: string) =>
  apiClient({ server: ORIGIN, token, fetch: workerFetch, timers: systemTimers });

describe("the contract between the Worker and the one client", () => {
  it("names only routes the Worker has (AppType)", () => {
    const typed = hc<AppType>(ORIGIN);
    // One line per call of shared/api/client.ts: a missing route is a compile error here.
    expectTypeOf(typed.api.v1.whoami.$get).toBeFunction();
    expectTypeOf(typed.api.v1.campaigns[":id"].$get).toBeFunction();
    expectTypeOf(typed.api.v1.submissions.$post).toBeFunction();
    expectTypeOf(typed.api.v1.rankings.$get).toBeFunction();
    expectTypeOf(typed.api.v1.branches[":code"].history.$get).toBeFunction();
    expectTypeOf(typed.api.v1.admin.campaigns.$post).toBeFunction();
    expectTypeOf(typed.api.v1.admin.campaigns[":id"].$put).toBeFunction();
    expectTypeOf(typed.api.v1.admin.branches.$post).toBeFunction();
    expectTypeOf(typed.api.v1.admin.branches.$get).toBeFunction();
    expectTypeOf(typed.api.v1.admin.branches[":code"].token.$post).toBeFunction();
    expectTypeOf(typed.api.v1.admin.branches[":code"].disable.$post).toBeFunction();
    expectTypeOf(typed.api.v1.admin.sessions.revoke.$post).toBeFunction();
    expectTypeOf(typed.api.v1.admin.audit.$get).toBeFunction();
    expectTypeOf(typed.api.v1.admin.export.$get).toBeFunction();
    expectTypeOf(typed.api.v1.admin.import.$post).toBeFunction();
    // The validated body is the contract's request type.
    type SubmitInput = Parameters<typeof typed.api.v1.submissions.$post>[0]["json"];
    expectTypeOf<SubmitInput["period"]>().toEqualTypeOf<string>();
  });

  it("every answer the client reads fits its schema", async () => {
    const office = client(ADMIN);
    // Every month open (docs/api.md, "Campaign settings"): 2023 is long past.
    const campaign = await office.admin.createCampaign({
      id: "contract",
      name: "契约活动",
      year: 2023,
      windowDays: null,
    });
    expect(campaign).toMatchObject({ id: "contract", year: 2023, ranking: "dense" });
    expect(await office.admin.updateCampaign("contract", { name: "契约活动二" })).toMatchObject({
      name: "契约活动二",
    });
    const created = await office.admin.createBranch({ code: "k1", name: "契约支部", campaign: "contract" });
    expect(created.token).toMatch(/\S{20,}/);
    const rotated = await office.admin.rotateToken("k1");
    expect(rotated.code).toBe("k1");
    expect((await office.admin.listBranches("contract")).branches.map((b) => b.code)).toEqual(["k1"]);
    expect((await office.admin.audit()).entries.length).toBeGreaterThan(0);
    expect(await office.admin.revokeSessions()).toEqual({ revoked: expect.any(Number) });

    const branch = client(rotated.token);
    expect(await branch.whoami()).toMatchObject({ role: "branch", branch: { code: "k1" } });
    expect((await branch.campaign("contract")).name).toBe("契约活动二");
    const answer = await branch.submit(
      submission({ campaign: "contract", branch: "k1" }),
      crypto.randomUUID(),
    );
    expect(answer).toMatchObject({ branch: "k1", period: "2023-06", rank: 1, ranked: 1 });
    const rankings = await client(VIEWER).rankings("contract", "2023-06");
    expect(rankings.rows.map((r) => [r.branch.code, r.rank])).toEqual([["k1", 1]]);
    const history = await client(VIEWER).branchHistory("k1");
    expect(history.months.find((m) => m.period === "2023-06")?.submissionId).toBe(answer.submissionId);
    expect(await office.admin.disableBranch("k1")).toEqual({ code: "k1", disabled: true });
  });

  it("a body that does not fit is 422 with zod's issue paths, through the validator", async () => {
    await createCampaign({ id: "contract-422" });
    const token = await createBranch("k2", "contract-422");
    const body = { ...submission({ campaign: "contract-422", branch: "k2" }), period: "2023-13" };
    await expect(client(token).submit(body, crypto.randomUUID())).rejects.toMatchObject({
      kind: "rejected",
      status: 422,
      code: "validation_failed",
      issues: [expect.objectContaining({ path: "period" })],
    });
    const office = client(ADMIN);
    await expect(office.admin.createCampaign({ id: "x", name: "", year: 1999 })).rejects.toMatchObject({
      status: 422,
      issues: expect.arrayContaining([
        expect.objectContaining({ path: "name" }),
        expect.objectContaining({ path: "year" }),
      ]),
    });
  });
});
