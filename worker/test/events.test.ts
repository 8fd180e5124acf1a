/** 现场打分 through the Worker and real D1: events, judges, scores, results and who may see what. */
import { describe, expect, it } from "vitest";
import {
  eventAnswer,
  eventListAnswer,
  judgeCreatedAnswer,
  scoreSavedAnswer,
} from "../../shared/api/events.ts";
import {
  ADMIN,
  activityRows,
  admin,
  call,
  callJson,
  createBranch,
  createCampaign,
  env,
  type Json,
  ORIGIN,
  submission,
  submit,
  submitOk,
  VIEWER,
} from "./helpers.ts";

let campaignSeq = 0;

/** A campaign with `n` branches (E01 …), its ranking method, and their tokens. */
async function campaignWith(n: number, ranking: "dense" | "competition" = "dense") {
  campaignSeq += 1;
  const id = `ev${campaignSeq}-${crypto.randomUUID().slice(0, 6)}`;
  await createCampaign({ id, ranking });
  const codes: string[] = [];
  const tokens: Record<string, string> = {};
  for (let i = 1; i <= n; i++) {
    const code = `${id.slice(0, 10)}-B${i}`;
    tokens[code] = await createBranch(code, id);
    codes.push(code);
  }
  return { id, codes, tokens };
}

async function createEvent(body: Json): Promise<number> {
  const { status, body: answer } = await admin("POST", "/events", {
    name: "模范机关大比拼",
    period: "2023-05",
    date: "2023-05-20",
    ...body,
  });
  if (status !== 201) throw new Error(`event: ${status} ${JSON.stringify(answer)}`);
  return answer.id as number;
}

async function createJudges(event: number, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 1; i <= n; i++) {
    const { status, body } = await admin("POST", `/events/${event}/judges`, { name: `评委${i}` });
    expect(status).toBe(201);
    const judge = judgeCreatedAnswer.parse(body);
    expect(judge.token).toMatch(/^jxj_[\w-]{43}$/);
    expect(judge.event).toBe(event);
    tokens.push(judge.token);
  }
  return tokens;
}

function score(event: number, branch: string, token: string, value: unknown, note?: string) {
  return callJson(`/api/v1/events/${event}/scores/${branch}`, {
    method: "PUT",
    token,
    json: note === undefined ? { score: value } : { score: value, note },
  });
}

async function scoreAll(event: number, judges: string[], perBranch: Record<string, number[]>) {
  for (const [branch, values] of Object.entries(perBranch)) {
    for (const [i, value] of values.entries()) {
      const { status, body } = await score(event, branch, judges[i] as string, value);
      expect(status, JSON.stringify(body)).toBe(200);
    }
  }
}

async function result(event: number, token = VIEWER) {
  const { status, body } = await callJson(`/api/v1/events/${event}`, { token });
  expect(status, JSON.stringify(body)).toBe(200);
  return eventAnswer.parse(body);
}

describe("events: created by the office", () => {
  it("every enabled branch takes part by default; a list names them; listed for viewers", async () => {
    const { id, codes } = await campaignWith(3);
    await admin("POST", `/branches/${codes[2]}/disable`);
    const all = await createEvent({ campaign: id });
    const two = await createEvent({ campaign: id, branches: [codes[0]], period: "2023-Q2", trim: 0 });
    const { body } = await callJson(`/api/v1/events?campaign=${id}`, { token: VIEWER });
    const list = eventListAnswer.parse(body).events;
    expect(list.map((e) => [e.id, e.branches, e.closed, e.period, e.trim])).toEqual([
      [two, 1, false, "2023-Q2", 0],
      [all, 2, false, "2023-05", null],
    ]);
  });

  it("bad input is 422 with its path; unknown campaign 404; a viewer or branch cannot create", async () => {
    const { id, codes, tokens } = await campaignWith(1);
    for (const [body, path] of [
      [{ campaign: id, period: "2023-13" }, "period"],
      [{ campaign: id, date: "2023-02-30" }, "date"],
      [{ campaign: id, trim: -1 }, "trim"],
      [{ campaign: id, name: "" }, "name"],
      [{ campaign: id, branches: [] }, "branches"],
      [{ campaign: id, period: "2024-01" }, "period"],
      [{ campaign: id, branches: ["NOPE"] }, "branches"],
    ] as [Json, string][]) {
      const { status, body: answer } = await admin("POST", "/events", {
        name: "x",
        period: "2023-05",
        date: "2023-05-20",
        ...body,
      });
      expect(status, JSON.stringify(body)).toBe(422);
      expect((answer.error as { issues: { path: string }[] }).issues[0]?.path).toBe(path);
    }
    expect(
      (await admin("POST", "/events", { campaign: "nope", name: "x", period: "2023", date: "2023-01-01" }))
        .status,
    ).toBe(404);
    for (const token of [VIEWER, tokens[codes[0] as string]]) {
      const { status } = await callJson("/api/v1/admin/events", {
        method: "POST",
        token,
        json: { campaign: id, name: "x", period: "2023", date: "2023-01-01" },
      });
      expect(status).toBe(403);
    }
    expect((await admin("POST", "/events/999999/judges", { name: "x" })).status).toBe(404);
    expect((await admin("POST", "/events/abc/close")).status).toBe(404);
  });
});

describe("scores and results", () => {
  it("trimmed means with 3, 5 and 7 judges: the highest and lowest dropped from 5 on", async () => {
    const { id, codes } = await campaignWith(3);
    const [a, b, c] = codes as [string, string, string];
    const event = await createEvent({ campaign: id });
    const judges = await createJudges(event, 7);
    await scoreAll(event, judges, {
      [a]: [90, 70, 99],
      [b]: [90, 85, 88, 70, 99],
      [c]: [90, 85, 88, 70, 99, 92, 80],
    });
    await admin("POST", `/events/${event}/close`);
    const { rows } = await result(event);
    const byCode = Object.fromEntries(rows.map((r) => [r.branch.code, r]));
    expect(byCode[a]).toMatchObject({ scores: [70, 90, 99], dropped: [], count: 3 });
    expect(byCode[a]?.score).toBeCloseTo(259 / 3, 10);
    expect(byCode[b]).toMatchObject({ scores: [70, 85, 88, 90, 99], dropped: [70, 99], count: 5 });
    expect(byCode[b]?.score).toBeCloseTo(263 / 3, 10);
    expect(byCode[c]).toMatchObject({ dropped: [70, 99], count: 7 });
    expect(byCode[c]?.score).toBeCloseTo(435 / 5, 10);
    // 87.67 (b), 87.00 (c), 86.33 (a)
    expect(rows.map((r) => [r.branch.code, r.rank])).toEqual([
      [b, 1],
      [c, 2],
      [a, 3],
    ]);
  });

  it("an explicit trim of 2 drops two at each end", async () => {
    const { id, codes } = await campaignWith(1);
    const event = await createEvent({ campaign: id, trim: 2 });
    const judges = await createJudges(event, 7);
    await scoreAll(event, judges, { [codes[0] as string]: [90, 85, 88, 70, 99, 92, 80] });
    await admin("POST", `/events/${event}/close`);
    const [row] = (await result(event)).rows;
    expect(row?.dropped).toEqual([70, 80, 92, 99]);
    expect(row?.score).toBeCloseTo((85 + 88 + 90) / 3, 10);
  });

  it.each([
    ["dense", [1, 2, 2, 3]],
    ["competition", [1, 2, 2, 4]],
  ] as const)("ties after rounding to two decimals, %s ranking: %j", async (method, ranks) => {
    const { id, codes } = await campaignWith(4, method);
    const [a, b, c, d] = codes as [string, string, string, string];
    const event = await createEvent({ campaign: id });
    const judges = await createJudges(event, 3);
    await scoreAll(event, judges, {
      [a]: [95, 95, 95],
      [b]: [90, 90, 90],
      // 89.995 shows as 90.00: a tie with b, not a place behind it
      [c]: [89.99, 90, 89.995],
      [d]: [80, 80, 80],
    });
    await admin("POST", `/events/${event}/close`);
    const { rows } = await result(event);
    expect(rows.map((r) => r.rank)).toEqual(ranks);
    expect(rows.map((r) => r.tied)).toEqual([false, true, true, false]);
    expect(rows.map((r) => r.branch.code)).toEqual([a, b, c, d]);
  });

  it("a revised score supersedes the judge's earlier one, and both are kept", async () => {
    const { id, codes } = await campaignWith(1);
    const branch = codes[0] as string;
    const event = await createEvent({ campaign: id });
    const [judge] = await createJudges(event, 1);
    const first = await score(event, branch, judge as string, 60);
    expect(scoreSavedAnswer.parse(first.body).progress).toEqual({ scored: 1, of: 1 });
    const second = await score(event, branch, judge as string, 88.5, "现场讲解清楚");
    expect(scoreSavedAnswer.parse(second.body)).toMatchObject({
      saved: { branch, score: 88.5, note: "现场讲解清楚" },
      progress: { scored: 1, of: 1 },
    });
    const mine = (await result(event, judge)).mine;
    expect(mine).toEqual([expect.objectContaining({ branch, score: 88.5 })]);
    const stored = await env.DB.prepare("SELECT score FROM event_scores WHERE event_id = ? ORDER BY seq")
      .bind(event)
      .all<{ score: number }>();
    expect(stored.results.map((r) => r.score)).toEqual([60, 88.5]);
    await admin("POST", `/events/${event}/close`);
    expect((await result(event)).rows[0]).toMatchObject({ score: 88.5, scores: [88.5], count: 1 });
  });

  it("after close a score is 409 event.closed; reopening lets judges score again", async () => {
    const { id, codes } = await campaignWith(1);
    const branch = codes[0] as string;
    const event = await createEvent({ campaign: id });
    const [judge] = await createJudges(event, 1);
    const closed = await admin("POST", `/events/${event}/close`);
    expect(closed.body).toMatchObject({ id: event, closed: true });
    const refused = await score(event, branch, judge as string, 80);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: "event.closed" } });
    expect((await admin("POST", `/events/${event}/reopen`)).body).toMatchObject({
      closed: false,
      closedAt: null,
    });
    expect((await score(event, branch, judge as string, 80)).status).toBe(200);
  });

  it("bad scores are 422; a branch outside the event 404", async () => {
    const { id, codes } = await campaignWith(2);
    const event = await createEvent({ campaign: id, branches: [codes[0]] });
    const [judge] = await createJudges(event, 1);
    for (const value of [-1, 100.5, "90", null]) {
      expect((await score(event, codes[0] as string, judge as string, value)).status, String(value)).toBe(
        422,
      );
    }
    const outside = await score(event, codes[1] as string, judge as string, 80);
    expect(outside.status).toBe(404);
    expect(outside.body).toMatchObject({ error: { code: "branch_not_in_event" } });
    expect((await score(event, "NO-SUCH", judge as string, 80)).status).toBe(404);
  });
});

describe("into the branch's score (activities: judged)", () => {
  it("three branches claim 100 in their sheets; the rankings' activities part is the judges' trimmed mean × 10 / 100, to the cent", async () => {
    const id = `judged-${crypto.randomUUID().slice(0, 6)}`;
    await createCampaign({ id, activities: "judged" });
    const codes = ["JA", "JB", "JC"].map((c) => `${id.slice(-6)}${c}`);
    const tokens: Record<string, string> = {};
    for (const code of codes) tokens[code] = await createBranch(code, id);
    const [a, b, c] = codes as [string, string, string];
    const send = async () => {
      for (const code of codes) {
        await submitOk(
          tokens[code] as string,
          submission({ campaign: id, branch: code, activities: activityRows([100, 100, 100]) }),
        );
      }
    };
    await send();
    const rankings = async () => {
      const { status, body } = await callJson(
        `/api/v1/rankings?campaign=${id}&period=2023-06&metric=activities`,
        { token: VIEWER },
      );
      expect(status).toBe(200);
      const rows = body.rows as {
        branch: { code: string };
        score: number;
        byCategory: { activities: number };
        selfScore: number;
        total: number;
      }[];
      return Object.fromEntries(rows.map((r) => [r.branch.code, r]));
    };
    // No closed event yet: the judged part is 0, whatever the sheets claim
    const before = await rankings();
    for (const code of codes) {
      expect(before[code]?.byCategory.activities).toBe(0);
      expect((before[code]?.selfScore ?? 0) - (before[code]?.total ?? 0)).toBeCloseTo(10, 9);
    }

    const event = await createEvent({ campaign: id, date: "2023-05-20" });
    const judges = await createJudges(event, 5);
    await scoreAll(event, judges, {
      [a]: [90, 85, 88, 70, 99], // 85 88 90 → 87.67 → 8.77
      [b]: [95, 60, 80, 82, 78], // 78 80 82 → 80.00 → 8.00
      [c]: [70, 75, 72, 71, 100], // 71 72 75 → 72.67 → 7.27
    });
    // Open events do not count yet
    expect((await rankings())[a]?.byCategory.activities).toBe(0);
    await admin("POST", `/events/${event}/close`);
    const after = await rankings();
    const cents = (v: number | undefined) => Math.round((v ?? Number.NaN) * 100) / 100;
    expect(cents(after[a]?.byCategory.activities)).toBe(8.77);
    expect(cents(after[b]?.byCategory.activities)).toBe(8);
    expect(cents(after[c]?.byCategory.activities)).toBe(7.27);
    expect(after[a]?.byCategory.activities).toBeCloseTo((((85 + 88 + 90) / 3) * 10) / 100, 10);
    expect(after[a]?.score).toBeCloseTo(after[a]?.byCategory.activities ?? 0, 10);
    // The sheets' 100s count only in the self score
    expect((after[a]?.selfScore ?? 0) - (after[a]?.total ?? 0)).toBeCloseTo(10 - (263 / 3) * 0.1, 9);

    // A submission's own answer scores the same way; the branch's history too
    const answer = await submitOk(
      tokens[a] as string,
      submission({ campaign: id, branch: a, activities: activityRows([100]) }),
    );
    expect(cents((answer.score as { byCategory: { activities: number } }).byCategory.activities)).toBe(8.77);
    const history = await callJson(`/api/v1/branches/${a}/history?campaign=${id}`, { token: VIEWER });
    const june = (history.body.months as { period: string; byCategory?: { activities: number } }[]).find(
      (m) => m.period === "2023-06",
    );
    expect(cents(june?.byCategory?.activities)).toBe(8.77);

    // An event dated after the period does not count in it; reopening withdraws the result
    const later = await createEvent({ campaign: id, date: "2023-07-02", period: "2023-07" });
    const [late] = await createJudges(later, 1);
    await score(later, a, late as string, 10);
    await admin("POST", `/events/${later}/close`);
    expect(cents((await rankings())[a]?.byCategory.activities)).toBe(8.77);
    await admin("POST", `/events/${event}/reopen`);
    expect((await rankings())[a]?.byCategory.activities).toBe(0);
    // The branch page shows the judged part beside the 自报 one
    await admin("POST", `/events/${event}/close`);
    const page = await (await call(`/branches/${a}?campaign=${id}`, { token: VIEWER })).text();
    expect(page).toContain("核定（现场打分）");
    expect(page).toContain("8.77");
    expect(page).toContain("自报（工作簿）");
  });
});

describe("a branch's results", () => {
  it("?branch= lists the events it takes part in with its result and rank once closed; a branch reads its own only", async () => {
    const { id, codes, tokens } = await campaignWith(3);
    const [a, b, c] = codes as [string, string, string];
    const closed = await createEvent({ campaign: id, date: "2023-04-10", period: "2023-04" });
    const open = await createEvent({ campaign: id, date: "2023-06-10", period: "2023-06" });
    const without = await createEvent({ campaign: id, branches: [a, c] });
    const judges = await createJudges(closed, 3);
    await scoreAll(closed, judges, { [a]: [80, 80, 80], [b]: [90, 90, 90], [c]: [90, 90, 90] });
    await admin("POST", `/events/${closed}/close`);
    const { status, body } = await callJson(`/api/v1/events?campaign=${id}&branch=${b}`, {
      token: tokens[b],
    });
    expect(status).toBe(200);
    const events = eventListAnswer.parse(body).events;
    expect(events.map((e) => e.id)).toEqual([open, closed]);
    expect(events.map((e) => e.id)).not.toContain(without);
    expect(events[0]?.result).toBeNull();
    expect(events[1]?.result).toEqual({ score: 90, rank: 1, tied: true, count: 3 });
    expect((await callJson(`/api/v1/events?campaign=${id}&branch=${a}`, { token: tokens[b] })).status).toBe(
      403,
    );
  });
});

describe("who may do what", () => {
  it("a judge of another event is 403, for scoring and reading", async () => {
    const { id, codes } = await campaignWith(1);
    const mine = await createEvent({ campaign: id });
    const other = await createEvent({ campaign: id });
    const [judge] = await createJudges(mine, 1);
    const refused = await score(other, codes[0] as string, judge as string, 80);
    expect(refused.status).toBe(403);
    expect((await callJson(`/api/v1/events/${other}`, { token: judge })).status).toBe(403);
  });

  it("a judge token is refused on submissions, rankings, the admin API and the event list", async () => {
    const { id, codes } = await campaignWith(1);
    const event = await createEvent({ campaign: id });
    const [judge] = await createJudges(event, 1);
    const token = judge as string;
    expect((await submit(token, submission({ campaign: id, branch: codes[0] as string }))).status).toBe(403);
    expect((await callJson(`/api/v1/rankings?campaign=${id}&period=2023-05`, { token })).status).toBe(403);
    expect((await callJson("/api/v1/admin/branches", { token })).status).toBe(403);
    expect((await callJson(`/api/v1/events?campaign=${id}`, { token })).status).toBe(403);
    expect((await callJson("/api/v1/whoami", { token })).status).toBe(403);
    // Reviews (docs/api.md): a judge is no reviewer, and reads no reviews
    const review = await callJson("/api/v1/reviews", { method: "POST", token, json: {} });
    expect(review.status).toBe(403);
    expect((await callJson(`/api/v1/reviews?campaign=${id}`, { token })).status).toBe(403);
    // An unknown judge token is 401; a withdrawn one 403
    expect((await score(event, codes[0] as string, "jxj_unknown", 80)).status).toBe(401);
    const [withdrawn] = await createJudges(event, 1);
    const judges = await callJson(`/api/v1/events/${event}`, { token: withdrawn });
    const judgeId = eventAnswer.parse(judges.body).judges.at(-1)?.id;
    expect((await admin("POST", `/judges/${judgeId}/disable`)).status).toBe(200);
    expect((await score(event, codes[0] as string, withdrawn as string, 80)).status).toBe(403);
    // Only a judge scores: admin and viewer are 403
    for (const other of [ADMIN, VIEWER]) {
      expect((await score(event, codes[0] as string, other, 80)).status).toBe(403);
    }
  });

  it("before close: no raw scores, results or ranks for anyone; a judge sees only its own scores", async () => {
    const { id, codes } = await campaignWith(2);
    const [a, b] = codes as [string, string];
    const event = await createEvent({ campaign: id });
    const [one, two] = await createJudges(event, 2);
    await score(event, a, one as string, 91);
    await score(event, b, one as string, 77);
    await score(event, a, two as string, 65);
    const viewer = await result(event);
    expect(viewer.event.closed).toBe(false);
    expect(viewer.mine).toBeUndefined();
    expect(viewer.rows).toEqual([
      {
        rank: null,
        tied: false,
        branch: expect.objectContaining({ code: a }),
        score: null,
        scores: [],
        dropped: [],
        count: 2,
      },
      {
        rank: null,
        tied: false,
        branch: expect.objectContaining({ code: b }),
        score: null,
        scores: [],
        dropped: [],
        count: 1,
      },
    ]);
    expect(viewer.judges.map((j) => j.scored)).toEqual([2, 1]);
    const asTwo = await result(event, two);
    expect(asTwo.mine?.map((s) => [s.branch, s.score])).toEqual([[a, 65]]);
    expect(JSON.stringify(asTwo)).not.toContain("91");
    await admin("POST", `/events/${event}/close`);
    const published = await result(event);
    expect(published.rows.map((r) => [r.branch.code, r.scores])).toEqual([
      [a, [65, 91]],
      [b, [77]],
    ]);
  });

  it("the office's and the judges' actions are in the audit log, a judge by its id", async () => {
    const { id, codes } = await campaignWith(1);
    const event = await createEvent({ campaign: id });
    const [judge] = await createJudges(event, 1);
    await score(event, codes[0] as string, judge as string, 80);
    await admin("POST", `/events/${event}/close`);
    const { body } = await admin("GET", "/audit?limit=10");
    const entries = (body.entries as { action: string; actor: string; target: string | null }[]).slice(0, 4);
    expect(entries.map((e) => e.action)).toEqual([
      "event.close",
      "event.score",
      "judge.create",
      "event.create",
    ]);
    expect(entries[1]?.actor).toMatch(/^judge:\d+$/);
    expect(entries[1]?.target).toBe(`${event}/${codes[0]}`);
    expect(JSON.stringify(body)).not.toContain(judge as string);
  });

  it("event_scores is append-only against UPDATE, DELETE and INSERT OR REPLACE", async () => {
    const { id, codes } = await campaignWith(1);
    const event = await createEvent({ campaign: id });
    const [judge] = await createJudges(event, 1);
    await score(event, codes[0] as string, judge as string, 80);
    const row = await env.DB.prepare("SELECT * FROM event_scores WHERE event_id = ?")
      .bind(event)
      .first<Json>();
    await expect(
      env.DB.prepare("UPDATE event_scores SET score = 100 WHERE event_id = ?").bind(event).run(),
    ).rejects.toThrow(/append-only/);
    await expect(
      env.DB.prepare("DELETE FROM event_scores WHERE event_id = ?").bind(event).run(),
    ).rejects.toThrow(/append-only/);
    await expect(
      env.DB.prepare(
        "INSERT OR REPLACE INTO event_scores (seq, event_id, judge_id, branch, score, at) VALUES (?, ?, ?, ?, 100, 'x')",
      )
        .bind(row?.seq, event, row?.judge_id, codes[0])
        .run(),
    ).rejects.toThrow(/append-only/);
    expect(
      (await env.DB.prepare("SELECT score FROM event_scores WHERE event_id = ?").bind(event).first<Json>())
        ?.score,
    ).toBe(80);
  });
});

describe("pages: /judge, /events and the projector view", () => {
  async function judgeSession(token: string): Promise<string> {
    const res = await call("/login", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      body: new URLSearchParams({ key: token }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/judge");
    const cookie = (res.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^juxing_session=jxsj_\d+\./);
    return cookie;
  }

  function post(path: string, cookie: string, fields: Record<string, string>, origin = ORIGIN) {
    return call(path, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, Cookie: cookie },
      body: new URLSearchParams(fields).toString(),
    });
  }

  it("a judge signs in with its token, saves scores by plain posts, and a failed save keeps the typed value", async () => {
    const { id, codes } = await campaignWith(2);
    const [a, b] = codes as [string, string];
    const event = await createEvent({ campaign: id, name: "学习大研讨" });
    const [token] = await createJudges(event, 1);
    const cookie = await judgeSession(token as string);
    const first = await (await call("/judge", { headers: { Cookie: cookie } })).text();
    expect(first).toContain("学习大研讨");
    expect(first).toContain("已评 0/2");
    expect(first).toContain(`action="/judge/scores/${a}#b-${a}"`);

    const saved = await post(`/judge/scores/${a}`, cookie, { score: "88.5" });
    expect(saved.status).toBe(303);
    const after = await (
      await call(saved.headers.get("Location") ?? "", { headers: { Cookie: cookie } })
    ).text();
    expect(after).toContain("已评 1/2");
    expect(after).toContain("已保存：88.5 分");
    expect(after).toContain('value="88.5"');

    const bad = await post(`/judge/scores/${b}`, cookie, { score: "101" });
    expect(bad.status).toBe(422);
    const badPage = await bad.text();
    expect(badPage).toContain("没有保存成功：请填写 0 到 100 之间的数字。");
    expect(badPage).toContain('value="101"');
    expect(badPage).toContain("已评 1/2");

    // From another site: refused, nothing stored
    expect((await post(`/judge/scores/${b}`, cookie, { score: "70" }, "https://evil.example")).status).toBe(
      403,
    );
    // Without a session: to the sign-in page
    const anonymous = await post(`/judge/scores/${b}`, "", { score: "70" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?next=%2Fjudge");

    await admin("POST", `/events/${event}/close`);
    const closed = await post(`/judge/scores/${b}`, cookie, { score: "70" });
    expect(closed.status).toBe(409);
    const closedPage = await closed.text();
    expect(closedPage).toContain("本场比赛已结束，分数没有保存。");
    expect(closedPage).toContain('value="70"');
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM event_scores WHERE event_id = ?")
      .bind(event)
      .first<{ n: number }>();
    expect(stored?.n).toBe(1);
    // The page save is in the audit log under the judge
    const { body } = await admin("GET", "/audit?limit=3");
    expect(
      (body.entries as { action: string; actor: string }[]).some(
        (e) => e.action === "event.score" && /^judge:/.test(e.actor),
      ),
    ).toBe(true);
  });

  it("the projector view refreshes itself while open with 已评 counts; the closed result strikes the dropped scores", async () => {
    const { id, codes } = await campaignWith(2);
    const [a, b] = codes as [string, string];
    const event = await createEvent({ campaign: id, name: "技能大比武" });
    const judges = await createJudges(event, 5);
    await scoreAll(event, judges, { [a]: [90, 85, 88, 70, 99], [b]: [80, 80] });
    const screen = await (await call(`/events/${event}/screen`, { token: VIEWER })).text();
    expect(screen).toContain('<meta http-equiv="refresh" content="10"/>');
    expect(screen).toContain("已评 5/5");
    expect(screen).toContain("已评 2/5");
    expect(screen).not.toContain("<s>");
    expect(screen).not.toMatch(/<li>(70|85|88|90|99)<\/li>/);
    expect(screen).not.toContain("87.67");
    const list = await (await call(`/events?campaign=${id}`, { token: VIEWER })).text();
    expect(list).toContain(`href="/events/${event}"`);
    expect(list).toContain("打分中");

    await admin("POST", `/events/${event}/close`);
    const result = await (await call(`/events/${event}`, { token: VIEWER })).text();
    expect(result).not.toContain('http-equiv="refresh"');
    expect(result).toContain("<s>70</s>");
    expect(result).toContain("<s>99</s>");
    expect(result).toContain("<li>85</li>");
    expect(result).toContain("87.67");
    const closedScreen = await (await call(`/events/${event}/screen`, { token: VIEWER })).text();
    expect(closedScreen).not.toContain('http-equiv="refresh"');
  });

  it("withdrawing a judge ends its session; a judge session opens no other page or API", async () => {
    const { id } = await campaignWith(1);
    const event = await createEvent({ campaign: id });
    const [token] = await createJudges(event, 1);
    const cookie = await judgeSession(token as string);
    expect((await call("/judge", { headers: { Cookie: cookie } })).status).toBe(200);
    const rankings = await call(`/rankings?campaign=${id}`, {
      headers: { Cookie: cookie },
      redirect: "manual",
    });
    expect(rankings.status).toBe(302);
    expect(
      (await call(`/api/v1/rankings?campaign=${id}&period=2023-05`, { headers: { Cookie: cookie } })).status,
    ).toBe(403);
    const judgeId = eventAnswer.parse((await callJson(`/api/v1/events/${event}`, { token })).body).judges[0]
      ?.id;
    expect((await admin("POST", `/judges/${judgeId}/disable`)).status).toBe(200);
    const after = await call("/judge", { headers: { Cookie: cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toBe("/login?next=%2Fjudge");
  });

  it("pages ask viewers to sign in; a judge session is no viewer", async () => {
    const res = await call("/events/1", { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?next=%2Fevents%2F1");
  });
});
