/**
 * The task pane's words: one table per language (docs/overview.md: zh-CN by default, en). Finding titles and
 * messages come from the core's catalogue; everything else the pane says is here.
 */
import type { Lang } from "../../shared/findings.ts";

export type { Lang };

const zh = {
  appName: "聚星",
  tagline: "重点任务清单校验",
  validate: "校验",
  mark: "标注",
  clearMarks: "清除标注",
  sync: "同步",
  insertTemplate: "插入模板",
  settings: "设置",
  closeSettings: "关闭设置",
  diagnostics: "诊断",
  copyDiagnostics: "复制诊断信息",
  copied: "已复制，可粘贴给县委办（活动办公室）。",
  writeResults: "生成校验结果表",
  actions: "操作",

  // Settings
  settingsTitle: "设置",
  server: "服务器地址",
  serverHint: "例如 https://juxing.example.workers.dev",
  branch: "支部代码",
  token: "同步令牌",
  tokenHint: "只保存在本机浏览器存储中，不写入工作簿。",
  showToken: "显示",
  hideToken: "隐藏",
  campaign: "活动编号",
  period: "填报周期",
  periodHint:
    "保持当前月份即为自动：工作簿注明本月（或月初 10 天内注明上月）时按工作簿，否则按当前月份。改选其他月份则固定使用该月。",
  language: "界面语言",
  languageAuto: "跟随 Office",
  save: "保存",
  saved: "设置已保存。",
  settingsInvalidServer: "服务器地址须以 https:// 开头（本机调试可用 http://localhost）。",
  settingsInvalidPeriod: "填报周期须为 YYYY-MM，例如 2023-06。",
  settingsInvalidBranch: "支部代码只能包含字母、数字、- 和 _。",
  settingsInvalidCampaign: "活动编号只能包含字母、数字、- 和 _。",

  // Score card
  scoreTitle: "得分",
  total: "总分",
  stars: "星级",
  starsLabel: "{n} 星",
  noStars: "未达星级",
  model: "模范星",
  service: "服务星",
  vanguard: "先锋星",
  activities: "亮晒比评",
  landmark: "红地标",
  clarityRate: "三个明确率",
  completionRate: "完成率",
  overdue: "逾期项目",
  asOf: "校验日期 {date}",
  periodUsed: "填报周期 {period}",
  sheetsRead: "读取工作表 {sheets}",
  scoredWith: "评分标准：{rubric}",
  rubricDefault: "默认标准",
  rubricCampaign: "活动“{name}”的标准",
  rubricCached: "活动“{name}”的标准（离线缓存）",
  projects: "{n} 个项目",

  // Findings
  findingsTitle: "问题",
  noFindings: "没有发现问题。",
  findingsSummary: "错误 {error} 项，警告 {warning} 项，提示 {info} 项",
  severity_error: "错误",
  severity_warning: "警告",
  severity_info: "提示",
  workbookLevel: "整个工作簿",
  goToCell: "定位到 {cell}",
  showMore: "再显示 {n} 项",

  // Sync
  syncTitle: "同步",
  pendingTitle: "待发送",
  pendingItem: "{workbook} · {period} · 第 {attempts} 次尝试失败",
  pendingFresh: "{workbook} · {period} · 正在发送",
  failedItem: "{workbook} · {period} · 已被拒绝",
  waitingItem: "{workbook} · {period} · 等待排队时所用的令牌（发往 {server}）",
  waitingItemHint: "此项只会用排队时的令牌发往原服务器：在“设置”中换回该令牌即可发送，或将其丢弃。",
  retryNow: "立即重试",
  discard: "删除",
  lastResult: "最近一次同步：{period} 第 {rank} 名（共 {ranked} 个支部），服务器评分 {total}",
  reviewsTitle: "核实情况",
  reviewsReturned: "退回（{n}）",
  reviewsPending: "待核实（{n}）",
  reviewsAccepted: "已核实（{n}）",
  reviewsReason: "退回原因：{reason}",
  reviewsNone: "本月暂无需核实的已完成或已验收项目。",
  reviewsUnavailable: "暂时无法读取核实情况。",
  judgedTitle: "现场打分结果",
  judgedItem: "{name}（{date}）：{score} 分，第 {rank} 名",
  judgedItemTied: "{name}（{date}）：{score} 分，并列第 {rank} 名",
  judgedSelf: "亮晒比评按现场打分计分；工作簿自报部分 {self} 分只计入自评分。",
  lastResultTied: "最近一次同步：{period} 并列第 {rank} 名（共 {ranked} 个支部），服务器评分 {total}",
  lastResultNoRank: "最近一次同步：{period}，服务器评分 {total}",
  lastResultAt: "同步时间 {time}",

  // Status and errors
  working: "正在处理…",
  validated: "校验完成：{summary}。",
  marked: "已在工作表中标注 {n} 处问题。",
  cleared: "已清除标注，单元格恢复原来的填充。",
  resultsWritten: "已生成“校验结果”工作表。",
  templateInserted: "已插入模板工作表。",
  selected: "已定位到 {cell}。",
  syncSent: "同步成功：{period} 第 {rank} 名。",
  syncSentTied: "同步成功：{period} 并列第 {rank} 名。",
  syncSentNoRank: "同步成功。",
  syncQueuedDuplicate: "这份清单已在待发送队列中，正在重试，不会重复提交。",
  syncOffline: "同步失败：网络不可用，已保存，将自动重试。",
  syncTimeout: "同步失败：服务器长时间无响应，已保存，将自动重试。",
  syncServerError: "同步失败：服务器暂时不可用（{status}），已保存，将自动重试。",
  syncRateLimited: "同步过于频繁，已保存，将在 {seconds} 秒后自动重试。",
  syncUnauthorized: "同步失败：令牌无效或已停用。请在“设置”中填写新的同步令牌，然后点“立即重试”。",
  syncForbidden: "同步失败：{message} 请在“设置”中检查支部代码和活动编号。",
  syncRejected: "同步被拒绝：{message}",
  syncNeedsSettings: "请先在“设置”中填写服务器地址、支部代码、同步令牌和活动编号。",
  syncNotPersistent: "注意：浏览器存储不可用，待发送内容在关闭任务窗格后会丢失。",
  excelError: "操作 Excel 时出错：{message}。如果正在编辑单元格，请按 Enter 或 Esc 退出编辑后重试。",
  notExcel: "聚星需要在 Excel 中运行：请在 Excel 的“开始”选项卡点击“任务清单校验”打开。",
  officeMissing:
    "无法加载 Office.js（appsforoffice.microsoft.com）。请检查网络连接，然后关闭并重新打开任务窗格。",
  unsupported: "当前 Excel 版本不支持此功能：{message}",
  campaignFetchFailed: "无法获取活动评分标准（{reason}），暂按{fallback}评分。",
  networkUnavailable: "网络不可用",
} as const;

export type StringKey = keyof typeof zh;
export type Strings = Record<StringKey, string>;

const en: Strings = {
  appName: "Juxing",
  tagline: "Key-task list check",
  validate: "Validate",
  mark: "Mark",
  clearMarks: "Clear marks",
  sync: "Sync",
  insertTemplate: "Insert template",
  settings: "Settings",
  closeSettings: "Close settings",
  diagnostics: "Diagnostics",
  copyDiagnostics: "Copy diagnostics",
  copied: "Copied; paste it into a message to the campaign office.",
  writeResults: "Write results sheet",
  actions: "Actions",

  settingsTitle: "Settings",
  server: "Server URL",
  serverHint: "For example https://juxing.example.workers.dev",
  branch: "Branch code",
  token: "Sync token",
  tokenHint: "Kept in this computer's browser storage only, never in the workbook.",
  showToken: "Show",
  hideToken: "Hide",
  campaign: "Campaign",
  period: "Period",
  periodHint:
    "Left at the current month it is automatic: the workbook's own period when it is this month (or last month, in the first 10 days), else the current month. Pick another month to fix it.",
  language: "Language",
  languageAuto: "Same as Office",
  save: "Save",
  saved: "Settings saved.",
  settingsInvalidServer: "The server URL must start with https:// (http://localhost for local testing).",
  settingsInvalidPeriod: "The period must be YYYY-MM, for example 2023-06.",
  settingsInvalidBranch: "A branch code has letters, digits, - and _ only.",
  settingsInvalidCampaign: "A campaign id has letters, digits, - and _ only.",

  scoreTitle: "Score",
  total: "Total",
  stars: "Stars",
  starsLabel: "{n} stars",
  noStars: "No star yet",
  model: "Model star",
  service: "Service star",
  vanguard: "Vanguard star",
  activities: "Activities",
  landmark: "Red landmark",
  clarityRate: "Clarity",
  completionRate: "Completion",
  overdue: "Overdue",
  asOf: "As of {date}",
  periodUsed: "Period {period}",
  sheetsRead: "Read from {sheets}",
  scoredWith: "Rubric: {rubric}",
  rubricDefault: "default",
  rubricCampaign: "campaign “{name}”",
  rubricCached: "campaign “{name}” (cached offline)",
  projects: "{n} projects",

  findingsTitle: "Findings",
  noFindings: "No problems found.",
  findingsSummary: "{error} errors, {warning} warnings, {info} notes",
  severity_error: "Errors",
  severity_warning: "Warnings",
  severity_info: "Notes",
  workbookLevel: "Whole workbook",
  goToCell: "Go to {cell}",
  showMore: "Show {n} more",

  syncTitle: "Sync",
  pendingTitle: "Waiting to send",
  pendingItem: "{workbook} · {period} · attempt {attempts} failed",
  pendingFresh: "{workbook} · {period} · sending",
  failedItem: "{workbook} · {period} · rejected",
  waitingItem: "{workbook} · {period} · waiting for the token it was queued with (for {server})",
  waitingItemHint:
    "It is only ever sent to its own server with that token: put the token back in Settings to send it, or discard it.",
  retryNow: "Retry now",
  discard: "Discard",
  lastResult: "Last sync: {period}, rank {rank} of {ranked}, server score {total}",
  reviewsTitle: "Verification",
  reviewsReturned: "Returned ({n})",
  reviewsPending: "Awaiting verification ({n})",
  reviewsAccepted: "Verified ({n})",
  reviewsReason: "Reason: {reason}",
  reviewsNone: "No completed or accepted projects to verify this month.",
  reviewsUnavailable: "The verification states could not be read just now.",
  judgedTitle: "On-site judging",
  judgedItem: "{name} ({date}): {score}, rank {rank}",
  judgedItemTied: "{name} ({date}): {score}, tied {rank}",
  judgedSelf:
    "Activities count the judges' results; the workbook's own part, {self}, counts only in the self score.",
  lastResultTied: "Last sync: {period}, tied rank {rank} of {ranked}, server score {total}",
  lastResultNoRank: "Last sync: {period}, server score {total}",
  lastResultAt: "Synced {time}",

  working: "Working…",
  validated: "Validated: {summary}.",
  marked: "Marked {n} problems in the sheet.",
  cleared: "Marks cleared; the cells have their own fills back.",
  resultsWritten: "Wrote the 校验结果 (results) sheet.",
  templateInserted: "Inserted the template sheets.",
  selected: "Selected {cell}.",
  syncSent: "Synced: rank {rank} for {period}.",
  syncSentTied: "Synced: tied rank {rank} for {period}.",
  syncSentNoRank: "Synced.",
  syncQueuedDuplicate: "This list is already waiting to be sent; retrying it now, it will not be sent twice.",
  syncOffline: "Sync failed: no network. Saved; it will retry automatically.",
  syncTimeout: "Sync failed: the server did not answer. Saved; it will retry automatically.",
  syncServerError: "Sync failed: the server is unavailable ({status}). Saved; it will retry automatically.",
  syncRateLimited: "Too many syncs. Saved; it will retry in {seconds} s.",
  syncUnauthorized:
    "Sync failed: the token is wrong or disabled. Enter a new sync token in Settings, then choose Retry now.",
  syncForbidden: "Sync failed: {message} Check the branch code and campaign in Settings.",
  syncRejected: "Sync rejected: {message}",
  syncNeedsSettings: "Fill in the server URL, branch code, sync token and campaign in Settings first.",
  syncNotPersistent: "Note: browser storage is unavailable; waiting items are lost when the pane closes.",
  excelError:
    "Excel reported an error: {message}. If a cell is being edited, press Enter or Esc and try again.",
  notExcel: "Juxing runs in Excel: open it from Home → Check task list.",
  officeMissing:
    "Office.js could not be loaded (appsforoffice.microsoft.com). Check the network connection, then close and reopen the task pane.",
  unsupported: "This version of Excel cannot do this: {message}",
  campaignFetchFailed:
    "Could not fetch the campaign's rubric ({reason}); scoring with the {fallback} for now.",
  networkUnavailable: "no network",
};

export const strings: Record<Lang, Strings> = { "zh-CN": zh, en };

/** The language setting: follow Office, or a fixed language. */
export type LangSetting = "auto" | Lang;

/** en when Office speaks English (en, en-US, en-GB …), zh-CN otherwise — unless the user chose. */
export function pickLang(displayLanguage: string | undefined, setting: LangSetting = "auto"): Lang {
  if (setting !== "auto") return setting;
  return displayLanguage?.toLowerCase().startsWith("en") ? "en" : "zh-CN";
}

/** A string with {name} placeholders filled. */
export function t(lang: Lang, key: StringKey, params: Record<string, string | number> = {}): string {
  return strings[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
