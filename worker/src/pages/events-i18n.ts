/** The words of the 现场打分 pages (/judge, /events, /events/:id and its projector view), zh-CN and en. */
import type { Lang } from "./i18n.ts";

const zh = {
  events: "现场打分",
  eventsTitle: "现场打分 · 比赛结果",
  eventsIntro:
    "活动办公室组织的现场比赛（模范机关大比拼、学习大研讨、技能大比武等）。评委现场打分，去掉最高分和最低分后取平均。",
  noEvents: "这个活动还没有现场比赛。",
  eventName: "比赛",
  date: "日期",
  period: "周期",
  state: "状态",
  open: "打分中",
  closed: "已结束",
  judgesCount: "评委",
  branchesCount: "参赛支部",
  result: "结果",
  progressLink: "进度",
  screen: "投屏",
  screenLink: "投屏显示（每 10 秒自动刷新）",
  rank: "排名",
  branch: "支部",
  scores: "评委打分（从低到高）",
  droppedLegend: "划线的分数为去掉的最高分、最低分。",
  trimmedMean: "最后得分",
  count: "评委人数",
  notScored: "无人打分",
  trimRule: (trim: number | null) =>
    trim === null
      ? "5 位及以上评委打分时去掉一个最高分、一个最低分，否则全部计入。"
      : `去掉 ${trim} 个最高分、${trim} 个最低分。`,
  scoredBy: (n: number, of: number) => `已评 ${n}/${of}`,
  judgesProgress: "评委进度",
  waiting: "比赛结束后公布各评委分数和排名。",
  droppedShort: "（已去掉）",
  tied: (n: number) => `并列第${n}`,
  rankText: (n: number) => `第${n}`,
  back: "返回比赛列表",
  eventNotFound: (id: string) => `找不到比赛 ${id}。`,
  refreshNote: "本页每 10 秒自动刷新。",
  // /judge
  judgeTitle: "评委打分",
  judgeHello: (name: string) => `${name}，您好`,
  judgeIntro: "为每个支部填写 0–100 的分数，点“保存”逐个提交；可以修改，以最后一次保存为准。",
  progress: (n: number, of: number) => `已评 ${n}/${of}`,
  scoreLabel: (branch: string) => `${branch} 的分数`,
  save: "保存",
  saved: (v: string) => `已保存：${v} 分`,
  savedNow: (branch: string, v: string) => `已保存 ${branch}：${v} 分。`,
  notYet: "未评",
  judgeClosed: "本场比赛已结束，分数不能再修改。感谢您的评审！",
  saveFailed: "没有保存成功：",
  badScore: "请填写 0 到 100 之间的数字。",
  notInEvent: "这个支部不参加本场比赛。",
  closedNow: "本场比赛已结束，分数没有保存。",
  judgeSignIn: "请用活动办公室发给您的评委口令登录。",
  signOut: "退出",
  offlineHint: "网络不好时保存可能失败：页面会提示，输入的分数仍保留在框中，再点一次“保存”即可。",
};

type Words = typeof zh;

const en: Words = {
  events: "On-site judging",
  eventsTitle: "On-site judging · results",
  eventsIntro:
    "Competitions held by the campaign office (model organ contest, study seminar, skills contest …). Judges score on site; the highest and lowest scores are dropped and the rest averaged.",
  noEvents: "This campaign has no judged events yet.",
  eventName: "Event",
  date: "Date",
  period: "Period",
  state: "State",
  open: "Scoring",
  closed: "Closed",
  judgesCount: "Judges",
  branchesCount: "Branches",
  result: "Result",
  progressLink: "Progress",
  screen: "Projector",
  screenLink: "Projector view (refreshes every 10 s)",
  rank: "Rank",
  branch: "Branch",
  scores: "Judges' scores (low to high)",
  droppedLegend: "Struck-through scores are the highest and lowest, dropped.",
  trimmedMean: "Result",
  count: "Judges",
  notScored: "not scored",
  trimRule: (trim: number | null) =>
    trim === null
      ? "With 5 or more judges the highest and lowest score are dropped; otherwise all count."
      : `The ${trim} highest and ${trim} lowest scores are dropped.`,
  scoredBy: (n: number, of: number) => `scored ${n}/${of}`,
  judgesProgress: "Judges' progress",
  waiting: "Each judge's scores and the ranks are published when the event closes.",
  droppedShort: " (dropped)",
  tied: (n: number) => `tied ${n}`,
  rankText: (n: number) => `${n}`,
  back: "Back to the events",
  eventNotFound: (id: string) => `No event ${id}.`,
  refreshNote: "This page refreshes itself every 10 seconds.",
  judgeTitle: "Judge's scores",
  judgeHello: (name: string) => `Hello, ${name}`,
  judgeIntro:
    "Give each branch a score from 0 to 100 and press Save for each; you may change it, the last one saved counts.",
  progress: (n: number, of: number) => `Scored ${n}/${of}`,
  scoreLabel: (branch: string) => `Score for ${branch}`,
  save: "Save",
  saved: (v: string) => `Saved: ${v}`,
  savedNow: (branch: string, v: string) => `Saved ${branch}: ${v}.`,
  notYet: "not scored",
  judgeClosed: "This event is closed; scores can no longer change. Thank you for judging!",
  saveFailed: "Not saved: ",
  badScore: "Enter a number from 0 to 100.",
  notInEvent: "This branch does not take part in this event.",
  closedNow: "This event has closed; the score was not saved.",
  judgeSignIn: "Sign in with the judge's code the campaign office gave you.",
  signOut: "Sign out",
  offlineHint:
    "On a poor connection a save may fail: the page says so, the score stays in its box, and Save sends it again.",
};

export function ew(lang: Lang): Words {
  return lang === "en" ? en : zh;
}
