/**
 * Month-end load (issue 6, docs/quality.md): against `wrangler dev` on loopback with a fresh local
 * database, 200 branches registered through the admin API sync at once. Each sends its list; 30 %
 * re-send under the same Idempotency-Key after the answer came (a client whose answer was lost),
 * 5 % send the same key twice concurrently (a double click, or a retry racing the first try), and
 * 10 % send a corrected list under a new key. Then every key must map to exactly one stored row,
 * the rankings must list every branch with its latest score, and nothing may answer 5xx.
 *
 * `monthEnd()` is shared by the stack test (test/stack/month-end.test.ts, which asserts) and
 * `loadBench()` (npm run bench, which reports). `robustBench()` runs the robustness tests
 * themselves and reports the figures they print.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { apiUrl, callApi, callApiOk, errorMessage, parseAnswer } from "../cli/http.ts";
import { readBook } from "../cli/xlsx.ts";
import { demoWorkbook } from "../scripts/demo/workbook.ts";
import {
  applyMigrations,
  freePort,
  queryLocal,
  quietEnv,
  root,
  startDevServer,
} from "../scripts/lib/stack.ts";
import { analyzeBook } from "../shared/analyze.ts";
import { branchHistoryAnswer, rankingsAnswer } from "../shared/api/rankings.ts";
import { branchTokenAnswer, campaignAnswer, submissionAnswer } from "../shared/api/schemas.ts";
import { type Submission, submissionFromReport } from "../shared/submission.ts";
import type { Figure } from "./core.ts";
import { pool } from "./pool.ts";

const ADMIN = "load-admin";
const VIEWER = "load-viewer";
const CAMPAIGN = "month-end-2023";
const PERIOD = "2023-06";

export interface Attempt {
  branch: string;
  key: string;
  status: number;
  ms: number;
  submissionId: string | null;
  total: number | null;
  replayed: boolean;
}

export interface MonthEndResult {
  branches: number;
  /** Every submission POST of the month-end burst, retries included. */
  requests: number;
  /** Distinct Idempotency-Keys sent: what should be stored. */
  keys: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  /** A 2xx whose submission is not stored, or a key answered with two different submissions. */
  lost: number;
  /** More than one stored row for a key, or a stored row no answer named. */
  doubled: number;
  /** Rows stored for the campaign, read from D1 after the server stopped. */
  stored: number;
  rankedRows: number;
  missing: number;
  /** Branches whose ranked score or history is not their latest accepted answer. */
  wrongStanding: number;
  attempts: Attempt[];
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Submission bodies for June from demo workbooks at `levels` levels of diligence (distinct scores). */
async function templates(levels: number): Promise<Submission[]> {
  const out: Submission[] = [];
  for (let level = 0; level < levels; level++) {
    const bytes = await demoWorkbook({ code: `l${level}`, name: `支部${level}` }, 2023, 6, level / levels);
    const report = analyzeBook(await readBook(bytes), { asOf: `${PERIOD}-28` });
    out.push(
      submissionFromReport(report, {
        campaign: CAMPAIGN,
        branch: "x",
        period: PERIOD,
        workbook: { name: "重点任务清单.xlsx", sha256: "c".repeat(64) },
        client: { app: "cli", version: "load" },
      }),
    );
  }
  return out;
}

/** Submission ids and keys stored for the campaign, straight from the local D1 (server stopped). */
async function storedRows(persistTo: string): Promise<{ id: string; branch: string; key: string }[]> {
  return queryLocal(
    persistTo,
    `SELECT id, branch, idempotency_key AS key FROM submissions WHERE campaign = '${CAMPAIGN}'`,
  );
}

/**
 * Starts its own `wrangler dev` (127.0.0.1, a fresh temporary database), runs the month-end burst
 * for `branches` branches, checks the outcome through the API and then D1, and stops the server.
 */
export async function monthEnd(options: { branches?: number } = {}): Promise<MonthEndResult> {
  const branchCount = options.branches ?? 200;
  const persistTo = mkdtempSync(join(tmpdir(), "juxing-month-end-"));
  await applyMigrations(persistTo);
  const server = await startDevServer({
    port: await freePort(),
    persistTo,
    vars: { ADMIN_TOKEN: ADMIN, VIEWER_KEY: VIEWER, PUBLIC_RANKINGS: "false" },
  });
  const api = (path: string) => apiUrl(server.url, path);
  let attempts: Attempt[] = [];
  let seconds = 0;
  const latest = new Map<string, { key: string; total: number | null }>();
  let ranked: { branch: { code: string }; score: number }[] = [];
  let missing = 0;
  let wrongStanding = 0;
  let stored: { id: string; branch: string; key: string }[] = [];
  try {
    await callApiOk("POST", api("api/v1/admin/campaigns"), ADMIN, campaignAnswer, {
      id: CAMPAIGN,
      name: "月末压力测试",
      year: 2023,
      expectedProjects: 14,
      // A historical year: every month open; claims taken at their word (this bench is about load).
      acceptance: "self",
      activities: "self",
      windowDays: null,
    });
    const codes = Array.from({ length: branchCount }, (_, b) => `m${String(b).padStart(3, "0")}`);
    const tokens = await pool(
      8,
      codes.map((code, b) => async () => {
        const created = await callApiOk("POST", api("api/v1/admin/branches"), ADMIN, branchTokenAnswer, {
          code,
          name: `月末支部${b}`,
          campaign: CAMPAIGN,
        });
        return created.token;
      }),
    );
    const bodies = await templates(10);

    const send = async (b: number, key: string, body: Submission): Promise<Attempt> => {
      const started = performance.now();
      const answer = await callApi("POST", api("api/v1/submissions"), {
        token: tokens[b],
        body,
        headers: { "Idempotency-Key": key },
      });
      // A refusal is counted by its status; an answer that claims success must fit the contract.
      const json =
        answer.status < 300 ? parseAnswer(submissionAnswer, answer, "POST /api/v1/submissions") : null;
      return {
        branch: codes[b] as string,
        key,
        status: answer.status,
        ms: performance.now() - started,
        submissionId: json?.submissionId ?? null,
        total: json?.score.total ?? null,
        replayed: answer.headers.get("Idempotent-Replayed") === "true",
      };
    };

    /** One branch at month-end; see the file comment for who retries how. */
    const sync = async (b: number): Promise<Attempt[]> => {
      const code = codes[b] as string;
      const body = { ...(bodies[b % bodies.length] as Submission), branch: code };
      const key = crypto.randomUUID();
      const mine: Attempt[] = [];
      if (b % 20 === 7) mine.push(...(await Promise.all([send(b, key, body), send(b, key, body)])));
      else mine.push(await send(b, key, body));
      if (b % 10 < 3) mine.push(await send(b, key, body));
      latest.set(code, { key, total: mine[0]?.total ?? null });
      if (b % 10 === 9) {
        const corrected = { ...(bodies[(b + 3) % bodies.length] as Submission), branch: code };
        const second = crypto.randomUUID();
        mine.push(await send(b, second, corrected));
        if (b % 20 === 19) mine.push(await send(b, second, corrected));
        latest.set(code, { key: second, total: mine.at(-1)?.total ?? null });
      }
      return mine;
    };

    const started = performance.now();
    attempts = (await Promise.all(codes.map((_, b) => sync(b)))).flat();
    seconds = (performance.now() - started) / 1000;

    const rankings = await callApi("GET", api(`api/v1/rankings?campaign=${CAMPAIGN}&period=${PERIOD}`), {
      token: VIEWER,
    });
    if (rankings.status !== 200) throw new Error(`rankings: ${errorMessage(rankings)}`);
    const body = parseAnswer(rankingsAnswer, rankings, "GET /api/v1/rankings");
    ranked = body.rows;
    missing = body.missing.length;
    const scoreOf = new Map(ranked.map((row) => [row.branch.code, row.score]));
    const idOf = new Map(attempts.filter((a) => a.submissionId).map((a) => [a.key, a.submissionId]));
    // Each branch's standing is its latest list: the ranked score and the history's submission.
    const histories = await pool(
      8,
      codes.map(
        (code) => () =>
          callApi("GET", api(`api/v1/branches/${code}/history?campaign=${CAMPAIGN}`), { token: VIEWER }),
      ),
    );
    codes.forEach((code, b) => {
      const want = latest.get(code);
      const answer = histories[b];
      const history = answer
        ? parseAnswer(branchHistoryAnswer, answer, "GET /api/v1/branches/:code/history")
        : null;
      const june = history?.months.find((m) => m.period === PERIOD);
      if (!want || scoreOf.get(code) !== want.total || june?.submissionId !== idOf.get(want.key))
        wrongStanding += 1;
    });
  } finally {
    await server.stop();
  }
  try {
    stored = await storedRows(persistTo);
  } finally {
    rmSync(persistTo, { recursive: true, force: true });
  }

  const byStatus: Record<string, number> = {};
  for (const a of attempts) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  const answered = new Map<string, Set<string>>();
  for (const a of attempts) {
    if (a.status < 200 || a.status >= 300 || !a.submissionId) continue;
    const ids = answered.get(a.key) ?? new Set<string>();
    ids.add(a.submissionId);
    answered.set(a.key, ids);
  }
  const storedByKey = new Map<string, string[]>();
  for (const row of stored) storedByKey.set(row.key, [...(storedByKey.get(row.key) ?? []), row.id]);
  let lost = 0;
  let doubled = 0;
  for (const [key, ids] of answered) {
    const rows = storedByKey.get(key) ?? [];
    if (ids.size > 1) lost += ids.size - 1;
    for (const id of ids) if (!rows.includes(id)) lost += 1;
  }
  for (const [key, rows] of storedByKey) {
    if (rows.length > 1) doubled += rows.length - 1;
    if (!answered.has(key)) doubled += rows.length;
  }
  const latencies = attempts.map((a) => a.ms).sort((x, y) => x - y);
  return {
    branches: branchCount,
    requests: attempts.length,
    keys: new Set(attempts.map((a) => a.key)).size,
    seconds,
    throughput: attempts.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    byStatus,
    serverErrors: attempts.filter((a) => a.status >= 500).length,
    lost,
    doubled,
    stored: stored.length,
    rankedRows: ranked.length,
    missing,
    wrongStanding,
    attempts,
  };
}

export async function loadBench(): Promise<Figure[]> {
  const r = await monthEnd({ branches: 200 });
  return [
    { name: "load.month-end-branches", value: r.branches, unit: "count" },
    { name: "load.month-end-requests (with retries)", value: r.requests, unit: "count" },
    { name: "load.month-end-throughput", value: r.throughput, unit: "req/s" },
    { name: "load.month-end-latency-p50", value: r.p50, unit: "ms" },
    { name: "load.month-end-latency-p99", value: r.p99, unit: "ms" },
    { name: "load.month-end-5xx", value: r.serverErrors, unit: "count", target: "0" },
    { name: "load.month-end-lost", value: r.lost, unit: "count", target: "0" },
    { name: "load.month-end-doubled", value: r.doubled, unit: "count", target: "0" },
    { name: "load.month-end-stored-vs-keys", value: r.stored - r.keys, unit: "count", target: "0" },
    { name: "load.month-end-ranked-rows", value: r.rankedRows, unit: "count", target: `${r.branches}` },
  ];
}

/**
 * The robustness suites' own figures: the broken-workbook corpus with its byte mutations
 * (test/robust) and the submission-body fuzzing in workerd (worker/test/fuzz.test.ts). They run
 * as the tests they are — the fuzzing needs workerd and D1 from the Worker's test pool — and each
 * prints one `juxing-figure {json}` line, read here. A failing test still reports its figures,
 * and its exit status is a figure of its own.
 */
export async function robustBench(): Promise<Figure[]> {
  const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
  const args = [vitest, "run", "--project", "robust", "--project", "worker", "workbooks.test", "fuzz.test"];
  let stdout = "";
  let status = 0;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, args, {
      cwd: root,
      env: quietEnv,
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    const failed = error as { stdout?: string; code?: number };
    stdout = failed.stdout ?? "";
    status = typeof failed.code === "number" ? failed.code : 1;
  }
  const printed = new Map<string, Record<string, number>>();
  for (const [, json] of stdout.matchAll(/juxing-figure (\{.*\})/g)) {
    const figures = JSON.parse(json as string) as { suite: string } & Record<string, number>;
    printed.set(figures.suite, figures);
  }
  const workbooks = printed.get("workbooks");
  const fuzz = printed.get("fuzz");
  if (!workbooks || !fuzz) throw new Error(`the robustness tests printed no figures (exit ${status})`);
  return [
    { name: "robust.tests-exit-status", value: status, unit: "code", target: "0" },
    { name: "robust.workbook-corpus-files", value: workbooks.files as number, unit: "count" },
    { name: "robust.workbook-corpus-reports", value: workbooks.reports as number, unit: "count" },
    {
      name: "robust.workbook-corpus-file-errors",
      value: (workbooks.files as number) - (workbooks.reports as number),
      unit: "count",
    },
    { name: "robust.workbook-byte-mutations", value: workbooks.mutations as number, unit: "count" },
    { name: "robust.workbook-crashes", value: workbooks.crashes as number, unit: "count", target: "0" },
    { name: "robust.fuzz-cases", value: fuzz.cases as number, unit: "count" },
    { name: "robust.fuzz-retries-same-key", value: fuzz.retries as number, unit: "count" },
    { name: "robust.fuzz-accepted", value: fuzz.accepted as number, unit: "count" },
    { name: "robust.fuzz-rejected-4xx", value: fuzz.rejected as number, unit: "count" },
    { name: "robust.fuzz-5xx", value: fuzz.serverErrors as number, unit: "count", target: "0" },
    { name: "robust.fuzz-lost", value: fuzz.lost as number, unit: "count", target: "0" },
    { name: "robust.fuzz-doubled", value: fuzz.doubled as number, unit: "count", target: "0" },
    { name: "robust.fuzz-seconds", value: fuzz.seconds as number, unit: "s", target: "≤ 60" },
  ];
}
