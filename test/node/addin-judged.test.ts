/** The pane's judged results: what it asks the server and what it keeps (closed events only). */
import { describe, expect, it } from "vitest";
import { t } from "../../addin/src/i18n.ts";
import { fetchJudged } from "../../addin/src/judged.ts";

const event = (id: number, closed: boolean) => ({
  id,
  campaign: "juxing-2023",
  name: `比赛${id}`,
  period: "2023-05",
  date: "2023-05-20",
  trim: null,
  closed,
  closedAt: closed ? "2023-05-20T10:00:00Z" : null,
  branches: 17,
  judges: 7,
  result: closed ? { score: 87.666, rank: 2, tied: false, count: 7 } : null,
});

describe("the pane's judged results", () => {
  it("asks for the branch's events with its token and keeps the closed ones", async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const fetcher = async (url: string, init: RequestInit) => {
      seen.push({ url, auth: new Headers(init.headers).get("Authorization") });
      return new Response(JSON.stringify({ events: [event(2, false), event(1, true)] }), { status: 200 });
    };
    const events = await fetchJudged(fetcher, "https://j.example", "jxb_t", "juxing-2023", "czj");
    expect(seen).toEqual([
      { url: "https://j.example/api/v1/events?campaign=juxing-2023&branch=czj", auth: "Bearer jxb_t" },
    ]);
    expect(events.map((e) => e.id)).toEqual([1]);
    expect(t("zh-CN", "judgedItem", { name: "比赛1", date: "2023-05-20", score: "87.67", rank: 2 })).toBe(
      "比赛1（2023-05-20）：87.67 分，第 2 名",
    );
  });

  it("an answer that does not fit is refused, not shown", async () => {
    const fetcher = async () => new Response(JSON.stringify({ events: [{ id: "x" }] }), { status: 200 });
    await expect(fetchJudged(fetcher, "https://j.example", "t", "c", "b")).rejects.toThrow(
      /not what this version expects/,
    );
  });
});
