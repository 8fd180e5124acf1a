/** The page's own words, zh-CN and English; sync messages are the task pane's (addin/src/i18n.ts). */
import type { Lang } from "../../shared/findings.ts";

const zh = {
  title: "聚星 · 提交重点任务清单",
  heading: "提交重点任务清单",
  intro:
    "没有 Excel 加载项也能校验、评分和同步：用 WPS 或任何电脑都可以。工作簿只在本机浏览器中读取，不会上传；同步时只发送整理后的清单内容。",
  tokenLabel: "同步令牌",
  tokenPlaceholder: "jxb_…（向县直机关工委索取）",
  signIn: "登录",
  signOut: "退出",
  signingIn: "正在登录…",
  signedIn: "{branch} · {campaign}",
  signedOut: "已退出。令牌已从本浏览器中删除。",
  badToken: "令牌无效或已停用，请核对后重新输入。",
  offline: "无法连接服务器，请检查网络后重试。",
  dropHere: "把 .xlsx 文件拖到这里，或",
  choose: "选择文件",
  chooseFile: "请选择或拖入填好的重点任务清单（.xlsx）。",
  reading: "正在读取 {file}…",
  clean: "未发现问题，可以同步。",
  found: "发现 {n} 个问题（其中错误 {errors} 个）。改好后再拖入一次即可重新校验。",
  meta: "{file} · {branch} · {period} · 项目 {projects} 个",
  score: "得分",
  stars: "星级",
  findings: "问题清单",
  severity: "级别",
  cell: "单元格",
  message: "说明",
  code: "代码",
  none: "未发现问题。",
  download: "下载校验结果",
  sync: "同步",
  error: "错误",
  warning: "警告",
  info: "提示",
  verification: "核实后得分 {score}（自评 {self}）；已核实 {accepted}，待核实 {pending}，退回 {returned}",
  returnedHeading: "退回 {n} 项，请按核查意见整改后重新同步：",
  project: "项目",
  reason: "退回理由",
  reviewer: "核查人",
};

const en: Record<keyof typeof zh, string> = {
  title: "Juxing · Submit the key-task list",
  heading: "Submit the key-task list",
  intro:
    "Check, score and sync without the Excel add-in: from WPS or any computer. The workbook is read in this browser only and never uploaded; sync sends only the list's normalized rows.",
  tokenLabel: "Sync token",
  tokenPlaceholder: "jxb_… (from the campaign office)",
  signIn: "Sign in",
  signOut: "Sign out",
  signingIn: "Signing in…",
  signedIn: "{branch} · {campaign}",
  signedOut: "Signed out. The token was removed from this browser.",
  badToken: "The token is not valid or has been disabled. Check it and enter it again.",
  offline: "The server cannot be reached. Check the network and try again.",
  dropHere: "Drop the .xlsx file here, or",
  choose: "choose a file",
  chooseFile: "Choose or drop the filled-in key-task list (.xlsx).",
  reading: "Reading {file}…",
  clean: "No problems found; ready to sync.",
  found: "{n} problems found ({errors} errors). Fix them and drop the file again to re-check.",
  meta: "{file} · {branch} · {period} · {projects} projects",
  score: "Score",
  stars: "Stars",
  findings: "Findings",
  severity: "Severity",
  cell: "Cell",
  message: "Message",
  code: "Code",
  none: "No problems found.",
  download: "Download results",
  sync: "Sync",
  error: "Error",
  warning: "Warning",
  info: "Info",
  verification:
    "Self-declared {self}; verification: {accepted} accepted, {pending} pending, {returned} returned",
  returnedHeading: "{n} item(s) returned by the campaign office; fix them and sync again:",
  project: "Project",
  reason: "Reason",
  reviewer: "Reviewer",
};

export type PageKey = keyof typeof zh;

export function pageText(lang: Lang, key: PageKey, vars: Record<string, string | number> = {}): string {
  const template = (lang === "en" ? en : zh)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
