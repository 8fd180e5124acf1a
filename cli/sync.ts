/**
 * `juxing sync FILE --server URL --token T` — validate locally, then send the normalized rows with
 * a fresh idempotency key; retry with the same key on network errors, 5xx and 429; print the
 * server's score and rank (the server re-scores: its numbers are the ones that count).
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { analyzeBook } from "../shared/analyze.ts";
import { isoDate, lastDayOfMonth } from "../shared/dates.ts";
import type { Lang } from "../shared/findings.ts";
import { rubricSchema } from "../shared/rubric.ts";
import { round2 } from "../shared/score.ts";
import { monthPeriod, submissionFromReport } from "../shared/submission.ts";
import { WorkbookFileError } from "../shared/workbook-file.ts";
import { langFrom, UsageError } from "./args.ts";
import {
  apiUrl,
  callApi,
  errorMessage,
  isRetryable,
  retryAfterMs,
  ServerUnreachable,
  sleep,
} from "./http.ts";
import { enqueue, type Pending, pendingFor, settle } from "./outbox.ts";
import type { Output } from "./output.ts";
import { readFileBytes, readWorkbook } from "./read-workbook.ts";
import { asOfFrom, today } from "./validate.ts";

export const VERSION = "0.1.0";
const ATTEMPTS = 5;

type SendResult =
  | { kind: "answered"; status: number; body: unknown }
  | { kind: "unreachable"; reason: string };

/** One submission, retried with the same key until the server answers something final. */
export async function send(
  server: string,
  token: string,
  item: Pending,
  attempts = ATTEMPTS,
): Promise<SendResult> {
  let reason = "";
  for (let attempt = 0; attempt < attempts; attempt++) {
    const backoff = 500 * 2 ** attempt;
    try {
      const answer = await callApi("POST", apiUrl(server, "api/v1/submissions"), {
        token,
        body: item.body,
        headers: { "Idempotency-Key": item.key },
      });
      if (!isRetryable(answer.status)) return { kind: "answered", status: answer.status, body: answer.body };
      reason = errorMessage(answer);
      if (attempt + 1 < attempts) await sleep(retryAfterMs(answer.headers, backoff));
    } catch (error) {
      if (!(error instanceof ServerUnreachable)) throw error;
      reason = error.message;
      if (attempt + 1 < attempts) await sleep(backoff);
    }
  }
  return { kind: "unreachable", reason };
}

/** Today when it is still inside the period's window, else the period's last day (SPEC §3.4). */
export function defaultAsOf(period: string): string {
  const [year, month] = period.split("-").map(Number) as [number, number];
  const last = isoDate(year, month, lastDayOfMonth(year, month)) as string;
  const now = today();
  return now < `${period}-01` || now > last ? last : now;
}

const words = {
  "zh-CN": {
    synced: (score: number, rank: number | null, period: string) =>
      `已同步：${period} 得分 ${score}${rank ? `，排名第 ${rank} 名` : ""}`,
    resent: (n: number) => `已补发 ${n} 份之前未送达的报送`,
    kept: "同步失败：服务器无法连接，已保存，下次同步时自动重发",
    rejected: "服务器拒绝了报送",
    unreachable: "同步失败：无法连接服务器，请检查网络和服务器地址后重试",
  },
  en: {
    synced: (score: number, rank: number | null, period: string) =>
      `Synced: ${period} score ${score}${rank ? `, rank ${rank}` : ""}`,
    resent: (n: number) => `Re-sent ${n} earlier submission(s) that had not arrived`,
    kept: "Sync failed: the server cannot be reached. The submission is saved and will be re-sent on the next sync.",
    rejected: "The server rejected the submission",
    unreachable:
      "Sync failed: the server cannot be reached; check the network and the server URL, then try again.",
  },
} as const;

interface Campaign {
  id: string;
  expectedProjects: number;
  year: number;
  rubric: unknown;
}

async function fetchCampaign(server: string, token: string, id: string): Promise<Campaign> {
  const answer = await callApi("GET", apiUrl(server, `api/v1/campaigns/${encodeURIComponent(id)}`), {
    token,
  });
  if (answer.status !== 200) throw new UsageError(`campaign ${id}: ${errorMessage(answer)}`);
  return answer.body as Campaign;
}

async function whoAmI(server: string, token: string): Promise<{ branch: string; campaign: string }> {
  const answer = await callApi("GET", apiUrl(server, "api/v1/whoami"), { token });
  if (answer.status !== 200) throw new UsageError(`token: ${errorMessage(answer)}`);
  const body = answer.body as { branch: { code: string }; campaign: string };
  return { branch: body.branch.code, campaign: body.campaign };
}

export async function syncCommand(args: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      server: { type: "string" },
      token: { type: "string" },
      "as-of": { type: "string" },
      period: { type: "string" },
      campaign: { type: "string" },
      branch: { type: "string" },
      json: { type: "boolean", default: false },
      lang: { type: "string" },
    },
  });
  const [file] = positionals;
  const server = values.server ?? process.env.JUXING_SERVER;
  const token = values.token ?? process.env.JUXING_TOKEN;
  if (!file || positionals.length > 1) throw new UsageError("name one .xlsx file");
  if (!server) throw new UsageError("--server URL is required (or JUXING_SERVER)");
  if (!token) throw new UsageError("--token T is required (or JUXING_TOKEN)");
  if (values.period !== undefined && !monthPeriod.safeParse(values.period).success) {
    throw new UsageError(`--period must be a month YYYY-MM, not "${values.period}"`);
  }
  const lang: Lang = langFrom(values.lang);
  const w = words[lang];

  try {
    const me = await whoAmI(server, token);
    const campaignId = values.campaign ?? me.campaign;
    const campaign = await fetchCampaign(server, token, campaignId);

    // Earlier submissions that never got an answer go first, with their own keys.
    const earlier = await pendingFor(server);
    let resent = 0;
    for (const item of earlier) {
      const result = await send(server, token, item, 2);
      if (result.kind === "answered") {
        await settle(item.key);
        resent++;
      }
    }
    if (resent && !values.json) io.out(w.resent(resent));

    const bytes = await readFileBytes(file);
    const book = readWorkbook(bytes, basename(file));
    const probe = analyzeBook(book, { asOf: values["as-of"] ? asOfFrom(values["as-of"]) : today() });
    const period = values.period ?? probe.period ?? today().slice(0, 7);
    const asOf = values["as-of"] ? asOfFrom(values["as-of"]) : defaultAsOf(period);
    const report = analyzeBook(book, {
      asOf,
      rubric: rubricSchema.parse(campaign.rubric ?? {}),
      expectedProjects: campaign.expectedProjects,
      campaignYear: campaign.year,
      overrides: { code: values.branch ?? probe.branch.code ?? me.branch, period },
    });
    const body = submissionFromReport(report, {
      campaign: campaignId,
      branch: values.branch ?? me.branch,
      period,
      workbook: { name: basename(file), sha256: createHash("sha256").update(bytes).digest("hex") },
      client: { app: "cli", version: VERSION },
    });
    const item: Pending = { key: crypto.randomUUID(), server, body, queuedAt: new Date().toISOString() };
    await enqueue(item);
    const result = await send(server, token, item);
    if (result.kind === "unreachable") {
      io.err(`${w.kept}\n  (${result.reason})`);
      return 3;
    }
    await settle(item.key);
    if (result.status !== 201 && result.status !== 200) {
      io.err(
        `${w.rejected}: ${errorMessage({ status: result.status, body: result.body, headers: new Headers() })}`,
      );
      return 1;
    }
    const answer = result.body as { score: { total: number }; rank: number | null; period: string };
    if (values.json) io.out(JSON.stringify(answer, null, 2));
    else io.out(w.synced(round2(answer.score.total), answer.rank, answer.period));
    return 0;
  } catch (error) {
    if (error instanceof WorkbookFileError) {
      io.err(`${file}: ${error.text[lang]} [${error.code}]`);
      return 2;
    }
    if (error instanceof ServerUnreachable) {
      io.err(`${w.unreachable}\n  (${error.message})`);
      return 3;
    }
    throw error;
  }
}
