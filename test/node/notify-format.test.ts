/**
 * The reminders' words and each platform's body and signature (docs/operations.md "Reminders").
 * Signatures are checked against a published example where one exists, and against node:crypto
 * computing the documented recipe independently otherwise.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type BranchItems, projectItems } from "../../shared/notify/items.ts";
import { branchMessage, officeDigest, plain } from "../../shared/notify/message.ts";
import { todayIn } from "../../shared/period.ts";
import type { Project } from "../../shared/rules.ts";
import { buildRequest, dingtalkSign, feishuSign, fitted } from "../../worker/src/notify/platforms.ts";

function project(
  name: string,
  date: string,
  status: Project["status"] = "in-progress",
  milestones?: string[],
): Project {
  return {
    sheet: "重点任务清单",
    row: 3,
    name,
    category: "model",
    owner: "张三",
    target: "t",
    deadline: { kind: "date", date, ...(milestones ? { milestones } : {}) },
    status,
    progress: 0.5,
    hasEvidence: false,
    evidence: "",
    deadlineText: date,
    clear: { owner: true, deadline: true, target: true },
    overdue: false,
  };
}

const items: BranchItems = {
  overdue: [{ name: "党员教育", owner: "李四", deadline: "2026-11-28", daysOverdue: 6 }],
  dueSoon: [{ name: "主题党日", owner: "王五", due: "2026-12-08", daysLeft: 4 }],
  returned: [{ name: "志愿服务", owner: "赵六", reason: "佐证材料只有一张照片" }],
  notSubmitted: { period: "2026-11", closes: "2026-12-05", daysLeft: 1 },
};
const message = branchMessage({
  branch: { name: "财政局机关党支部" },
  campaign: { name: "聚星点亮 2026" },
  day: "2026-12-04",
  items,
  link: "https://juxing.example/branches/czj?campaign=c",
});
const expectedMarkdown = [
  "### 【督办】财政局机关党支部 12月4日",
  "> 2026年11月的清单尚未报送，12月5日截止（还有 1 天）",
  "",
  "**已逾期 1 项**",
  "- 党员教育｜责任人 李四｜逾期 6 天（时限 11月28日）",
  "",
  "**被退回 1 项**",
  "- 志愿服务｜责任人 赵六｜退回原因：佐证材料只有一张照片",
  "",
  "**7 天内到期 1 项**",
  "- 主题党日｜责任人 王五｜12月8日到期（还有 4 天）",
  "",
  "[查看本支部清单](https://juxing.example/branches/czj?campaign=c)",
].join("\n");
const now = new Date(Date.UTC(2026, 11, 4, 0, 30));

describe("items of a day", () => {
  it("overdue most overdue first, due soon within 7 days by the nearest node, done ones never", () => {
    const got = projectItems(
      [
        project("甲", "2026-11-01"),
        project("乙", "2026-12-01"),
        project("丙", "2026-12-11"),
        project("丁", "2026-12-12"),
        project("戊", "2026-10-01", "done"),
        project("己", "2026-12-31", "in-progress", ["2026-12-06", "2026-12-31"]),
      ],
      "2026-12-04",
    );
    expect(got.overdue.map((i) => [i.name, i.daysOverdue])).toEqual([
      ["甲", 33],
      ["乙", 3],
    ]);
    expect(got.dueSoon.map((i) => [i.name, i.due, i.daysLeft])).toEqual([
      ["己", "2026-12-06", 2],
      ["丙", "2026-12-11", 7],
    ]);
  });

  it("the day is Beijing's: 00:30 UTC and 23:30 UTC the day before are the same Beijing morning", () => {
    expect(todayIn("Asia/Shanghai", new Date(Date.UTC(2026, 11, 3, 16, 30)))).toBe("2026-12-04");
    expect(todayIn("Asia/Shanghai", now)).toBe("2026-12-04");
  });
});

describe("platform bodies", () => {
  it("WeCom: a markdown message naming project, owner, days overdue and the reason", async () => {
    const req = await buildRequest(
      { kind: "wecom", url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", secret: null },
      message,
      now,
    );
    expect(req.url).toBe("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k");
    expect(JSON.parse(req.body)).toEqual({ msgtype: "markdown", markdown: { content: expectedMarkdown } });
  });

  it("DingTalk: markdown with title and text, signed in the URL", async () => {
    const url = "https://oapi.dingtalk.com/robot/send?access_token=abc";
    const req = await buildRequest({ kind: "dingtalk", url, secret: "SECdemo" }, message, now);
    const ts = now.getTime();
    const sign = encodeURIComponent(
      createHmac("sha256", "SECdemo").update(`${ts}\nSECdemo`).digest("base64"),
    );
    expect(req.url).toBe(`${url}&timestamp=${ts}&sign=${sign}`);
    expect(JSON.parse(req.body)).toEqual({
      msgtype: "markdown",
      markdown: { title: "【督办】财政局机关党支部 12月4日", text: expectedMarkdown },
    });
  });

  it("Feishu: a signed post message, timestamp in seconds", async () => {
    const req = await buildRequest(
      { kind: "feishu", url: "https://open.feishu.cn/open-apis/bot/v2/hook/x", secret: "fsSecret" },
      message,
      now,
    );
    const ts = Math.floor(now.getTime() / 1000);
    const body = JSON.parse(req.body);
    expect(body.timestamp).toBe(String(ts));
    expect(body.sign).toBe(createHmac("sha256", `${ts}\nfsSecret`).update("").digest("base64"));
    expect(body.msg_type).toBe("post");
    expect(body.content.post.zh_cn.title).toBe("【督办】财政局机关党支部 12月4日");
    expect(body.content.post.zh_cn.content).toContainEqual([
      { tag: "text", text: "· 党员教育｜责任人 李四｜逾期 6 天（时限 11月28日）" },
    ]);
    expect(body.content.post.zh_cn.content.at(-1)).toEqual([
      { tag: "a", text: "查看本支部清单", href: "https://juxing.example/branches/czj?campaign=c" },
    ]);
  });

  it("webhook: the data as JSON beside the message", async () => {
    const req = await buildRequest(
      { kind: "webhook", url: "https://hooks.example/x", secret: null },
      message,
      now,
      { type: "juxing.reminder", items },
    );
    expect(JSON.parse(req.body)).toEqual({ type: "juxing.reminder", items, message });
  });
});

describe("signatures", () => {
  it("DingTalk matches the published example of the dingding crate (docs.rs dingding 0.1.1 src/signature.rs)", async () => {
    expect(await dingtalkSign("secret", 1700000000000)).toBe(
      "OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D",
    );
  });

  it("Feishu matches node:crypto over the documented recipe (no published example value found)", async () => {
    expect(await feishuSign("secret", 1700000000)).toBe(
      createHmac("sha256", "1700000000\nsecret").update("").digest("base64"),
    );
  });
});

describe("sizes", () => {
  it("a long list is cut to 4096 bytes for WeCom with a line naming the rest", async () => {
    const many: BranchItems = {
      overdue: Array.from({ length: 300 }, (_, i) => ({
        name: `很长的项目名称第${i}项开展主题党日活动`,
        owner: "张三",
        deadline: "2026-11-01",
        daysOverdue: 33,
      })),
      dueSoon: [],
      returned: [],
      notSubmitted: null,
    };
    const long = branchMessage({
      branch: { name: "支部" },
      campaign: { name: "c" },
      day: "2026-12-04",
      items: many,
      link: null,
    });
    const req = await buildRequest({ kind: "wecom", url: "https://q.example/x", secret: null }, long, now);
    const content: string = JSON.parse(req.body).markdown.content;
    expect(new TextEncoder().encode(content).byteLength).toBeLessThanOrEqual(4096);
    const kept = content.split("\n").filter((l) => l.startsWith("- 很长")).length;
    expect(content).toContain(`- …及另外 ${300 - kept} 项`);
    expect(kept).toBeGreaterThan(30);
    expect(fitted("webhook", long)).toBe(long);
  });

  it("markdown in a project name stays text", () => {
    expect(plain("[点此](https://evil.example) **加急**\n第二行")).toBe(
      "［点此］(https://evil.example) ＊＊加急＊＊ 第二行",
    );
  });

  it("the office digest counts per branch, the most overdue first", () => {
    const digest = officeDigest({
      campaign: { name: "聚星点亮 2026" },
      day: "2026-12-04",
      rows: [
        { branch: { code: "a", name: "甲支部" }, items: { ...items, overdue: [] } },
        { branch: { code: "b", name: "乙支部" }, items },
      ],
      link: null,
    });
    expect(digest.notes).toEqual(["2026年11月尚未报送 2 个支部（12月5日截止，3 天内）：甲支部、乙支部"]);
    expect(digest.sections[0]?.lines).toEqual([
      "乙支部：逾期 1｜退回 1｜7 天内到期 1",
      "甲支部：逾期 0｜退回 1｜7 天内到期 1",
    ]);
  });
});
