/**
 * `juxing reviews --server URL --token T [--period P] [--json]` — the branch's claims for a month
 * and how the campaign office has judged them (docs/api.md, "Reviews"): 退回 first with the
 * reviewer's reason and the cell, then 待核实, then 已核实. The period defaults to the month of today.
 */
import { parseArgs } from "node:util";
import { ApiFailure, apiClient, systemTimers } from "../shared/api/client.ts";
import type { ReviewItem } from "../shared/api/reviews.ts";
import type { Lang } from "../shared/findings.ts";
import { monthPeriod } from "../shared/submission.ts";
import { langFrom, UsageError } from "./args.ts";
import { checkedServer, failureText, ServerUnreachable } from "./http.ts";
import type { Output } from "./output.ts";
import { today } from "./validate.ts";

const words: Record<
  Lang,
  {
    state: Record<ReviewItem["state"], string>;
    none: (p: string) => string;
    head: (p: string, n: number) => string;
  }
> = {
  "zh-CN": {
    state: { returned: "退回", pending: "待核实", accepted: "已核实" },
    none: (p) => `${p} 没有需要核实的项目（已完成、已验收的项目才需核实）`,
    head: (p, n) => `${p} 核实情况（共 ${n} 项）：`,
  },
  en: {
    state: { returned: "returned", pending: "pending", accepted: "accepted" },
    none: (p) => `${p}: nothing to verify (only projects reported done or accepted are verified)`,
    head: (p, n) => `${p}: ${n} claim(s) and their verification:`,
  },
};

export function reviewLines(items: ReviewItem[], period: string, lang: Lang): string[] {
  const w = words[lang];
  if (items.length === 0) return [w.none(period)];
  return [
    w.head(period, items.length),
    ...items.map((item) => {
      const where = `${item.project.sheet}!${item.project.cell ?? ""}`;
      const reason =
        item.state === "returned" && item.review
          ? `  — ${item.review.reason}（${item.review.reviewer}）`
          : "";
      return `  ${w.state[item.state].padEnd(lang === "en" ? 9 : 4)} ${item.project.name} (${where})${reason}`;
    }),
  ];
}

export async function reviewsCommand(args: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      server: { type: "string" },
      token: { type: "string" },
      period: { type: "string" },
      json: { type: "boolean", default: false },
      lang: { type: "string" },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected "${positionals.join(" ")}"`);
  const server = values.server ?? process.env.JUXING_SERVER;
  const token = values.token ?? process.env.JUXING_TOKEN;
  if (!server) throw new UsageError("--server URL is required (or JUXING_SERVER)");
  if (!token) throw new UsageError("--token T is required (or JUXING_TOKEN)");
  const period = values.period ?? today().slice(0, 7);
  if (!monthPeriod.safeParse(period).success)
    throw new UsageError(`--period must be a month YYYY-MM, not "${period}"`);
  const lang = langFrom(values.lang);
  try {
    const client = apiClient({
      server: checkedServer(server),
      token,
      fetch,
      timers: systemTimers,
      timeoutMs: 60_000,
    });
    const me = await client.whoami();
    if (me.role !== "branch") throw new UsageError("--token must be a branch's sync token");
    const answer = await client.reviews({ campaign: me.campaign, period, branch: me.branch.code });
    io.out(
      values.json ? JSON.stringify(answer, null, 2) : reviewLines(answer.items, period, lang).join("\n"),
    );
    return 0;
  } catch (error) {
    if (error instanceof ServerUnreachable) {
      io.err(`cannot reach ${server}: ${error.message}`);
      return 3;
    }
    if (!(error instanceof ApiFailure)) throw error;
    if (error.retryable) {
      io.err(`cannot reach ${server}: ${error.message}`);
      return 3;
    }
    io.err(failureText(error, lang));
    return 1;
  }
}
