/**
 * Judges scoring at once (docs/quality.md): on `wrangler dev` with a fresh D1, 15 judges score 17
 * branches, all 255 scores sent concurrently. Reported: errors (target 0), latency, and whether
 * every score was stored exactly once (counted in D1 itself, and in the published result).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiUrl, callApi, callApiOk } from "../cli/http.ts";
import { applyMigrations, freePort, queryLocal, startDevServer } from "../scripts/lib/stack.ts";
import {
  eventAnswer,
  eventCreatedAnswer,
  eventStateAnswer,
  judgeCreatedAnswer,
} from "../shared/api/events.ts";
import { branchTokenAnswer, campaignAnswer } from "../shared/api/schemas.ts";
import type { Figure } from "./core.ts";

const ADMIN = "bench-admin";
const CAMPAIGN = "bench-judges-2023";
const JUDGES = 15;
const BRANCHES = 17;

export async function judgesBench(): Promise<Figure[]> {
  const persistTo = mkdtempSync(join(tmpdir(), "juxing-bench-judges-"));
  await applyMigrations(persistTo);
  const server = await startDevServer({ port: await freePort(), persistTo, vars: { ADMIN_TOKEN: ADMIN } });
  try {
    const api = (path: string) => apiUrl(server.url, path);
    await callApiOk("POST", api("api/v1/admin/campaigns"), ADMIN, campaignAnswer, {
      id: CAMPAIGN,
      name: "Bench",
      year: 2023,
    });
    const codes = Array.from({ length: BRANCHES }, (_, b) => `jb${b}`);
    for (const code of codes) {
      await callApiOk("POST", api("api/v1/admin/branches"), ADMIN, branchTokenAnswer, {
        code,
        name: `支部${code}`,
        campaign: CAMPAIGN,
      });
    }
    const { id } = await callApiOk("POST", api("api/v1/admin/events"), ADMIN, eventCreatedAnswer, {
      campaign: CAMPAIGN,
      name: "技能大比武",
      period: "2023-06",
      date: "2023-06-20",
    });
    const judges: string[] = [];
    for (let j = 0; j < JUDGES; j++) {
      const judge = await callApiOk(
        "POST",
        api(`api/v1/admin/events/${id}/judges`),
        ADMIN,
        judgeCreatedAnswer,
        {
          name: `评委${j + 1}`,
        },
      );
      judges.push(judge.token);
    }

    const start = performance.now();
    const sent = await Promise.all(
      judges.flatMap((token, j) =>
        codes.map(async (code, b) => {
          const t0 = performance.now();
          const answer = await callApi("PUT", api(`api/v1/events/${id}/scores/${code}`), {
            token,
            body: { score: 60 + ((j * 7 + b * 3) % 41) },
          });
          return { ms: performance.now() - t0, ok: answer.status === 200 };
        }),
      ),
    );
    const wall = performance.now() - start;
    const sorted = sent.map((s) => s.ms).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

    await callApiOk("POST", api(`api/v1/admin/events/${id}/close`), ADMIN, eventStateAnswer);
    const result = await callApiOk("GET", api(`api/v1/events/${id}`), ADMIN, eventAnswer);
    const [stored] = await queryLocal<{ rows: number; pairs: number }>(
      persistTo,
      `SELECT COUNT(*) AS rows, COUNT(DISTINCT judge_id || '/' || branch) AS pairs FROM event_scores WHERE event_id = ${id}`,
    );
    const expected = JUDGES * BRANCHES;
    const storedOnce =
      stored?.rows === expected && stored.pairs === expected && result.rows.every((r) => r.count === JUDGES);
    return [
      { name: "judges.scores-sent (15 × 17 at once)", value: sent.length, unit: "count" },
      { name: "judges.errors", value: sent.filter((s) => !s.ok).length, unit: "count", target: "0" },
      { name: "judges.stored-rows", value: stored?.rows ?? 0, unit: "count", target: String(expected) },
      { name: "judges.every-score-stored-once", value: storedOnce ? 1 : 0, unit: "bool", target: "1" },
      { name: "judges.latency-p50", value: at(0.5), unit: "ms" },
      { name: "judges.latency-max", value: at(1), unit: "ms" },
      { name: "judges.wall-time", value: wall, unit: "ms" },
    ];
  } finally {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}
