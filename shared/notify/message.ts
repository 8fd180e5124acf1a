/**
 * A reminder as words (docs/operations.md "Reminders"): the branch's message and the office's
 * digest, as a title, lines and a link, before any platform's format. Chinese: the messages go to
 * the branches' own work groups. Each platform caps a message's size, so the items are an ordered
 * list the formatter can cut short with a closing "…及另外 N 项" line (most urgent first: overdue,
 * returned, then due soon).
 */
import { type BranchItems, NOT_SUBMITTED_DAYS } from "./items.ts";

export interface MessageSection {
  heading: string;
  lines: string[];
}

export interface Message {
  title: string;
  /** Always shown, above the sections (a submission window about to close). */
  notes: string[];
  sections: MessageSection[];
  link: { text: string; url: string } | null;
}

/**
 * Text from a workbook or a reviewer, made inert in a chat's markdown: brackets, emphasis and tag
 * characters become their full-width forms (a project named `[点此](https://…)` stays text), line
 * breaks become spaces so one item stays one line.
 */
const inert: Record<string, string> = {
  "[": "［",
  "]": "］",
  "<": "＜",
  ">": "＞",
  "*": "＊",
  "`": "｀",
  _: "＿",
  "#": "＃",
};
export function plain(text: string): string {
  return text
    .replace(/[[\]<>*`_#]/g, (ch) => inert[ch] ?? ch)
    .replace(/\s*[\r\n]+\s*/g, " ")
    .trim();
}

function monthDay(day: string): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

function periodWords(period: string): string {
  return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
}

const owner = (name: string) => (name ? `责任人 ${plain(name)}` : "责任人未写明");

export function branchMessage(input: {
  branch: { name: string };
  campaign: { name: string };
  day: string;
  items: BranchItems;
  link: string | null;
}): Message {
  const { items } = input;
  const notes: string[] = [];
  if (items.notSubmitted) {
    const n = items.notSubmitted;
    const left = n.daysLeft === 0 ? "今天截止" : `还有 ${n.daysLeft} 天`;
    notes.push(`${periodWords(n.period)}的清单尚未报送，${monthDay(n.closes)}截止（${left}）`);
  }
  const sections: MessageSection[] = [];
  if (items.overdue.length > 0)
    sections.push({
      heading: `已逾期 ${items.overdue.length} 项`,
      lines: items.overdue.map(
        (i) =>
          `${plain(i.name)}｜${owner(i.owner)}｜逾期 ${i.daysOverdue} 天（时限 ${monthDay(i.deadline)}）`,
      ),
    });
  if (items.returned.length > 0)
    sections.push({
      heading: `被退回 ${items.returned.length} 项`,
      lines: items.returned.map((i) => `${plain(i.name)}｜${owner(i.owner)}｜退回原因：${plain(i.reason)}`),
    });
  if (items.dueSoon.length > 0)
    sections.push({
      heading: `7 天内到期 ${items.dueSoon.length} 项`,
      lines: items.dueSoon.map(
        (i) =>
          `${plain(i.name)}｜${owner(i.owner)}｜${monthDay(i.due)}到期（${i.daysLeft === 0 ? "今天" : `还有 ${i.daysLeft} 天`}）`,
      ),
    });
  return {
    title: `【督办】${plain(input.branch.name)} ${monthDay(input.day)}`,
    notes,
    sections,
    link: input.link ? { text: "查看本支部清单", url: input.link } : null,
  };
}

export interface DigestRow {
  branch: { code: string; name: string };
  items: BranchItems;
}

/** The office's digest: who has not reported (when a window is closing), then counts per branch. */
export function officeDigest(input: {
  campaign: { name: string };
  day: string;
  rows: DigestRow[];
  link: string | null;
}): Message {
  const notes: string[] = [];
  const missing = input.rows.filter((r) => r.items.notSubmitted);
  const first = missing[0]?.items.notSubmitted;
  if (first)
    notes.push(
      `${periodWords(first.period)}尚未报送 ${missing.length} 个支部（${monthDay(first.closes)}截止，${NOT_SUBMITTED_DAYS} 天内）：${missing.map((r) => plain(r.branch.name)).join("、")}`,
    );
  const counted = input.rows
    .filter((r) => r.items.overdue.length + r.items.returned.length + r.items.dueSoon.length > 0)
    .sort(
      (a, b) =>
        b.items.overdue.length - a.items.overdue.length ||
        b.items.returned.length - a.items.returned.length ||
        a.branch.code.localeCompare(b.branch.code),
    );
  const sections: MessageSection[] = [];
  if (counted.length > 0)
    sections.push({
      heading: `需督办 ${counted.length} 个支部`,
      lines: counted.map(
        (r) =>
          `${plain(r.branch.name)}：逾期 ${r.items.overdue.length}｜退回 ${r.items.returned.length}｜7 天内到期 ${r.items.dueSoon.length}`,
      ),
    });
  return {
    title: `【督办汇总】${plain(input.campaign.name)} ${monthDay(input.day)}`,
    notes,
    sections,
    link: input.link ? { text: "打开督办页", url: input.link } : null,
  };
}

/** The message with only its first `keep` lines (in section order) and a line naming the rest. */
export function cut(message: Message, keep: number): Message {
  const total = message.sections.reduce((n, s) => n + s.lines.length, 0);
  if (keep >= total) return message;
  let left = keep;
  const sections: MessageSection[] = [];
  for (const section of message.sections) {
    if (left <= 0) break;
    sections.push({ heading: section.heading, lines: section.lines.slice(0, left) });
    left -= section.lines.length;
  }
  const rest = total - keep;
  sections.push({ heading: "", lines: [`…及另外 ${rest} 项`] });
  return { ...message, sections };
}

export function lineCount(message: Message): number {
  return message.sections.reduce((n, s) => n + s.lines.length, 0);
}
