/**
 * Honest timing (docs/api.md, "Period and as-of") with real D1: the server's as-of from the
 * campaign's timezone, a month's window, period.closed with the deadline in words, period.future,
 * and the office reopening a month for one branch.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { isoMonth } from "../../shared/dates.ts";
import { lastDayOf, todayIn } from "../../shared/period.ts";
import {
  admin,
  createBranch,
  type Json,
  newCampaign,
  project,
  projectRows,
  submission,
  submit,
  submitOk,
} from "./helpers.ts";

const zone = "Asia/Shanghai";
const today = todayIn(zone, new Date());
const [year, month] = today.split("-").map(Number) as [number, number];
const thisMonth = isoMonth(year, month);
const lastMonth = month === 1 ? isoMonth(year - 1, 12) : isoMonth(year, month - 1);
const nextMonth = month === 12 ? isoMonth(year + 1, 1) : isoMonth(year, month + 1);

/** A campaign of `period`'s year with a window of `windowDays`, and one branch in it. */
async function setUp(id: string, period: string, windowDays: number | null): Promise<string> {
  await newCampaign({ id, year: Number(period.slice(0, 4)), windowDays, timezone: zone });
  return createBranch(`${id}-b`, id);
}

function bodyFor(id: string, period: string, over: Partial<Parameters<typeof submission>[0]> = {}) {
  return submission({ campaign: id, branch: `${id}-b`, period, asOf: `${period}-01`, ...over });
}

function errorOf(body: Json) {
  return body.error as { code: string; message: string; period?: string; closedOn?: string };
}

describe("the server's as-of", () => {
  it("is today in the campaign's timezone while the month runs, whatever the body says", async () => {
    const id = "time-now";
    const token = await setUp(id, thisMonth, 5);
    // A project due yesterday, not done: a client that sends an earlier as-of hides it no more.
    const due = new Date(Date.UTC(year, month - 1, Number(today.slice(8)) - 1)).toISOString().slice(0, 10);
    const specs = Array.from({ length: 14 }, (_, i) =>
      project(
        i,
        i === 0 ? { deadline: due, status: "推进中", progress: "50%" } : { deadline: lastDayOf(thisMonth) },
      ),
    );
    const answer = await submitOk(
      token,
      bodyFor(id, thisMonth, { projects: projectRows(specs), asOf: `${thisMonth}-01` }),
    );
    expect(answer.asOf).toBe(today);
    const row = await env.DB.prepare("SELECT as_of, client_as_of FROM submissions WHERE id = ?")
      .bind(answer.submissionId)
      .first<{ as_of: string; client_as_of: string }>();
    expect(row).toEqual({ as_of: today, client_as_of: `${thisMonth}-01` });
    if (due >= `${thisMonth}-01`) expect((answer.score as Json).overdue).toBe(1);
  });
});

describe("a month's window", () => {
  let closedToken = "";
  const closedId = "time-closed";

  beforeAll(async () => {
    closedToken = await setUp(closedId, lastMonth, 0);
  });

  it("a month not yet begun is 422 period.future", async () => {
    const id = "time-future";
    const token = await setUp(id, nextMonth, 5);
    const res = await submit(token, bodyFor(id, nextMonth));
    expect(res.status).toBe(422);
    expect(errorOf(res.body)).toMatchObject({ code: "period.future", period: nextMonth });
  });

  it("after its window a month is 422 period.closed, with the deadline in the message", async () => {
    const res = await submit(closedToken, bodyFor(closedId, lastMonth));
    expect(res.status).toBe(422);
    const error = errorOf(res.body);
    expect(error).toMatchObject({ code: "period.closed", period: lastMonth, closedOn: lastDayOf(lastMonth) });
    const [y, m, d] = lastDayOf(lastMonth).split("-").map(Number);
    expect(error.message).toContain(String(d));
    expect(error.message).toContain(String(y));
    expect(error.message).toMatch(/closed on/);
    expect(m).toBeGreaterThan(0);
  });

  it("the office reopens it for one branch until a date; past that date it is closed again", async () => {
    const reopened = await admin("POST", "/reopen", {
      campaign: closedId,
      branch: `${closedId}-b`,
      period: lastMonth,
      until: today,
    });
    expect(reopened.status).toBe(201);
    const answer = await submitOk(closedToken, bodyFor(closedId, lastMonth));
    // a month that is over is judged as of its last day
    expect(answer.asOf).toBe(lastDayOf(lastMonth));
    const audit = await admin("GET", "/audit");
    expect(audit.body.entries).toContainEqual(expect.objectContaining({ action: "period.reopen" }));

    // The latest reopening counts: until yesterday means closed today.
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await admin("POST", "/reopen", {
      campaign: closedId,
      branch: `${closedId}-b`,
      period: lastMonth,
      until: yesterday,
    });
    const again = await submit(closedToken, bodyFor(closedId, lastMonth));
    expect(again.status).toBe(422);
    expect(errorOf(again.body).code).toBe("period.closed");
  });

  it("reopening checks its input: unknown branch 404, a bad date 422, another year 422", async () => {
    expect(
      (
        await admin("POST", "/reopen", {
          campaign: closedId,
          branch: "nobody",
          period: lastMonth,
          until: today,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await admin("POST", "/reopen", {
          campaign: closedId,
          branch: `${closedId}-b`,
          period: lastMonth,
          until: "2026-02-30",
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await admin("POST", "/reopen", {
          campaign: closedId,
          branch: `${closedId}-b`,
          period: "1999-01",
          until: today,
        })
      ).status,
    ).toBe(422);
  });

  it("windowDays: null keeps every month open; an unknown timezone is refused", async () => {
    const id = "time-open";
    const token = await setUp(id, "2023-01", null);
    expect((await submit(token, bodyFor(id, "2023-01"))).status).toBe(201);
    const bad = await admin("POST", "/campaigns", {
      id: "time-tz",
      name: "x",
      year: 2023,
      timezone: "Mars/Olympus",
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("timezone");
  });
});
