/**
 * The pages' two languages (docs/overview.md: zh-CN by default, English on request). The choice comes from
 * `?lang=` (which the pages also remember in a cookie) or that cookie; nothing else — a leader's
 * phone set to English still gets the county's Chinese unless they switch.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Every } from "../../../shared/deadline.ts";
import type { Lang } from "../../../shared/findings.ts";
import type { Metric } from "../ranking.ts";

export type { Lang };
export const LANG_COOKIE = "juxing_lang";
const LANG_MAX_AGE = 365 * 24 * 3600;

/** `en`, `en-US`, `zh`, `zh-CN`, `zh-Hans` …; null for anything else. */
export function parseLang(value: string | undefined | null): Lang | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (v === "en" || v.startsWith("en-")) return "en";
  if (v === "zh" || v.startsWith("zh-")) return "zh-CN";
  return null;
}

/** The request's language: `?lang=` first, then the cookie, then zh-CN. */
export function langOf(c: Context): Lang {
  return parseLang(c.req.query("lang")) ?? parseLang(getCookie(c, LANG_COOKIE)) ?? "zh-CN";
}

/** The cookie header that remembers a `?lang=` choice (none when the request did not make one). */
export function langCookie(c: Context): string | null {
  const chosen = parseLang(c.req.query("lang"));
  if (!chosen || parseLang(getCookie(c, LANG_COOKIE)) === chosen) return null;
  const host = new URL(c.req.url).hostname;
  const local = host === "localhost" || host === "127.0.0.1" || host === "[::1]";
  return `${LANG_COOKIE}=${chosen}; Path=/; Max-Age=${LANG_MAX_AGE}; SameSite=Lax${local ? "" : "; Secure"}`;
}

export const metricLabel: Record<Lang, Record<Metric, string>> = {
  "zh-CN": {
    total: "综合",
    model: "模范星",
    service: "服务星",
    vanguard: "先锋星",
    activities: "亮晒比评",
    landmark: "红地标",
  },
  en: {
    total: "Overall",
    model: "Model star",
    service: "Service star",
    vanguard: "Vanguard star",
    activities: "Activities",
    landmark: "Red landmark",
  },
};

const quarterZh = ["一", "二", "三", "四"];
const monthEn = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** 2023-06 → 2023年6月 / Jun 2023; 2023-Q2 → 2023年第二季度 / Q2 2023; 2023 → 2023年度 / 2023. */
export function periodLabel(period: string, lang: Lang): string {
  const month = /^(\d{4})-(\d\d)$/.exec(period);
  if (month) {
    const m = Number(month[2]);
    return lang === "en" ? `${monthEn[m - 1]} ${month[1]}` : `${month[1]}年${m}月`;
  }
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(period);
  if (quarter) {
    const q = Number(quarter[2]);
    return lang === "en" ? `Q${q} ${quarter[1]}` : `${quarter[1]}年第${quarterZh[q - 1]}季度`;
  }
  return lang === "en" ? period : `${period}年度`;
}

/** Scores keep full precision; pages show two decimals (ties are decided at two decimals too). */
export function points(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return (Math.round(value * 100) / 100 + 0).toFixed(2);
}

export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${Math.round(rate * 100)}%`;
}

/** Times are shown in Beijing time (UTC+8, no daylight saving), where every reader is. */
export function beijing(iso: string | null | undefined): { date: string; time: string } | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  const t = new Date(ms + 8 * 3600 * 1000).toISOString();
  return { date: t.slice(0, 10), time: t.slice(11, 16) };
}

const everyLabel: Record<Lang, Record<Every, string>> = {
  "zh-CN": {
    week: "每周",
    month: "每月",
    "two-months": "每两个月",
    quarter: "每季度",
    "half-year": "每半年",
    year: "每年",
  },
  en: {
    week: "weekly",
    month: "monthly",
    "two-months": "every two months",
    quarter: "quarterly",
    "half-year": "half-yearly",
    year: "yearly",
  },
};

export function everyText(every: Every, lang: Lang): string {
  return everyLabel[lang][every];
}

/** Every other word on the pages. */
export const text = {
  "zh-CN": {
    site: "聚星点亮",
    siteSub: "排行榜",
    skip: "跳到正文",
    nav: "主导航",
    rankings: "排行榜",
    switchTo: "English",
    switchLang: "en",
    switchLabel: "Switch to English",
    signOut: "退出登录",
    signIn: "登录",
    loginTitle: "登录查看排行榜",
    loginIntro: "请输入活动办公室提供的查看密钥。登录后 7 天内无需再次输入。",
    keyLabel: "查看密钥",
    wrongKey: "查看密钥不正确，请核对后重新输入。",
    tooMany: "尝试次数过多，请一分钟后再试。",
    crossSite: "请从本站的登录页登录。",
    filters: "筛选",
    campaign: "活动",
    kind: "周期类型",
    kinds: { month: "月度", quarter: "季度", year: "年度" },
    period: "周期",
    metric: "排名指标",
    show: "查看",
    noData: "（无数据）",
    caption: (campaign: string, period: string, metric: string) =>
      `${campaign} · ${period} · 按${metric}得分排名`,
    rank: "排名",
    movement: "变化",
    branch: "支部",
    stars: "星级",
    total: "总分",
    clarity: "明确率",
    completion: "完成率",
    overdue: "逾期",
    lastSync: "最近同步",
    tied: (n: number) => `并列第${n}`,
    tiedWord: "并列",
    tiedPlace: (n: number) => `第${n}`,
    rankText: (n: number) => `第${n}`,
    up: (n: number) => `上升${n}位`,
    down: (n: number) => `下降${n}位`,
    same: "排名不变",
    newEntry: "新",
    newEntryLong: "新上榜（上期无排名）",
    starsLabel: (n: number) => (n > 0 ? `${n}星（满5星）` : "未达星级"),
    fromMonth: (m: string) => `${m}数据`,
    summary: (reported: number, missing: number) => `已报送 ${reported} 个支部，未报送 ${missing} 个。`,
    method: { dense: "排名方式：中国式排名（并列不占名次）。", competition: "排名方式：并列占名次。" },
    notes: "得分保留两位小数，相同得分并列、按支部代码排列；时间为北京时间。",
    csv: "导出 CSV（Excel 可打开）",
    missingTitle: "未报送",
    missingNone: "所有支部均已报送。",
    noneReported: "这个周期还没有支部报送。",
    chartTitle: (metric: string, period: string) => `${period}各支部${metric}得分`,
    chartDesc: (n: number, max: string) => `横条长度表示得分，满分 ${max}；共 ${n} 个支部，按排名排列。`,
    noCampaign: "还没有任何活动。请活动办公室先创建活动和支部。",
    back: "返回排行榜",
    branchTitle: "支部代码",
    latest: (period: string) => `最近一次报送：${period}`,
    syncedAt: "同步时间",
    workbook: "文件",
    scoreCard: "得分",
    trend: "月度得分趋势",
    trendDesc: (branch: string) => `${branch}各月总分及三颗星得分折线图`,
    trendTotal: (max: string) => `总分（满分 ${max}）`,
    trendStars: "三颗星得分",
    month: "月份",
    monthAxis: "月",
    history: "各月得分",
    noSubmission: "该支部在本活动中还没有报送。",
    projects: "重点任务项目",
    projectsCaption: (n: number) => `最近一次报送的 ${n} 个项目`,
    row: "行",
    category: "星级任务",
    name: "项目名称",
    owner: "责任人",
    deadline: "时间节点",
    status: "完成情况",
    progress: "进度",
    evidence: "佐证",
    yes: "有",
    no: "无",
    projectPoints: "得分",
    pointsUnavailable: "评分标准在该次报送后已调整，不再列出单项得分。",
    findings: "校验问题",
    findingsCaption: (n: number) => `最近一次报送的 ${n} 条校验问题`,
    findingsNone: "没有发现问题。",
    findingsMore: (n: number) => `另有 ${n} 条未列出。`,
    severity: "级别",
    code: "代码",
    cell: "单元格",
    message: "说明",
    severities: { error: "错误", warning: "警告", info: "提示" },
    statuses: {
      "not-started": "未启动",
      "in-progress": "推进中",
      done: "已完成",
      accepted: "已验收",
      unknown: "无法识别",
    },
    deadlines: { vague: "不明确", unparseable: "无法识别", missing: "未填写" },
    categories: { model: "模范星", service: "服务星", vanguard: "先锋星", none: "未识别" },
    notFound: "找不到页面",
    branchNotFound: (code: string) => `找不到支部 ${code}。`,
    campaignNotFound: (id: string) => `找不到活动 ${id}。`,
    forbidden: "没有权限查看这个页面。",
    errorTitle: "出错了",
    footer: "聚星点亮 · 机关党支部重点任务清单校验与排名",
    auditTitle: "操作日志",
    auditIntro: "活动办公室的每一次管理操作（活动、支部、令牌、会话），最新的在前。输入管理令牌查看。",
    adminTokenLabel: "管理令牌",
    wrongAdminToken: "管理令牌不正确。",
    auditShow: "查看",
    auditEmpty: "还没有任何管理操作。",
    auditColumns: ["序号", "时间（北京时间）", "操作者", "操作", "对象", "来源地址"],
  },
  en: {
    site: "Juxing",
    siteSub: "Rankings",
    skip: "Skip to content",
    nav: "Main",
    rankings: "Rankings",
    switchTo: "中文",
    switchLang: "zh-CN",
    switchLabel: "切换到中文",
    signOut: "Sign out",
    signIn: "Sign in",
    loginTitle: "Sign in to the rankings",
    loginIntro: "Enter the viewer key from the campaign office. You stay signed in for 7 days.",
    keyLabel: "Viewer key",
    wrongKey: "That viewer key is not correct; check it and try again.",
    tooMany: "Too many attempts; try again in a minute.",
    crossSite: "Sign in from this site's own login page.",
    filters: "Filters",
    campaign: "Campaign",
    kind: "Period type",
    kinds: { month: "Monthly", quarter: "Quarterly", year: "Annual" },
    period: "Period",
    metric: "Ranked by",
    show: "Show",
    noData: " (no data)",
    caption: (campaign: string, period: string, metric: string) =>
      `${campaign} · ${period} · ranked by ${metric} score`,
    rank: "Rank",
    movement: "Change",
    branch: "Branch",
    stars: "Stars",
    total: "Total",
    clarity: "Clarity",
    completion: "Completion",
    overdue: "Overdue",
    lastSync: "Last sync",
    tied: (n: number) => `Tied ${n}`,
    tiedWord: "Tied",
    tiedPlace: (n: number) => ` ${n}`,
    rankText: (n: number) => `${n}`,
    up: (n: number) => `up ${n}`,
    down: (n: number) => `down ${n}`,
    same: "no change",
    newEntry: "New",
    newEntryLong: "new (no previous rank)",
    starsLabel: (n: number) => (n > 0 ? `${n} of 5 stars` : "no star level"),
    fromMonth: (m: string) => `data of ${m}`,
    summary: (reported: number, missing: number) => `${reported} branches reported, ${missing} did not.`,
    method: {
      dense: "Ranking: dense (ties do not skip a place).",
      competition: "Ranking: competition (ties skip places).",
    },
    notes:
      "Scores are shown to two decimals; equal scores share a rank, listed by branch code. Times are Beijing time.",
    csv: "Download CSV (opens in Excel)",
    missingTitle: "Not reported",
    missingNone: "Every branch has reported.",
    noneReported: "No branch has reported for this period yet.",
    chartTitle: (metric: string, period: string) => `${metric} score by branch, ${period}`,
    chartDesc: (n: number, max: string) =>
      `Bar length is the score, out of ${max}; ${n} branches in rank order.`,
    noCampaign: "There is no campaign yet. The campaign office sets up campaigns and branches first.",
    back: "Back to rankings",
    branchTitle: "Branch code",
    latest: (period: string) => `Latest submission: ${period}`,
    syncedAt: "Synced",
    workbook: "File",
    scoreCard: "Score",
    trend: "Monthly trend",
    trendDesc: (branch: string) => `Line chart of ${branch}'s total and star scores by month`,
    trendTotal: (max: string) => `Total (out of ${max})`,
    trendStars: "Star scores",
    month: "Month",
    monthAxis: "month",
    history: "Scores by month",
    noSubmission: "This branch has not submitted in this campaign yet.",
    projects: "Key-task projects",
    projectsCaption: (n: number) => `The ${n} projects of the latest submission`,
    row: "Row",
    category: "Star",
    name: "Project",
    owner: "Owner",
    deadline: "Deadline",
    status: "Status",
    progress: "Progress",
    evidence: "Evidence",
    yes: "yes",
    no: "no",
    projectPoints: "Points",
    pointsUnavailable: "The rubric changed after this submission, so per-project points are not listed.",
    findings: "Findings",
    findingsCaption: (n: number) => `The ${n} findings of the latest submission`,
    findingsNone: "No problems found.",
    findingsMore: (n: number) => `${n} more not listed.`,
    severity: "Severity",
    code: "Code",
    cell: "Cell",
    message: "Message",
    severities: { error: "Error", warning: "Warning", info: "Info" },
    statuses: {
      "not-started": "Not started",
      "in-progress": "In progress",
      done: "Done",
      accepted: "Accepted",
      unknown: "Unknown",
    },
    deadlines: { vague: "vague", unparseable: "not understood", missing: "missing" },
    categories: { model: "Model", service: "Service", vanguard: "Vanguard", none: "Unknown" },
    notFound: "Page not found",
    branchNotFound: (code: string) => `There is no branch ${code}.`,
    campaignNotFound: (id: string) => `There is no campaign ${id}.`,
    forbidden: "You may not see this page.",
    errorTitle: "Something went wrong",
    footer: "Juxing · key-task lists of organ party branches, checked and ranked",
    auditTitle: "Audit log",
    auditIntro:
      "Every admin action of the campaign office (campaigns, branches, tokens, sessions), newest first. Enter the admin token to see it.",
    adminTokenLabel: "Admin token",
    wrongAdminToken: "That admin token is not correct.",
    auditShow: "Show",
    auditEmpty: "No admin action yet.",
    auditColumns: ["No.", "When (UTC+8)", "Who", "Action", "Target", "From"],
  },
} satisfies Record<Lang, unknown>;

export type Text = (typeof text)["zh-CN"];
export const t = (lang: Lang): Text => text[lang] as Text;
