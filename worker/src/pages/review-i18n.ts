/** The words of verification on the pages (/review, and the 核定分 / 自评分 columns), zh-CN and en. */
import type { Lang } from "./i18n.ts";

const zh = {
  review: "逐项核实",
  reviewTitle: "逐项核实 · 核查人员",
  reviewIntro:
    "逐项逐条核实各支部报为“已完成”“已验收”的项目：核实通过，或写明理由退回。支部修改项目后会重新回到待核实。",
  period: "月份",
  branch: "支部",
  show: "查看",
  nextBranch: "下一个有待核实项目的支部",
  none: "这个月没有待核实的项目。",
  noClaims: "这个支部这个月没有报为已完成、已验收的项目。",
  claimsOf: (name: string, period: string) => `${name} · ${period}`,
  counts: (p: number, a: number, r: number) => `待核实 ${p} · 已核实 ${a} · 退回 ${r}`,
  target: "目标任务",
  owner: "责任人",
  deadline: "时间节点",
  status: "完成情况",
  progress: "完成进度",
  evidence: "佐证材料",
  where: "位置",
  reason: "退回理由（退回时必填）",
  accept: "核实通过",
  ret: "退回",
  state: { pending: "待核实", accepted: "已核实", returned: "退回" } as Record<string, string>,
  by: (who: string) => `核查人：${who}`,
  needReason: "退回需要写明理由（1–500 字）。",
  stale: "这个项目在您查看之后又被支部修改了，请按最新内容核实。",
  saved: (name: string, state: string) => `已记录：${name} — ${state}`,
  statusWords: { done: "已完成", accepted: "已验收" } as Record<string, string>,
  audited: "核定分",
  self: "自评分",
  pendingCount: "待核实",
  returnedCount: "退回",
  gap: "自评与核定之差",
};

type Words = typeof zh;

const en: Words = {
  review: "Verify",
  reviewTitle: "Verify claims · reviewer",
  reviewIntro:
    "Check, item by item, each project a branch reports done or accepted: accept it, or return it with a reason. A project the branch changes goes back to pending.",
  period: "Month",
  branch: "Branch",
  show: "Show",
  nextBranch: "Next branch with pending claims",
  none: "Nothing is pending this month.",
  noClaims: "This branch reports no project done or accepted this month.",
  claimsOf: (name, period) => `${name} · ${period}`,
  counts: (p, a, r) => `${p} pending · ${a} accepted · ${r} returned`,
  target: "Target",
  owner: "Owner",
  deadline: "Deadline",
  status: "Status",
  progress: "Progress",
  evidence: "Evidence",
  where: "Cell",
  reason: "Reason for returning (required to return)",
  accept: "Accept",
  ret: "Return",
  state: { pending: "pending", accepted: "accepted", returned: "returned" },
  by: (who) => `Reviewed by ${who}`,
  needReason: "A return needs a reason (1–500 characters).",
  stale: "The branch changed this project after you opened it; verify it as it stands now.",
  saved: (name, state) => `Recorded: ${name} — ${state}`,
  statusWords: { done: "done", accepted: "accepted" },
  audited: "Audited",
  self: "Self-declared",
  pendingCount: "Pending",
  returnedCount: "Returned",
  gap: "Self minus audited",
};

export function rw(lang: Lang): Words {
  return lang === "en" ? en : zh;
}
