/**
 * `juxing sync FILE --server URL --token T` — validate locally, queue the normalized rows in the
 * one outbox (shared/api/outbox.ts, one file per item here) and send them: earlier submissions of
 * this server and token first, then this one, each retried with its own key on network errors,
 * 408, 429 and 5xx. It prints the server's score and rank (the server re-scores: its numbers are
 * the ones that count). A refused submission stays in the outbox, marked with the server's reason,
 * until `juxing outbox discard ID`.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { analyzeBook } from "../shared/analyze.ts";
import { type ApiClient, ApiFailure, apiClient, systemTimers } from "../shared/api/client.ts";
import { Outbox, type OutboxEvent, type OutboxItem, type SendError } from "../shared/api/outbox.ts";
import { type ReviewCounts, type ReviewItem, timingRefusalText } from "../shared/api/reviews.ts";
import type { Lang } from "../shared/findings.ts";
import { submissionPeriod } from "../shared/period.ts";
import { round2 } from "../shared/score.ts";
import { monthPeriod, submissionFromReport } from "../shared/submission.ts";
import { WorkbookFileError } from "../shared/workbook-file.ts";
import { langFrom, UsageError } from "./args.ts";
import { checkedServer, failureText, ServerUnreachable } from "./http.ts";
import { fileStore } from "./outbox-store.ts";
import type { Output } from "./output.ts";
import { readFileBytes, readWorkbook } from "./read-workbook.ts";
import { asOfFrom, today } from "./validate.ts";

export const VERSION = "0.1.0";
/** Tries of each waiting submission in one run. */
const ATTEMPTS = 5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The first retry's delay in ms (then doubling, capped at 16 times it): 500, or
 * JUXING_RETRY_BASE_MS (docs/api.md, "Retries"), which the tests set low so that a run that retries
 * five times does not wait seconds.
 */
export function retryBaseMs(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env.JUXING_RETRY_BASE_MS);
  return env.JUXING_RETRY_BASE_MS && Number.isFinite(value) && value >= 0 ? value : 500;
}

const words = {
  "zh-CN": {
    synced: (score: number, rank: number | null, period: string) =>
      `已同步：${period} 得分 ${score}${rank ? `，排名第 ${rank} 名` : ""}`,
    resent: (n: number) => `已补发 ${n} 份之前未送达的报送`,
    kept: "同步失败：服务器无法连接，已保存，下次同步时自动重发",
    rejected: "服务器拒绝了报送",
    earlierRejected: (id: string, reason: string) =>
      `之前的一份报送被服务器拒绝（${reason}），仍保存在待发送中；确认后可用 juxing outbox discard ${id} 删除`,
    keptRefused: (id: string) =>
      `这份报送仍保存在待发送中；修改后重新同步，或用 juxing outbox discard ${id} 删除`,
    otherIdentity: (n: number) =>
      `另有 ${n} 份报送是用其他令牌或发往其他服务器排队的，只会用原令牌发往原服务器（juxing outbox list 查看）`,
    unreachable: "同步失败：无法连接服务器，请检查网络和服务器地址后重试",
    audited: (self: number, r: ReviewCounts) =>
      `  自评分 ${self}；核实情况：已核实 ${r.accepted}，待核实 ${r.pending}，退回 ${r.returned}`,
    returnedHead: (n: number) => `退回 ${n} 项，请按核查意见整改后重新同步：`,
    returnedItem: (name: string, cell: string, reason: string, reviewer: string) =>
      `  ✗ ${name}（${cell}）：${reason}（${reviewer}）`,
  },
  en: {
    synced: (score: number, rank: number | null, period: string) =>
      `Synced: ${period} score ${score}${rank ? `, rank ${rank}` : ""}`,
    resent: (n: number) => `Re-sent ${n} earlier submission(s) that had not arrived`,
    kept: "Sync failed: the server cannot be reached. The submission is saved and will be re-sent on the next sync.",
    rejected: "The server rejected the submission",
    earlierRejected: (id: string, reason: string) =>
      `An earlier submission was refused (${reason}); it stays in the outbox. Remove it with juxing outbox discard ${id}`,
    keptRefused: (id: string) =>
      `It stays in the outbox: fix the workbook and sync again, or remove it with juxing outbox discard ${id}`,
    otherIdentity: (n: number) =>
      `${n} more submission(s) were queued with another token or for another server; they go only there, with that token (juxing outbox list)`,
    unreachable:
      "Sync failed: the server cannot be reached; check the network and the server URL, then try again.",
    audited: (self: number, r: ReviewCounts) =>
      `  self-declared ${self}; verification: ${r.accepted} accepted, ${r.pending} pending, ${r.returned} returned`,
    returnedHead: (n: number) => `${n} item(s) returned by the campaign office; fix them and sync again:`,
    returnedItem: (name: string, cell: string, reason: string, reviewer: string) =>
      `  ✗ ${name} (${cell}): ${reason} (${reviewer})`,
  },
} as const;

function reason(error: SendError | null, lang: Lang): string {
  if (!error) return "";
  const timing = timingRefusalText(error, lang);
  if (timing) return `${timing} [${error.status} ${error.code}]`;
  const issues = error.issues?.slice(0, 5).map((i) => `${i.path}: ${i.message}`) ?? [];
  return [
    `${error.message ?? error.code ?? error.kind} [${error.status ?? error.kind}${error.code ? ` ${error.code}` : ""}]`,
    ...issues,
  ].join("; ");
}

/** The returned claims of the branch's month; none when the server cannot say (an older one). */
async function returnedItems(
  client: ApiClient,
  campaign: string,
  period: string,
  branch: string,
): Promise<ReviewItem[]> {
  try {
    const { items } = await client.reviews({ campaign, period, branch });
    return items.filter((item) => item.state === "returned");
  } catch (error) {
    if (error instanceof ApiFailure) return [];
    throw error;
  }
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
    const base = checkedServer(server);
    const client = apiClient({ server: base, token, fetch, timers: systemTimers, timeoutMs: 60_000 });
    const me = await client.whoami();
    if (me.role !== "branch") throw new UsageError("--token must be a branch's sync token");
    const campaignId = values.campaign ?? me.campaign;
    const campaign = await client.campaign(campaignId);

    const outbox = new Outbox({
      store: fileStore(),
      fetch,
      clock: systemTimers,
      token: () => token,
      autoSend: false,
      timeoutMs: 60_000,
      baseDelayMs: retryBaseMs(),
      maxDelayMs: 16 * retryBaseMs(),
      retryAfterSpreadMs: Math.min(1000, 2 * retryBaseMs()),
    });
    const events: OutboxEvent[] = [];
    outbox.subscribe((_, event) => {
      if (event) events.push(event);
    });

    const bytes = await readFileBytes(file);
    const book = readWorkbook(bytes, basename(file));
    const now = today();
    const probe = analyzeBook(book, { asOf: now });
    const chosen = submissionPeriod({ chosen: values.period, workbook: probe.period, today: now });
    const period = chosen.period;
    const asOf = values["as-of"] ? asOfFrom(values["as-of"]) : chosen.asOf;
    const report = analyzeBook(book, {
      asOf,
      rubric: campaign.rubric,
      expectedProjects: campaign.expectedProjects,
      campaignYear: campaign.year,
      // Missing projects count zero against the campaign's count, as on the server (selfScore).
      scoring: { expected: campaign.expectedProjects },
      overrides: { code: values.branch ?? probe.branch.code ?? me.branch.code, period },
    });
    const body = submissionFromReport(report, {
      campaign: campaignId,
      branch: values.branch ?? me.branch.code,
      period,
      workbook: { name: basename(file), sha256: createHash("sha256").update(bytes).digest("hex") },
      client: { app: "cli", version: VERSION },
    });
    const { item } = await outbox.enqueue(base, body, {
      workbook: basename(file),
      branch: values.branch ?? me.branch.code,
      period,
    });
    // Earlier submissions of this server and token go first, each with its own key; this one is
    // the earlier one when the same body still waits (one submission, not two).
    await outbox.drain(base, ATTEMPTS, sleep, { dueNow: true });

    const earlier = (e: OutboxEvent) => e.item.id !== item.id;
    const resent = events.filter((e) => e.type === "sent" && earlier(e)).length;
    if (resent && !values.json) io.out(w.resent(resent));
    for (const e of events)
      if (e.type === "failed" && earlier(e)) io.err(w.earlierRejected(e.item.id, reason(e.error, lang)));
    const tokenHash = await outbox.tokenHash();
    const others = outbox
      .state()
      .items.filter((i: OutboxItem) => i.server !== base || !Outbox.sendable(i, tokenHash)).length;
    if (others && !values.json) io.err(w.otherIdentity(others));

    const outcome = events.findLast((e) => e.item.id === item.id && e.type !== "queued");
    if (outcome?.type === "sent") {
      const answer = outcome.result;
      // What the office returned, with its reasons: the branch's work list after a sync.
      const returned = await returnedItems(client, answer.campaign, answer.period, answer.branch);
      if (values.json) {
        io.out(JSON.stringify({ ...answer, returned }, null, 2));
        return 0;
      }
      io.out(w.synced(round2(answer.score.total), answer.rank, answer.period));
      io.out(w.audited(round2(answer.selfScore.total), answer.review));
      if (returned.length > 0) {
        io.out(w.returnedHead(returned.length));
        for (const item of returned)
          io.out(
            w.returnedItem(
              item.project.name,
              `${item.project.sheet}!${item.project.cell ?? ""}`,
              item.review?.reason ?? "",
              item.review?.reviewer ?? "",
            ),
          );
      }
      return 0;
    }
    if (outcome?.type === "failed") {
      io.err(`${w.rejected}: ${reason(outcome.error, lang)}`);
      io.err(w.keptRefused(item.id));
      return 1;
    }
    io.err(`${w.kept}\n  (${reason(outcome?.type === "retrying" ? outcome.error : null, lang)})`);
    return 3;
  } catch (error) {
    if (error instanceof WorkbookFileError) {
      io.err(`${file}: ${error.text[lang]} [${error.code}]`);
      return 2;
    }
    if (error instanceof ServerUnreachable) {
      io.err(`${w.unreachable}\n  (${error.message})`);
      return 3;
    }
    if (error instanceof ApiFailure) {
      if (error.retryable) {
        io.err(`${w.unreachable}\n  (${error.message})`);
        return 3;
      }
      io.err(failureText(error, lang));
      return error.kind === "invalid-answer" ? 3 : 1;
    }
    throw error;
  }
}
