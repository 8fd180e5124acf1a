/**
 * 督办 (docs/operations.md "Reminders") in workerd with real D1: channels set through the admin
 * API, the daily run with a recording receiver per channel kind in place of the network.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { reviewerTokenAnswer, reviewsAnswer } from "../../shared/api/reviews.ts";
import worker from "../src/index.ts";
import { dailyRun } from "../src/notify/run.ts";
import {
  admin,
  call,
  callJson,
  createBranch,
  createCampaign,
  newCampaign,
  project,
  projectRows,
  submission,
  submitOk,
  VIEWER,
} from "./helpers.ts";

const CAMPAIGN = "notify-2023";
// 08:30 in Beijing on 2023-06-20.
const NOW = new Date("2023-06-20T00:30:00Z");

const urls = {
  wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-key-1234",
  dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=ding-token-5678",
  feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/feishu-hook-9abc",
  webhook: "https://hooks.example/juxing/branch-def0",
  quiet: "https://hooks.example/juxing/quiet-1111",
  office: "https://hooks.example/juxing/office-2222",
};

interface Received {
  url: string;
  body: unknown;
}

/** A receiver per platform, answering as each one documents success, unless told to fail. */
function receiver(failing = new Set<string>()) {
  const received: Received[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    received.push({ url, body: JSON.parse(String(init.body)) });
    const base = url.split("&timestamp=")[0] as string;
    if (failing.has(base)) return new Response("upstream down", { status: 502 });
    if (base.includes("feishu")) return Response.json({ code: 0, msg: "success", data: {} });
    if (base.includes("hooks.example")) return new Response(null, { status: 204 });
    return Response.json({ errcode: 0, errmsg: "ok" });
  };
  return { received, fetch };
}

const overdueList = () =>
  projectRows([
    project(0, {
      name: "党员教育培训",
      owner: "李四",
      deadline: "2023年6月10日",
      status: "推进中",
      progress: "50%",
    }),
    project(1, {
      name: "主题党日",
      owner: "王五",
      deadline: "2023年6月25日",
      status: "推进中",
      progress: "30%",
    }),
    ...Array.from({ length: 12 }, (_, i) => project(i + 2)),
  ]);

async function setChannel(scope: "branches" | "campaigns", ref: string, json: unknown) {
  const { status, body } = await admin("PUT", `/${scope}/${ref}/notify`, json);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

let branchToken = "";

beforeAll(async () => {
  await createCampaign({ id: CAMPAIGN, name: "聚星点亮 2023" });
  for (const code of ["ntwc", "ntdt", "ntfs", "ntwh", "ntqt", "ntno"]) {
    const token = await createBranch(code, CAMPAIGN);
    if (code === "ntwc") branchToken = token;
    const projects = code === "ntqt" ? undefined : overdueList();
    await submitOk(
      token,
      submission({
        campaign: CAMPAIGN,
        branch: code,
        period: "2023-06",
        asOf: "2023-06-19",
        ...(projects ? { projects } : {}),
      }),
    );
  }
  await setChannel("branches", "ntwc", { kind: "wecom", url: urls.wecom });
  await setChannel("branches", "ntdt", { kind: "dingtalk", url: urls.dingtalk, secret: "SECdingsecret42" });
  await setChannel("branches", "ntfs", { kind: "feishu", url: urls.feishu, secret: "feishusecret77" });
  await setChannel("branches", "ntwh", { kind: "webhook", url: urls.webhook });
  await setChannel("branches", "ntqt", { kind: "webhook", url: urls.quiet });
  await setChannel("campaigns", CAMPAIGN, { kind: "webhook", url: urls.office });
});

const markdown = (name: string) =>
  [
    `### 【督办】${name} 6月20日`,
    "",
    "**已逾期 1 项**",
    "- 党员教育培训｜责任人 李四｜逾期 10 天（时限 6月10日）",
    "",
    "**7 天内到期 1 项**",
    "- 主题党日｜责任人 王五｜6月25日到期（还有 5 天）",
    "",
    `[查看本支部清单](https://juxing.example/branches/${name.slice(0, 4)}?campaign=${CAMPAIGN})`,
  ].join("\n");

describe("channels", () => {
  it("answers the URL and the secret only as … and their last 4 characters, in the log too", async () => {
    const body = await setChannel("branches", "ntdt", {
      kind: "dingtalk",
      url: urls.dingtalk,
      secret: "SECdingsecret42",
    });
    expect(body).toMatchObject({
      scope: "branch",
      ref: "ntdt",
      kind: "dingtalk",
      url: "…5678",
      secret: "…et42",
    });
    const read = await admin("GET", "/branches/ntdt/notify");
    expect(read.text).not.toContain("ding-token");
    expect(read.text).not.toContain("SECding");
    const audit = await admin("GET", "/audit");
    expect(audit.text).toContain("notify.set");
    expect(audit.text).not.toContain("ding-token");
    expect(audit.text).not.toContain("SECding");
  });

  it("refuses plain http to other hosts, credentials in the URL, a secret for WeCom, unknown branches", async () => {
    const bad = [
      { kind: "webhook", url: "http://hooks.example/x" },
      { kind: "webhook", url: "https://user:pass@hooks.example/x" },
      { kind: "webhook", url: "ftp://hooks.example/x" },
      { kind: "wecom", url: urls.wecom, secret: "s" },
      { kind: "carrier-pigeon", url: urls.webhook },
    ];
    for (const json of bad) {
      const { status, body } = await admin("PUT", "/branches/ntwh/notify", json);
      expect(status, JSON.stringify(json)).toBe(422);
      expect(JSON.stringify(body)).not.toContain("pass@");
    }
    expect(
      (await admin("PUT", "/branches/nobody/notify", { kind: "webhook", url: urls.webhook })).status,
    ).toBe(404);
    expect(
      (await admin("PUT", "/branches/ntwh/notify", { kind: "webhook", url: "http://127.0.0.1:9/x" })).status,
    ).toBe(200);
    await setChannel("branches", "ntwh", { kind: "webhook", url: urls.webhook });
  });

  it("clears a channel", async () => {
    await setChannel("branches", "ntno", { kind: "webhook", url: urls.webhook });
    expect((await admin("DELETE", "/branches/ntno/notify")).body).toEqual({ cleared: true });
    expect((await admin("DELETE", "/branches/ntno/notify")).body).toEqual({ cleared: false });
    expect((await admin("GET", "/branches/ntno/notify")).status).toBe(404);
  });
});

describe("the daily run", () => {
  it("sends each platform its own body, signed where it signs; once a day; a failure retried next run", async () => {
    const failing = receiver(new Set([urls.feishu]));
    const first = await dailyRun(env.DB, {
      now: NOW,
      fetch: failing.fetch,
      publicUrl: "https://juxing.example",
    });
    expect(first).toMatchObject({ day: "2023-06-20", sent: 4, failed: 1, skipped: 0 });
    const failedRow = await env.DB.prepare(
      "SELECT status, error, attempts FROM notifications WHERE day = '2023-06-20' AND ref = 'ntfs'",
    ).first();
    expect(failedRow).toEqual({ status: "failed", error: "HTTP 502 upstream down", attempts: 1 });
    const to = (prefix: string) => failing.received.filter((r) => r.url.startsWith(prefix));

    // WeCom: markdown.content.
    expect(to(urls.wecom).map((r) => r.body)).toEqual([
      { msgtype: "markdown", markdown: { content: markdown("ntwc 党支部") } },
    ]);
    // DingTalk: the signature in the URL, markdown with title and text.
    const [ding] = to(urls.dingtalk);
    const ts = NOW.getTime();
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode("SECdingsecret42"),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = new Uint8Array(
      await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${ts}\nSECdingsecret42`)),
    );
    expect(ding?.url).toBe(
      `${urls.dingtalk}&timestamp=${ts}&sign=${encodeURIComponent(btoa(String.fromCharCode(...mac)))}`,
    );
    expect(ding?.body).toEqual({
      msgtype: "markdown",
      markdown: { title: "【督办】ntdt 党支部 6月20日", text: markdown("ntdt 党支部") },
    });
    // Feishu: signed in the body (it failed this time).
    const [feishu] = to(urls.feishu);
    const feishuKey = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(`${ts / 1000}\nfeishusecret77`),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const feishuMac = new Uint8Array(await crypto.subtle.sign("HMAC", feishuKey, new Uint8Array()));
    const text = (t: string) => [{ tag: "text", text: t }];
    expect(feishu?.body).toEqual({
      timestamp: String(ts / 1000),
      sign: btoa(String.fromCharCode(...feishuMac)),
      msg_type: "post",
      content: {
        post: {
          zh_cn: {
            title: "【督办】ntfs 党支部 6月20日",
            content: [
              text("【已逾期 1 项】"),
              text("· 党员教育培训｜责任人 李四｜逾期 10 天（时限 6月10日）"),
              text("【7 天内到期 1 项】"),
              text("· 主题党日｜责任人 王五｜6月25日到期（还有 5 天）"),
              [
                {
                  tag: "a",
                  text: "查看本支部清单",
                  href: `https://juxing.example/branches/ntfs?campaign=${CAMPAIGN}`,
                },
              ],
            ],
          },
        },
      },
    });
    // The plain webhook: the items as data.
    expect(to(urls.webhook)[0]?.body).toMatchObject({
      type: "juxing.reminder",
      day: "2023-06-20",
      branch: { code: "ntwh" },
      items: {
        overdue: [{ name: "党员教育培训", owner: "李四", deadline: "2023-06-10", daysOverdue: 10 }],
        dueSoon: [{ name: "主题党日", owner: "王五", due: "2023-06-25", daysLeft: 5 }],
        returned: [],
        notSubmitted: null,
      },
    });
    // Nothing to say: nothing sent. The office: one digest naming every branch with something.
    expect(to(urls.quiet)).toEqual([]);
    expect(to(urls.office).map((r) => r.body)).toMatchObject([
      {
        type: "juxing.digest",
        branches: [{ code: "ntdt" }, { code: "ntfs" }, { code: "ntno" }, { code: "ntwc" }, { code: "ntwh" }],
      },
    ]);

    // The same day again: only the failed Feishu channel is tried, and now it gets through.
    const healthy = receiver();
    const second = await dailyRun(env.DB, {
      now: new Date(NOW.getTime() + 3_600_000),
      fetch: healthy.fetch,
      publicUrl: "https://juxing.example",
    });
    expect(second).toMatchObject({ sent: 1, failed: 0, skipped: 4 });
    const records = await env.DB.prepare(
      "SELECT ref, status, error, attempts FROM notifications WHERE day = '2023-06-20' AND ref = 'ntfs'",
    ).all();
    // Failed once (the error kept, without the URL), then sent on the second attempt.
    expect(records.results).toEqual([{ ref: "ntfs", status: "sent", error: null, attempts: 2 }]);
    expect(healthy.received.map((r) => r.url.split("?")[0])).toEqual([urls.feishu]);

    // And again: nothing at all.
    const third = receiver();
    expect(
      await dailyRun(env.DB, {
        now: new Date(NOW.getTime() + 7_200_000),
        fetch: third.fetch,
        publicUrl: null,
      }),
    ).toMatchObject({ sent: 0, skipped: 5 });
    expect(third.received).toEqual([]);
  });

  it("keeps to a fixed handful of queries", async () => {
    const result = await dailyRun(env.DB, {
      now: new Date("2023-06-21T00:30:00Z"),
      fetch: receiver().fetch,
      publicUrl: null,
    });
    // Campaigns, channels, branches, latest lists, who reported, returned reviews, today's records;
    // one batch of 5 writes.
    expect(result).toMatchObject({ sent: 5, queries: 8, writes: 5 });
  });

  it("the 21st message to one WeCom robot within a minute waits for the minute to pass", async () => {
    const shared = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=shared-group-0000";
    // A campaign of its own, so the other tests' counts stay as they are.
    await createCampaign({ id: "notify-pace-2023", name: "节奏" });
    for (let i = 0; i < 22; i++) {
      const code = `ntsh${i}`;
      const token = await createBranch(code, "notify-pace-2023");
      await submitOk(
        token,
        submission({
          campaign: "notify-pace-2023",
          branch: code,
          period: "2023-06",
          asOf: "2023-06-19",
          projects: overdueList(),
        }),
      );
      await setChannel("branches", code, { kind: "wecom", url: shared });
    }
    const waits: number[] = [];
    const run = receiver();
    const result = await dailyRun(env.DB, {
      now: new Date("2023-07-03T00:30:00Z"),
      fetch: run.fetch,
      publicUrl: null,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(run.received.filter((r) => r.url === shared)).toHaveLength(22);
    expect(result.failed).toBe(0);
    // Messages 21 and 22 each waited for the minute that began with the 1st and the 2nd.
    expect(waits).toHaveLength(2);
    for (const ms of waits) expect(ms).toBeGreaterThan(55_000);
  });

  it("the Cron Trigger runs it (nothing to send for a campaign out of season)", async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: new Date("2031-01-05T00:30:00Z"), cron: "30 0 * * *" }),
      env,
    );
    await waitOnExecutionContext(ctx);
    const { results } = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM notifications WHERE day >= '2031-01-01'",
    ).all<{ n: number }>();
    expect(results[0]?.n).toBe(0);
  });
});

describe("/supervision", () => {
  it("lists overdue items across branches, most overdue first, with owners and days overdue; and who has not reported", async () => {
    const res = await call(`/supervision?campaign=${CAMPAIGN}`, { token: VIEWER });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const html = await res.text();
    // A finished campaign is shown as of its latest month with data: 2023-06-30.
    expect(html).toContain("截至 2023-06-30");
    const rows = [...html.matchAll(/<tr class="(\w+)">(.*?)<\/tr>/gs)].map((m) => [
      m[1],
      ...[...(m[2] ?? "").matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((c) =>
        (c[1] ?? "").replace(/<[^>]+>/g, ""),
      ),
    ]);
    expect(rows[0]).toEqual([
      "overdue",
      "ntdt 党支部",
      "党员教育培训",
      "李四",
      "已逾期",
      "2023-06-10",
      "20",
      "",
    ]);
    expect(rows.filter((r) => r[0] === "overdue")).toHaveLength(10);
    expect(rows.map((r) => Number(r[6] || 0))).toEqual(
      [...rows.map((r) => Number(r[6] || 0))].sort((a, b) => b - a),
    );
    expect(html).toContain("2023-06 各支部均已报送");
  });

  it("exports the same rows as CSV for Excel (byte-order mark, CRLF)", async () => {
    const res = await call(`/supervision.csv?campaign=${CAMPAIGN}&lang=en`, { token: VIEWER });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toContain("juxing-supervision-notify-2023-2023-06-30.csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")[0]).toBe("Branch code,Branch,Project,Owner,State,Time node,Days overdue,Note");
    expect(text).toContain("ntdt,ntdt 党支部,党员教育培训,李四,Overdue,2023-06-10,20,");
  });

  it("is for leaders: a branch token is refused, nobody is sent to sign in", async () => {
    expect((await call(`/supervision?campaign=${CAMPAIGN}`, { token: branchToken })).status).toBe(403);
    const anonymous = await call("/supervision", { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?next=%2Fsupervision");
  });
});

describe("a campaign in its year", () => {
  it("the branch page and /supervision show a time node due within 7 days", async () => {
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const year = Number(today.slice(0, 4));
    const due = new Date(Date.parse(`${today}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
    const id = `notify-live-${year}`;
    await createCampaign({ id, name: `聚星点亮 ${year}`, year });
    const token = await createBranch("ntlive", id);
    const period = today.slice(0, 7);
    await submitOk(
      token,
      submission({
        campaign: id,
        branch: "ntlive",
        period,
        asOf: today,
        projects: projectRows([
          project(0, {
            name: "红色教育基地共建",
            owner: "周七",
            deadline: `${Number(due.slice(0, 4))}年${Number(due.slice(5, 7))}月${Number(due.slice(8, 10))}日`,
            status: "推进中",
            progress: "60%",
          }),
          ...Array.from({ length: 13 }, (_, i) => project(i + 1, { deadline: `${year}年12月31日` })),
        ]),
      }),
    );
    const page = await (await call(`/branches/ntlive?campaign=${id}`, { token: VIEWER })).text();
    expect(page).toContain("7 天内到期");
    expect(page).toMatch(
      /<th scope="row">红色教育基地共建<\/th><td>周七<\/td><td>[\d-]+<\/td><td>还有 3 天<\/td>/,
    );
    const supervision = await (await call(`/supervision?campaign=${id}&lang=en`, { token: VIEWER })).text();
    expect(supervision).toContain(`As of ${today}`);
    expect(supervision).toMatch(
      /红色教育基地共建<\/td><td>周七<\/td><td>Due soon<\/td><td>[\d-]+<\/td><td class="num"><\/td><td>3 day\(s\) left/,
    );
  });
});

describe("calendar.ics", () => {
  it("parses with ical.js: one all-day event per dated time node, owner in the summary", async () => {
    const res = await call(`/api/v1/branches/ntwc/calendar.ics`, { token: branchToken });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const text = await res.text();
    expect(text.split("\r\n").every((line) => new TextEncoder().encode(line).byteLength <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(14);
    const training = events.find((e) => e.summary.startsWith("党员教育培训"));
    expect(training?.summary).toBe("党员教育培训｜责任人 李四");
    expect(training?.startDate.toString()).toBe("2023-06-10");
    expect(training?.startDate.isDate).toBe(true);
    expect(training?.description).toBe("目标：全年开展主题党日活动12次，覆盖全体党员\n状态：推进中");
    expect(new Set(events.map((e) => e.uid)).size).toBe(14);
  });

  it("a secret link opens it without a header; a wrong key, another branch's token or nothing does not", async () => {
    const { body } = await admin("GET", "/branches/ntwc/calendar-link");
    const url = new URL(String(body.url));
    expect(url.pathname).toBe("/api/v1/branches/ntwc/calendar.ics");
    expect((await call(`${url.pathname}${url.search}`)).status).toBe(200);
    expect((await call(`${url.pathname}?key=${"0".repeat(64)}`)).status).toBe(401);
    expect((await call("/api/v1/branches/ntdt/calendar.ics", { token: branchToken })).status).toBe(403);
    expect((await call("/api/v1/branches/ntwc/calendar.ics")).status).toBe(401);
    expect((await call("/api/v1/branches/ntwc/calendar.ics", { token: VIEWER })).status).toBe(200);
  });
});

describe("returned items and closing windows", () => {
  it("a branch's message names the overdue project, its owner, its days overdue and the reviewer's reason; another hears its list has not come in", async () => {
    const id = "notify-rev-2023";
    // Every month open while the lists are sent (2023 is long past); a 5-day window from then on.
    await newCampaign({ id, year: 2023, windowDays: null });
    const a = await createBranch("ntrv", id);
    const b = await createBranch("ntrv2", id);
    await submitOk(
      a,
      submission({
        campaign: id,
        branch: "ntrv",
        period: "2023-05",
        projects: projectRows([
          project(0, {
            name: "党员教育培训",
            owner: "李四",
            deadline: "2023年5月20日",
            status: "推进中",
            progress: "50%",
          }),
          project(1, {
            name: "志愿服务",
            owner: "赵六",
            deadline: "2023年5月10日",
            status: "已完成",
            evidence: "照片1张",
          }),
          ...Array.from({ length: 12 }, (_, i) => project(i + 2)),
        ]),
      }),
    );
    await submitOk(b, submission({ campaign: id, branch: "ntrv2", period: "2023-04" }));
    const reviewer = reviewerTokenAnswer.parse(
      (await admin("POST", "/reviewers", { campaign: id, name: "李核查" })).body,
    );
    const listed = await callJson(`/api/v1/reviews?campaign=${id}&period=2023-05&branch=ntrv`, {
      token: VIEWER,
    });
    const claim = reviewsAnswer.parse(listed.body).items.find((i) => i.project.name === "志愿服务");
    const returned = await callJson("/api/v1/reviews", {
      method: "POST",
      token: reviewer.token,
      headers: { "Idempotency-Key": crypto.randomUUID() },
      json: {
        campaign: id,
        branch: "ntrv",
        period: "2023-05",
        project: "志愿服务",
        contentHash: claim?.contentHash,
        decision: "return",
        reason: "佐证材料只有一张照片，请补充活动记录",
      },
    });
    expect(returned.status, returned.text).toBe(201);
    expect((await admin("PUT", `/campaigns/${id}`, { windowDays: 5 })).status).toBe(200);
    const robotA = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=ntrv-aaaa";
    const robotB = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=ntrv-bbbb";
    await setChannel("branches", "ntrv", { kind: "wecom", url: robotA });
    await setChannel("branches", "ntrv2", { kind: "wecom", url: robotB });

    const run = receiver();
    // 08:30 on 2023-06-03 in Beijing: May's window closes on June 5, in 2 days.
    await dailyRun(env.DB, {
      now: new Date("2023-06-03T00:30:00Z"),
      fetch: run.fetch,
      publicUrl: null,
      // Other tests' branches share a robot; their pacing is tested above, not waited for here.
      sleep: async () => {},
    });
    const content = (url: string) =>
      run.received
        .filter((r) => r.url === url)
        .map((r) => (r.body as { markdown: { content: string } }).markdown.content);
    expect(content(robotA)).toEqual([
      [
        "### 【督办】ntrv 党支部 6月3日",
        "",
        "**已逾期 1 项**",
        "- 党员教育培训｜责任人 李四｜逾期 14 天（时限 5月20日）",
        "",
        "**被退回 1 项**",
        "- 志愿服务｜责任人 赵六｜退回原因：佐证材料只有一张照片，请补充活动记录",
      ].join("\n"),
    ]);
    expect(content(robotB)).toEqual([
      ["### 【督办】ntrv2 党支部 6月3日", "> 2023年5月的清单尚未报送，6月5日截止（还有 2 天）"].join("\n"),
    ]);

    // /supervision names the returned item with its reason, and the branch without a May list.
    const page = await (await call(`/supervision?campaign=${id}`, { token: VIEWER })).text();
    expect(page).toMatch(
      /志愿服务<\/td><td>赵六<\/td><td>被退回<\/td><td><\/td><td class="num"><\/td><td>退回原因：佐证材料只有一张照片，请补充活动记录/,
    );
    expect(page).toContain("2023-05 尚未报送（1 个支部）");

    // Its reviewer reads its own campaign only; a judge is not let in.
    const asReviewer = await (
      await call(`/supervision?campaign=${CAMPAIGN}`, { token: reviewer.token })
    ).text();
    expect(asReviewer).toContain("退回原因：佐证材料只有一张照片");
    expect(asReviewer).not.toContain("ntwc 党支部");
    const event = await admin("POST", "/events", {
      campaign: id,
      name: "技能大比武",
      period: "2023-05",
      date: "2023-05-20",
    });
    const judge = await admin("POST", `/events/${event.body.id}/judges`, { name: "评委" });
    // To a judge every page but /judge is nobody's: it is sent to sign in.
    const asJudge = await call(`/supervision?campaign=${id}`, {
      token: String(judge.body.token),
      redirect: "manual",
    });
    expect(asJudge.status).toBe(302);
    expect(asJudge.headers.get("Location")).toBe(
      `/login?next=${encodeURIComponent(`/supervision?campaign=${id}`)}`,
    );
    expect(
      (await call("/api/v1/branches/ntrv/calendar.ics", { token: String(judge.body.token) })).status,
    ).toBe(403);
  });
});
