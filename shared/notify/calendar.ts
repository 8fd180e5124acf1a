/**
 * A branch's dated time nodes as an iCalendar feed (RFC 5545; docs/api.md "Calendar"), for
 * Outlook, phones and any calendar that subscribes to a URL: one all-day event per time node of
 * each project in the branch's latest list (a project with milestones gets one per milestone).
 * Pure text: escaping (backslash, semicolon, comma, line breaks), CRLF line ends and lines folded
 * at 75 octets of UTF-8 without splitting a character.
 */
import type { Project } from "../rules.ts";
import { addDays, timeNodes } from "./items.ts";

export interface CalendarInput {
  campaign: { id: string; name: string };
  branch: { code: string; name: string };
  projects: readonly Project[];
  /** When the list was received (ISO): the events' DTSTAMP, so a feed changes only with the list. */
  stamp: string;
  /** The branch page, for each event's URL (none: left out). */
  link: string | null;
  /** A stable id for a project (its normalized name's hash), unique within the branch. */
  projectId: (project: Project) => string;
}

const statusWords: Record<Project["status"], string> = {
  "not-started": "未启动",
  "in-progress": "推进中",
  done: "已完成",
  accepted: "已验收",
  unknown: "状态未写明",
};

export function escapeText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

const encoder = new TextEncoder();

/** A content line folded at 75 octets: continuation lines start with one space (RFC 5545 §3.1). */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).byteLength;
    const limit = parts.length === 0 ? 75 : 74;
    if (size + n > limit) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const compact = (day: string) => day.replaceAll("-", "");
const stampOf = (iso: string) => `${iso.slice(0, 19).replace(/[-:]/g, "")}Z`;

export function branchCalendar(input: CalendarInput): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Juxing//督办 calendar//ZH",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(`${input.branch.name} · ${input.campaign.name}`)}`,
    "X-WR-TIMEZONE:Asia/Shanghai",
  ];
  for (const project of input.projects) {
    const nodes = timeNodes(project);
    nodes.forEach((node, i) => {
      const milestone = nodes.length > 1 ? `（时间节点 ${i + 1}/${nodes.length}）` : "";
      const owner = project.owner ? `责任人 ${project.owner}` : "责任人未写明";
      lines.push(
        "BEGIN:VEVENT",
        `UID:${input.campaign.id}-${input.branch.code}-${input.projectId(project)}-${compact(node)}@juxing`,
        `DTSTAMP:${stampOf(input.stamp)}`,
        `DTSTART;VALUE=DATE:${compact(node)}`,
        `DTEND;VALUE=DATE:${compact(addDays(node, 1))}`,
        `SUMMARY:${escapeText(`${project.name}${milestone}｜${owner}`)}`,
        `DESCRIPTION:${escapeText(`目标：${project.target || "未写明"}\n状态：${statusWords[project.status]}`)}`,
        `CATEGORIES:${escapeText(statusWords[project.status])}`,
        "TRANSP:TRANSPARENT",
        ...(input.link ? [`URL:${input.link}`] : []),
        "END:VEVENT",
      );
    });
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
