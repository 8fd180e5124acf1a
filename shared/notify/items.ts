/**
 * 督办 (docs/operations.md "Reminders"): what a branch must hear about on a given day, from the
 * projects of its latest list. Pure: the daily run, the /supervision page and the calendar feed all
 * read their items here, so a reminder, the page and the calendar never disagree.
 *
 * - overdue: a project not done whose last time node (the deadline's date) is before today;
 * - due soon: a project not done with a time node (the date or one of its milestones) from today
 *   to today + DUE_SOON_DAYS — the nearest such node is named;
 * - returned: a claim the campaign office sent back, with its reason (fed in by the caller);
 * - not yet submitted: the period's window closes within NOT_SUBMITTED_DAYS and nothing came.
 *
 * Only dated nodes count: a rhythm (每季度) has no date to remind about, and a vague or missing
 * deadline is already a finding on the list itself.
 */
import type { Project } from "../rules.ts";

export const DUE_SOON_DAYS = 7;
export const NOT_SUBMITTED_DAYS = 3;

const finished: ReadonlySet<Project["status"]> = new Set(["done", "accepted"]);

export interface OverdueItem {
  name: string;
  owner: string;
  deadline: string;
  daysOverdue: number;
}

export interface DueSoonItem {
  name: string;
  owner: string;
  /** The nearest time node from today on. */
  due: string;
  daysLeft: number;
}

export interface ReturnedItem {
  name: string;
  owner: string;
  reason: string;
}

export interface NotSubmitted {
  period: string;
  /** The last day submissions for the period are accepted. */
  closes: string;
  daysLeft: number;
}

export interface BranchItems {
  overdue: OverdueItem[];
  dueSoon: DueSoonItem[];
  returned: ReturnedItem[];
  notSubmitted: NotSubmitted | null;
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (ISO dates), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every dated time node of a project, ascending (the milestones, ending with the deadline). */
export function timeNodes(project: Pick<Project, "deadline">): string[] {
  const d = project.deadline;
  if (d.kind !== "date") return [];
  return [...new Set([...(d.milestones ?? []), d.date])].sort();
}

/** Overdue and due-soon projects as of `today`; overdue most overdue first, due soon nearest first. */
export function projectItems(
  projects: readonly Project[],
  today: string,
): Pick<BranchItems, "overdue" | "dueSoon"> {
  const overdue: OverdueItem[] = [];
  const dueSoon: DueSoonItem[] = [];
  for (const project of projects) {
    if (finished.has(project.status) || project.deadline.kind !== "date") continue;
    const { date } = project.deadline;
    if (date < today) {
      overdue.push({
        name: project.name,
        owner: project.owner,
        deadline: date,
        daysOverdue: daysBetween(date, today),
      });
      continue;
    }
    const next = timeNodes(project).find((node) => node >= today);
    if (next === undefined) continue;
    const daysLeft = daysBetween(today, next);
    if (daysLeft <= DUE_SOON_DAYS)
      dueSoon.push({ name: project.name, owner: project.owner, due: next, daysLeft });
  }
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.name.localeCompare(b.name));
  dueSoon.sort((a, b) => a.daysLeft - b.daysLeft || a.name.localeCompare(b.name));
  return { overdue, dueSoon };
}

/** "Not yet submitted" when `closes` (the period's last accepted day) is 0–3 days away. */
export function notSubmittedItem(period: string, closes: string | null, today: string): NotSubmitted | null {
  if (closes === null) return null;
  const daysLeft = daysBetween(today, closes);
  return daysLeft >= 0 && daysLeft <= NOT_SUBMITTED_DAYS ? { period, closes, daysLeft } : null;
}

export function hasAnything(items: BranchItems): boolean {
  return (
    items.overdue.length > 0 ||
    items.dueSoon.length > 0 ||
    items.returned.length > 0 ||
    items.notSubmitted !== null
  );
}

/** The month before the one `day` falls in, as YYYY-MM. */
export function previousMonth(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}
