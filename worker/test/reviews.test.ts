/**
 * Verification (docs/api.md "Reviews", docs/roles.md "reviewer") with real D1: reviewers issued by
 * the office, claims accepted or returned one by one, scores and ranks that move with them, and a
 * changed project back to pending.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../shared/analyze.ts";
import {
  reviewAnswer,
  reviewerListAnswer,
  reviewerTokenAnswer,
  reviewsAnswer,
} from "../../shared/api/reviews.ts";
import { submissionAnswer } from "../../shared/api/schemas.ts";
import { contentHash } from "../../shared/claims.ts";
import { evaluationInput } from "../../shared/submission.ts";
import {
  ADMIN,
  activityRows,
  admin,
  call,
  callJson,
  createBranch,
  type Json,
  newCampaign,
  newKey,
  ORIGIN,
  project,
  projectRows,
  submission,
  submitOk,
  VIEWER,
} from "./helpers.ts";

const CAMPAIGN = "rev-2023";
const OTHER = "rev-other-2023";
const tokens: Record<string, string> = {};
let reviewer = "";
let reviewerId = "";
let outsider = "";

/** A historical 2023 campaign as the office runs it: verified claims, every month open. */
beforeAll(async () => {
  await newCampaign({ id: CAMPAIGN, year: 2023, windowDays: null, activities: "self" });
  await newCampaign({ id: OTHER, year: 2023, windowDays: null });
  for (const code of ["rv-a", "rv-b", "rv-c"]) tokens[code] = await createBranch(code, CAMPAIGN);
  const created = await admin("POST", "/reviewers", { campaign: CAMPAIGN, name: "李核查" });
  expect(created.status).toBe(201);
  const answer = reviewerTokenAnswer.parse(created.body);
  reviewer = answer.token;
  reviewerId = answer.id;
  outsider = reviewerTokenAnswer.parse(
    (await admin("POST", "/reviewers", { campaign: OTHER, name: "外人" })).body,
  ).token;
});

function review(token: string, body: Json, key = newKey()) {
  return callJson("/api/v1/reviews", {
    method: "POST",
    token,
    json: body,
    headers: { "Idempotency-Key": key },
  });
}

async function items(period: string, branch?: string, token = VIEWER) {
  const q = new URLSearchParams({ campaign: CAMPAIGN, period, ...(branch ? { branch } : {}) });
  const res = await callJson(`/api/v1/reviews?${q}`, { token });
  expect(res.status).toBe(200);
  return reviewsAnswer.parse(res.body).items;
}

async function row(period: string, code: string) {
  const res = await callJson(`/api/v1/rankings?campaign=${CAMPAIGN}&period=${period}`, { token: VIEWER });
  const rows = res.body.rows as Json[];
  return rows.find((r) => (r.branch as Json).code === code) as Json;
}

describe("reviewers", () => {
  it("are issued per campaign with a jxr_ token shown once, listed without it, and audited", async () => {
    expect(reviewer).toMatch(/^jxr_[A-Za-z0-9_-]{43}$/);
    const list = reviewerListAnswer.parse((await admin("GET", `/reviewers?campaign=${CAMPAIGN}`)).body);
    expect(list.reviewers).toEqual([
      expect.objectContaining({ id: reviewerId, name: "李核查", campaign: CAMPAIGN, disabled: false }),
    ]);
    expect(JSON.stringify(list)).not.toContain("jxr_");
    const stored = await env.DB.prepare("SELECT token_hash FROM reviewers WHERE id = ?")
      .bind(reviewerId)
      .first<{ token_hash: string }>();
    expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await admin("GET", "/audit");
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({ action: "reviewer.create", actor: "admin" }),
    );
    const me = await callJson("/api/v1/whoami", { token: reviewer });
    expect(me.body).toEqual({
      role: "reviewer",
      reviewer: { id: reviewerId, name: "李核查" },
      campaign: CAMPAIGN,
    });
  });

  it("an unknown campaign is 404; an empty name 422", async () => {
    expect((await admin("POST", "/reviewers", { campaign: "nope", name: "x" })).status).toBe(404);
    expect((await admin("POST", "/reviewers", { campaign: CAMPAIGN, name: " " })).status).toBe(422);
  });

  it("a reviewer reads its own campaign only", async () => {
    const own = await callJson(`/api/v1/rankings?campaign=${CAMPAIGN}&period=2023-06`, { token: reviewer });
    expect(own.status).toBe(200);
    const other = await callJson(`/api/v1/rankings?campaign=${OTHER}&period=2023-06`, { token: reviewer });
    expect(other.status).toBe(403);
  });

  it("disabling refuses the token and ends the reviewer's sessions", async () => {
    const made = reviewerTokenAnswer.parse(
      (await admin("POST", "/reviewers", { campaign: CAMPAIGN, name: "临时" })).body,
    );
    const login = await call("/login", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      body: new URLSearchParams({ key: made.token, next: "/review" }).toString(),
    });
    expect(login.status).toBe(303);
    expect(login.headers.get("Location")).toBe("/review");
    const cookie = (login.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^juxing_session=jxsr_/);
    const signedIn = await callJson(`/api/v1/reviews?campaign=${CAMPAIGN}&period=2023-06`, {
      headers: { Cookie: cookie },
    });
    expect(signedIn.status).toBe(200);

    const disabled = await admin("POST", `/reviewers/${made.id}/disable`);
    expect(disabled.body).toEqual({ id: made.id, disabled: true, sessionsEnded: 1 });
    const after = await callJson(`/api/v1/reviews?campaign=${CAMPAIGN}&period=2023-06`, {
      headers: { Cookie: cookie },
    });
    expect(after.status).toBe(401);
    const bearer = await callJson("/api/v1/whoami", { token: made.token });
    expect(bearer.status).toBe(403);
    expect(bearer.body).toMatchObject({ error: { code: "reviewer_disabled" } });
    expect((await admin("POST", "/reviewers/rv-nope/disable")).status).toBe(404);
  });
});

describe("reviews", () => {
  const period = "2023-06";

  beforeAll(async () => {
    // rv-a: 14 claims; rv-b: the same list, so a and b tie until a review parts them.
    for (const code of ["rv-a", "rv-b"]) {
      await submitOk(tokens[code] as string, submission({ campaign: CAMPAIGN, branch: code, period }));
    }
  });

  it("a fresh submission's claims are pending: score below selfScore, both in the answer", async () => {
    const answer = submissionAnswer.parse(
      await submitOk(
        tokens["rv-c"] as string,
        submission({ campaign: CAMPAIGN, branch: "rv-c", period: "2023-05" }),
      ),
    );
    expect(answer.review).toEqual({ pending: 14, accepted: 0, returned: 0 });
    expect(answer.selfScore.total).toBeCloseTo(80, 10);
    // pending: 0.3 clarity + 0.7 × 0.8 delivery of each 80/14 share
    expect(answer.score.total).toBeCloseTo(80 * (0.3 + 0.7 * 0.8), 10);
  });

  it("lists claims with their content hash; a branch token sees only its own", async () => {
    const all = await items(period);
    expect(all).toHaveLength(28);
    expect(all.every((i) => i.state === "pending")).toBe(true);
    const first = all.find((i) => i.branch.code === "rv-a") as (typeof all)[number];
    expect(first.project).toMatchObject({
      name: "项目1：开展主题党日活动",
      owner: "张1",
      deadline: "2023年12月31日",
      status: "accepted",
      evidence: "佐证材料1.pdf",
      sheet: "重点任务清单",
      cell: "B3",
    });
    const own = await items(period, undefined, tokens["rv-a"]);
    expect(new Set(own.map((i) => i.branch.code))).toEqual(new Set(["rv-a"]));
    const res = await callJson(`/api/v1/reviews?campaign=${CAMPAIGN}&period=${period}&branch=rv-b`, {
      token: tokens["rv-a"],
    });
    expect(res.status).toBe(403);
  });

  it("accept and return move the branch's score and rank at once; returned items come first", async () => {
    const before = await row(period, "rv-a");
    expect(before.rank).toBe(1);
    expect(before.tied).toBe(true);
    const claims = await items(period, "rv-a");
    const [one, two] = claims as [(typeof claims)[number], (typeof claims)[number]];
    const accepted = await review(reviewer, {
      campaign: CAMPAIGN,
      branch: "rv-a",
      period,
      project: one.project.name,
      contentHash: one.contentHash,
      decision: "accept",
    });
    expect(accepted.status).toBe(201);
    const a = reviewAnswer.parse(accepted.body);
    expect(a.branch).toMatchObject({
      code: "rv-a",
      rank: 1,
      review: { pending: 13, accepted: 1, returned: 0 },
    });
    expect(a.branch.score).toBeCloseTo((before.total as number) + (80 / 14) * 0.7 * 0.2, 10);
    expect(a.branch.selfScore).toBeCloseTo(80, 10);
    const afterAccept = await row(period, "rv-a");
    expect(afterAccept).toMatchObject({
      rank: 1,
      tied: false,
      review: { accepted: 1, pending: 13, returned: 0 },
    });
    expect(afterAccept.total).toBeCloseTo(a.branch.score, 10);

    const returned = await review(reviewer, {
      campaign: CAMPAIGN,
      branch: "rv-a",
      period,
      project: two.project.name,
      contentHash: two.contentHash,
      decision: "return",
      reason: "佐证材料与目标不符，请补充会议记录",
    });
    expect(returned.status).toBe(201);
    const r = reviewAnswer.parse(returned.body);
    // one up by 0.2 × 0.7 m, one down by 0.4 × 0.7 m: rv-a now trails rv-b
    expect(r.branch.rank).toBe(2);
    expect((await row(period, "rv-a")).rank).toBe(2);
    expect((await row(period, "rv-b")).rank).toBe(1);

    const listed = await items(period, "rv-a");
    expect(listed.map((i) => i.state).slice(0, 2)).toEqual(["returned", "pending"]);
    expect(listed.at(-1)?.state).toBe("accepted");
    expect(listed[0]?.review).toMatchObject({
      decision: "return",
      reason: "佐证材料与目标不符，请补充会议记录",
      reviewer: "李核查",
    });
    const audit = await admin("GET", "/audit");
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({ action: "review.record", actor: `reviewer:${reviewerId}`, target: null }),
    );
    // The history and the drill-down carry both scores too.
    const history = await callJson(`/api/v1/branches/rv-a/history?campaign=${CAMPAIGN}`, { token: VIEWER });
    const june = (history.body.months as Json[]).find((m) => m.period === period) as Json;
    expect(june.total).toBeCloseTo(r.branch.score, 10);
    expect(june.selfScore).toBeCloseTo(80, 10);
    expect(june.review).toEqual({ pending: 12, accepted: 1, returned: 1 });
  });

  it("the same key replays the first answer; another body under it is 409; stale hash 409", async () => {
    const claims = await items(period, "rv-b");
    const target = claims[0] as (typeof claims)[number];
    const body = {
      campaign: CAMPAIGN,
      branch: "rv-b",
      period,
      project: target.project.name,
      contentHash: target.contentHash,
      decision: "accept",
    };
    const key = newKey();
    const first = await review(reviewer, body, key);
    const again = await review(reviewer, body, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.res.headers.get("Idempotent-Replayed")).toBe("true");
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM reviews WHERE branch = 'rv-b'").first<{
      n: number;
    }>();
    expect(count?.n).toBe(1);
    expect((await review(reviewer, { ...body, decision: "return", reason: "x" }, key)).status).toBe(409);

    const stale = await review(reviewer, { ...body, contentHash: "0".repeat(64) });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: "review.stale" } });
  });

  it("a return needs a reason; a project that is not a claim is 422", async () => {
    const claims = await items(period, "rv-b");
    const target = claims[1] as (typeof claims)[number];
    const base = {
      campaign: CAMPAIGN,
      branch: "rv-b",
      period,
      project: target.project.name,
      contentHash: target.contentHash,
    };
    const noReason = await review(reviewer, { ...base, decision: "return" });
    expect(noReason.status).toBe(422);
    expect(JSON.stringify(noReason.body)).toContain('"path":"reason"');
    const blank = await review(reviewer, { ...base, decision: "return", reason: "   " });
    expect(blank.status).toBe(422);
    const tooLong = await review(reviewer, { ...base, decision: "return", reason: "长".repeat(501) });
    expect(tooLong.status).toBe(422);
    const notAClaim = await review(reviewer, { ...base, project: "没有这个项目", decision: "accept" });
    expect(notAClaim.status).toBe(422);
    expect(notAClaim.body).toMatchObject({ error: { code: "review.not-a-claim" } });
  });

  it("a branch token, a viewer and the admin cannot post reviews; a reviewer of another campaign is 403", async () => {
    const claims = await items(period, "rv-b");
    const target = claims[2] as (typeof claims)[number];
    const body = {
      campaign: CAMPAIGN,
      branch: "rv-b",
      period,
      project: target.project.name,
      contentHash: target.contentHash,
      decision: "accept",
    };
    for (const token of [tokens["rv-b"] as string, VIEWER, ADMIN]) {
      const res = await review(token, body);
      expect(res.status).toBe(403);
    }
    expect((await review(outsider, body)).status).toBe(403);
    expect((await review("", body)).status).toBe(401);
    expect((await review("jxr_not-a-real-token", body)).status).toBe(401);
  });

  it("a changed project goes back to pending; an unchanged one keeps its review in the next submission", async () => {
    const claims = await items(period, "rv-a");
    const returned = claims.find((i) => i.state === "returned") as (typeof claims)[number];
    const accepted = claims.find((i) => i.state === "accepted") as (typeof claims)[number];
    const index = (name: string) => Number(/项目(\d+)/.exec(name)?.[1]) - 1;
    const specs = Array.from({ length: 14 }, (_, i) =>
      i === index(returned.project.name) ? project(i, { evidence: "主题党日会议记录12份.pdf" }) : project(i),
    );
    const answer = submissionAnswer.parse(
      await submitOk(
        tokens["rv-a"] as string,
        submission({ campaign: CAMPAIGN, branch: "rv-a", period, projects: projectRows(specs) }),
      ),
    );
    expect(answer.review).toEqual({ pending: 13, accepted: 1, returned: 0 });
    const now = await items(period, "rv-a");
    expect(now.find((i) => i.project.name === returned.project.name)?.state).toBe("pending");
    expect(now.find((i) => i.project.name === accepted.project.name)?.state).toBe("accepted");
    // The hash the server binds reviews to is the shared core's.
    const evaluation = evaluate(
      evaluationInput(
        submission({ campaign: CAMPAIGN, branch: "rv-a", period, projects: projectRows(specs) }),
      ),
      {
        asOf: "2023-06-30",
      },
    );
    const changed = evaluation.projects[index(returned.project.name)];
    expect(now.find((i) => i.project.name === returned.project.name)?.contentHash).toBe(
      await contentHash(changed as NonNullable<typeof changed>),
    );
  });
});

describe("the branch that claims everything (issue 11)", () => {
  it("14 × 已验收 with evidence 有 and its own 100s ranks on its audited score, far below its self-score", async () => {
    const id = "rev-why-2023";
    await newCampaign({ id, year: 2023, windowDays: null });
    const boaster = await createBranch("why-boast", id);
    const honest = await createBranch("why-honest", id);
    const boast = submission({
      campaign: id,
      branch: "why-boast",
      projects: projectRows(Array.from({ length: 14 }, (_, i) => project(i, { evidence: "有" }))),
      activities: activityRows([100, 100, 100]),
    });
    const answer = submissionAnswer.parse(await submitOk(boaster, boast));
    // `juxing validate` (no server) takes it at its word, as the server's selfScore does: "有" is
    // no evidence (each claim capped at 0.5), and its own 100s count — 52 + 10.
    const atItsWord = evaluate(evaluationInput(boast), { asOf: "2023-06-30", campaignYear: 2023 });
    expect(atItsWord.score.total).toBeCloseTo(80 * (0.3 + 0.7 * 0.5) + 10, 10);
    expect(answer.selfScore.total).toBeCloseTo(atItsWord.score.total, 10);
    expect(answer.findings.codes["evidence.placeholder"]).toBe(14);
    // Audited: its own 亮晒比评 numbers do not count under judged activities (no event yet: 0),
    // and none of its claims is verified.
    expect(answer.score.byCategory.activities).toBe(0);
    expect(answer.score.total).toBeLessThanOrEqual(answer.selfScore.total - 10);
    expect(answer.review).toEqual({ pending: 14, accepted: 0, returned: 0 });
    // A branch with fewer, verified claims ranks above it.
    await submitOk(
      honest,
      submission({
        campaign: id,
        branch: "why-honest",
        projects: projectRows(
          Array.from({ length: 14 }, (_, i) =>
            project(i, i < 10 ? {} : { status: "推进中", progress: "60%" }),
          ),
        ),
      }),
    );
    const tokenOf = reviewerTokenAnswer.parse(
      (await admin("POST", "/reviewers", { campaign: id, name: "核查" })).body,
    ).token;
    const list = reviewsAnswer.parse(
      (await callJson(`/api/v1/reviews?campaign=${id}&period=2023-06&branch=why-honest`, { token: VIEWER }))
        .body,
    ).items;
    for (const item of list) {
      const res = await callJson("/api/v1/reviews", {
        method: "POST",
        token: tokenOf,
        headers: { "Idempotency-Key": newKey() },
        json: {
          campaign: id,
          branch: "why-honest",
          period: "2023-06",
          project: item.project.name,
          contentHash: item.contentHash,
          decision: "accept",
        },
      });
      expect(res.status).toBe(201);
    }
    const ranking = await callJson(`/api/v1/rankings?campaign=${id}&period=2023-06`, { token: VIEWER });
    const rows = ranking.body.rows as Json[];
    expect(rows.map((r) => (r.branch as Json).code)).toEqual(["why-honest", "why-boast"]);
    const boastRow = rows[1] as Json;
    expect(boastRow.selfScore as number).toBeGreaterThan(boastRow.total as number);
  });
});

describe("the /review page", () => {
  const id = "rev-page-2023";
  let cookie = "";

  beforeAll(async () => {
    await newCampaign({ id, year: 2023, windowDays: null });
    const token = await createBranch("rp-a", id);
    await submitOk(token, submission({ campaign: id, branch: "rp-a", period: "2023-06" }));
    const made = reviewerTokenAnswer.parse(
      (await admin("POST", "/reviewers", { campaign: id, name: "王核查" })).body,
    );
    const login = await call("/login", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      body: new URLSearchParams({ key: made.token }).toString(),
    });
    expect(login.headers.get("Location")).toBe("/review");
    cookie = (login.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  });

  function form(fields: Record<string, string>, headers: Record<string, string> = { Origin: ORIGIN }) {
    return call("/review", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async function page(query = "") {
    const res = await call(`/review${query}`, { headers: { Cookie: cookie } });
    return { status: res.status, html: await res.text() };
  }

  function fieldsOf(html: string): Record<string, string> {
    const first = /<form method="post" action="\/review"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? "";
    const fields: Record<string, string> = {};
    for (const m of first.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g))
      fields[m[1] as string] = (m[2] as string).replaceAll("&quot;", '"').replaceAll("&amp;", "&");
    return fields;
  }

  it("without a reviewer session it sends to /login; a viewer is refused", async () => {
    const res = await call("/review", { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?next=%2Freview");
    const viewer = await call("/review", { headers: { Authorization: `Bearer ${VIEWER}` } });
    expect(viewer.status).toBe(403);
  });

  it("shows the next branch's pending claims with two buttons and a labelled reason, no script", async () => {
    const { status, html } = await page();
    expect(status).toBe(200);
    expect(html).toContain("rp-a 党支部 · 2023-06");
    expect(html).toContain("待核实 14 · 已核实 0 · 退回 0");
    expect(html).toContain('value="accept"');
    expect(html).toContain('value="return"');
    expect(html).toMatch(/<label for="c0-reason">/);
    expect(html).not.toContain("<script");
  });

  it("accept and return are plain form posts; a return without a reason is 422 and keeps the page", async () => {
    const before = await page("?period=2023-06&branch=rp-a");
    const accepted = await form({ ...fieldsOf(before.html), decision: "accept" });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("Location")).toContain("saved=accepted");
    const next = await page("?period=2023-06&branch=rp-a");
    expect(next.html).toContain("待核实 13 · 已核实 1 · 退回 0");

    const noReason = await form({ ...fieldsOf(next.html), decision: "return" });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain("退回需要写明理由");
    const returned = await form({ ...fieldsOf(next.html), decision: "return", reason: "佐证材料缺少签到表" });
    expect(returned.status).toBe(303);
    const items = reviewsAnswer.parse(
      (await callJson(`/api/v1/reviews?campaign=${id}&period=2023-06`, { token: VIEWER })).body,
    ).items;
    expect(items[0]).toMatchObject({
      state: "returned",
      review: { reason: "佐证材料缺少签到表", reviewer: "王核查" },
    });
    const audit = await admin("GET", "/audit");
    expect(audit.body.entries).toContainEqual(expect.objectContaining({ action: "review.record" }));

    // The branch page shows each project's state and the reason of a return; the rankings page
    // 核定分 beside 自评分, the counts, and can sort by the gap.
    const viewer = { headers: { Authorization: `Bearer ${VIEWER}` } };
    const branchPage = await (await call(`/branches/rp-a?campaign=${id}&period=2023-06`, viewer)).text();
    expect(branchPage).toContain("退回：佐证材料缺少签到表");
    expect(branchPage).toContain("已核实");
    expect(branchPage).toContain("自评分");
    const rankingsPage = await (
      await call(`/rankings?campaign=${id}&period=2023-06&sort=gap`, viewer)
    ).text();
    for (const word of ["核定分", "自评分", "自评与核定之差", "待核实", "退回", "按排名排序"])
      expect(rankingsPage).toContain(word);
    const csv = await (await call(`/api/v1/rankings.csv?campaign=${id}&period=2023-06`, viewer)).text();
    expect(csv.split("\r\n")[1]).toMatch(/,12,1,/);
  });

  it("a cross-site post is refused and records nothing", async () => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM reviews WHERE campaign = ?")
      .bind(id)
      .first<{ n: number }>();
    const fields = fieldsOf((await page("?period=2023-06&branch=rp-a")).html);
    const res = await form(
      { ...fields, decision: "accept" },
      { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    );
    expect(res.status).toBe(403);
    const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM reviews WHERE campaign = ?")
      .bind(id)
      .first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });
});
