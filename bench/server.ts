/**
 * Worker benchmarks on `wrangler dev` (docs/quality.md): the rankings' throughput against /healthz with
 * 200 branches × 12 months stored, side by side, and 50 concurrent 500-project submissions; and
 * the daily 督办 run over the same data, every branch and the office wired to a local receiver
 * (its duration, D1 round trips and messages; then a second run the same day that sends nothing).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { apiUrl, callApi, callApiOk } from "../cli/http.ts";
import { readBook } from "../cli/xlsx.ts";
import { demoWorkbook } from "../scripts/demo/workbook.ts";
import { applyMigrations, freePort, startDevServer } from "../scripts/lib/stack.ts";
import { startReceiver } from "../scripts/notify-receiver.ts";
import { analyzeBook } from "../shared/analyze.ts";
import {
  eventCreatedAnswer,
  eventStateAnswer,
  judgeCreatedAnswer,
  scoreSavedAnswer,
} from "../shared/api/events.ts";
import { channelAnswer, notifyRunAnswer } from "../shared/api/notify.ts";
import { reviewAnswer, reviewerTokenAnswer, reviewsAnswer } from "../shared/api/reviews.ts";
import { branchTokenAnswer, campaignAnswer, submissionAnswer } from "../shared/api/schemas.ts";
import { isoMonth } from "../shared/dates.ts";
import { type Submission, submissionFromReport } from "../shared/submission.ts";
import type { Figure } from "./core.ts";
import { pool } from "./pool.ts";

const ADMIN = "bench-admin";
const VIEWER = "bench-viewer";
const CAMPAIGN = "bench-2023";

function bodyFor(template: Submission, branch: string, period: string): Submission {
  const lastDay = new Date(Date.UTC(2023, Number(period.slice(5)), 0)).toISOString().slice(0, 10);
  return { ...template, campaign: CAMPAIGN, branch, period, asOf: lastDay };
}

async function throughput(url: string, headers: Record<string, string>) {
  const result = await autocannon({ url, connections: 16, duration: 8, headers });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

/** A reviewer of the bench campaign; 60 % of June's claims accepted and 15 % returned. Its token. */
async function seedReviews(api: (path: string) => string): Promise<string> {
  const reviewer = await callApiOk("POST", api("api/v1/admin/reviewers"), ADMIN, reviewerTokenAnswer, {
    campaign: CAMPAIGN,
    name: "核查",
  });
  const { items } = await callApiOk(
    "GET",
    api(`api/v1/reviews?campaign=${CAMPAIGN}&period=2023-06`),
    reviewer.token,
    reviewsAnswer,
  );
  await pool(
    8,
    items
      .filter((_, i) => i % 20 < 15)
      .map((item, i) => () => {
        const decision = i % 5 === 4 ? "return" : "accept";
        return callApiOk(
          "POST",
          api("api/v1/reviews"),
          reviewer.token,
          reviewAnswer,
          {
            campaign: CAMPAIGN,
            branch: item.branch.code,
            period: "2023-06",
            project: item.project.name,
            contentHash: item.contentHash,
            decision,
            ...(decision === "return" ? { reason: "佐证材料不足" } : {}),
          },
          { "Idempotency-Key": crypto.randomUUID() },
        );
      }),
  );
  return reviewer.token;
}

/** A submission of `n` projects, made by repeating a demo list's rows under new names. */
function bigProjects(rows: Submission["projects"], n: number): Submission["projects"] {
  return Array.from({ length: n }, (_, i) => {
    const source = rows[i % rows.length] as Submission["projects"][number];
    const row = i + 3;
    const cells = Object.fromEntries(
      Object.entries(source.cells).map(([field, ref]) => [
        field,
        { cell: ref.cell.replace(/\d+$/, String(row)), value: field === "name" ? `项目${i + 1}` : ref.value },
      ]),
    );
    return { sheet: source.sheet, row, cells };
  });
}

async function seedJudgedEvents(api: (path: string) => string, branches: number): Promise<void> {
  for (const [e, date] of ["2023-03-20", "2023-05-20"].entries()) {
    const event = await callApiOk("POST", api("api/v1/admin/events"), ADMIN, eventCreatedAnswer, {
      campaign: CAMPAIGN,
      name: `比赛${e + 1}`,
      period: date.slice(0, 7),
      date,
    });
    const judges: string[] = [];
    // Ten judges, each scoring every other branch: 5 per branch, 100 per judge (under the per-token
    // limit of 120 a minute, which a real panel of 17 branches never nears).
    for (let j = 0; j < 10; j++) {
      const judge = await callApiOk(
        "POST",
        api(`api/v1/admin/events/${event.id}/judges`),
        ADMIN,
        judgeCreatedAnswer,
        { name: `评委${j + 1}` },
      );
      judges.push(judge.token);
    }
    await pool(
      8,
      judges.flatMap((token, j) =>
        Array.from({ length: branches }, (_, b) => b)
          .filter((b) => (b + j) % 2 === 0)
          .map(
            (b) => () =>
              callApiOk("PUT", api(`api/v1/events/${event.id}/scores/b${b}`), token, scoreSavedAnswer, {
                score: 60 + ((b + j * 7) % 40),
              }),
          ),
      ),
    );
    await callApiOk("POST", api(`api/v1/admin/events/${event.id}/close`), ADMIN, eventStateAnswer);
  }
}

/** Every branch and the office on a local receiver, then the daily run twice (its own timing). */
async function reminderRun(api: (path: string) => string, branches: number) {
  let received = 0;
  const receiver = await startReceiver(0, () => {
    received += 1;
  });
  try {
    for (let b = 0; b < branches; b++)
      await callApiOk("PUT", api(`api/v1/admin/branches/b${b}/notify`), ADMIN, channelAnswer, {
        kind: "webhook",
        url: `${receiver.url}/b${b}`,
      });
    await callApiOk("PUT", api(`api/v1/admin/campaigns/${CAMPAIGN}/notify`), ADMIN, channelAnswer, {
      kind: "webhook",
      url: `${receiver.url}/office`,
    });
    const first = await callApiOk("POST", api("api/v1/admin/notify/run"), ADMIN, notifyRunAnswer);
    const second = await callApiOk("POST", api("api/v1/admin/notify/run"), ADMIN, notifyRunAnswer);
    return { first, second, received };
  } finally {
    receiver.server.close();
  }
}

export async function serverBench(): Promise<Figure[]> {
  const persistTo = mkdtempSync(join(tmpdir(), "juxing-bench-"));
  await applyMigrations(persistTo);
  const server = await startDevServer({
    port: await freePort(),
    persistTo,
    // The reminders run as of a day late in the campaign year the lists are from.
    vars: { ADMIN_TOKEN: ADMIN, VIEWER_KEY: VIEWER, PUBLIC_RANKINGS: "false", NOTIFY_TODAY: "2023-12-25" },
  });
  try {
    const api = (path: string) => apiUrl(server.url, path);
    await callApiOk("POST", api("api/v1/admin/campaigns"), ADMIN, campaignAnswer, {
      id: CAMPAIGN,
      name: "Bench",
      year: 2023,
      expectedProjects: 14,
      // Verified claims, so the rankings query joins the reviews (seeded below); a historical
      // year, every month open; the workbook's own activities (no judged events here).
      acceptance: "reviewed",
      activities: "self",
      windowDays: null,
    });

    // 17 levels of diligence × 12 months of real demo workbooks, spread over 200 branches.
    const templates: Submission[][] = [];
    for (let level = 0; level < 17; level++) {
      templates.push([]);
      for (let month = 1; month <= 12; month++) {
        const period = isoMonth(2023, month);
        const bytes = await demoWorkbook(
          { code: `l${level}`, name: `支部${level}` },
          2023,
          month,
          level / 17,
        );
        const report = analyzeBook(await readBook(bytes), { asOf: `${period}-28` });
        templates[level]?.push(
          submissionFromReport(report, {
            campaign: CAMPAIGN,
            branch: "x",
            period,
            workbook: { name: "bench.xlsx", sha256: "0".repeat(64) },
            client: { app: "cli", version: "bench" },
          }),
        );
      }
    }
    const tokens: string[] = [];
    for (let b = 0; b < 200; b++) {
      const created = await callApiOk("POST", api("api/v1/admin/branches"), ADMIN, branchTokenAnswer, {
        code: `b${b}`,
        name: `测试支部${b}`,
        campaign: CAMPAIGN,
      });
      tokens.push(created.token);
    }
    const seedStart = performance.now();
    await pool(
      8,
      tokens.flatMap((token, b) =>
        Array.from({ length: 12 }, (_, m) => () => {
          const template = templates[b % 17]?.[m] as Submission;
          return callApiOk(
            "POST",
            api("api/v1/submissions"),
            token,
            submissionAnswer,
            bodyFor(template, `b${b}`, template.period),
            {
              "Idempotency-Key": crypto.randomUUID(),
            },
          );
        }),
      ),
    );
    const seedSeconds = (performance.now() - seedStart) / 1000;
    // Two closed judged events over every branch (5 judges' scores each): under `activities: "judged"`
    // the rankings read their results too.
    await seedJudgedEvents(api, tokens.length);

    // A reviewer decides most of June's claims (accepted, some returned), so the rankings tally
    // reviews in force and the review page has a realistic month to show.
    const reviewer = await seedReviews(api);

    const auth = { Authorization: `Bearer ${VIEWER}` };
    await fetch(api(`api/v1/rankings?campaign=${CAMPAIGN}&period=2023-06`), { headers: auth });
    const health = await throughput(api("healthz"), {});
    const rankings = await throughput(api(`api/v1/rankings?campaign=${CAMPAIGN}&period=2023-06`), auth);

    // The reviewer's page: June's claims of every branch tallied, the next branch's shown.
    const reviewPage = await throughput(api("review?period=2023-06"), {
      Authorization: `Bearer ${reviewer}`,
    });

    const reminders = await reminderRun(api, tokens.length);

    // 50 branches send a 500-project list at once.
    const big = templates[16]?.[5] as Submission;
    const projects = bigProjects(big.projects, 500);
    const latencies = await Promise.all(
      tokens.slice(0, 50).map(async (token, b) => {
        const start = performance.now();
        const answer = await callApi("POST", api("api/v1/submissions"), {
          token,
          body: { ...bodyFor(big, `b${b}`, "2023-07"), projects },
          headers: { "Idempotency-Key": crypto.randomUUID() },
        });
        return { ms: performance.now() - start, ok: answer.status === 201 };
      }),
    );
    const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

    return [
      { name: "worker.seed-2400-submissions", value: seedSeconds, unit: "s" },
      { name: "worker.review-page-latency-p50 (200 branches, June)", value: reviewPage.p50, unit: "ms" },
      { name: "worker.review-page-latency-p99", value: reviewPage.p99, unit: "ms" },
      { name: "worker.review-page-non-2xx", value: reviewPage.non2xx, unit: "count", target: "0" },
      { name: "notify.daily-run-200-branches", value: reminders.first.ms, unit: "ms" },
      {
        name: "notify.daily-run-d1-round-trips",
        value: reminders.first.queries,
        unit: "count",
        target: "≤ 8",
      },
      { name: "notify.daily-run-messages", value: reminders.first.sent, unit: "count" },
      { name: "notify.daily-run-received", value: reminders.received, unit: "count" },
      { name: "notify.daily-run-failed", value: reminders.first.failed, unit: "count", target: "0" },
      { name: "notify.second-run-same-day", value: reminders.second.ms, unit: "ms" },
      { name: "notify.second-run-messages", value: reminders.second.sent, unit: "count", target: "0" },
      { name: "worker.healthz-throughput", value: health.rps, unit: "req/s" },
      { name: "worker.rankings-throughput (200×12 stored)", value: rankings.rps, unit: "req/s" },
      {
        name: "worker.rankings-to-healthz",
        value: rankings.rps / health.rps,
        unit: "ratio",
        target: "≥ 0.5",
      },
      { name: "worker.rankings-latency-p50", value: rankings.p50, unit: "ms" },
      { name: "worker.rankings-latency-p99", value: rankings.p99, unit: "ms" },
      { name: "worker.load-non-2xx", value: health.non2xx + rankings.non2xx, unit: "count", target: "0" },
      { name: "worker.submit-500-projects-50-concurrent-p50", value: at(0.5), unit: "ms" },
      { name: "worker.submit-500-projects-50-concurrent-max", value: at(1), unit: "ms" },
      {
        name: "worker.submit-500-projects-50-concurrent-errors",
        value: latencies.filter((l) => !l.ok).length,
        unit: "count",
        target: "0",
      },
    ];
  } finally {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}
