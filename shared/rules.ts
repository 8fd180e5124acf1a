/**
 * The rules of 三个明确 and the campaign, on source rows. They emit the codes of docs/findings.md
 * on the offending cell and produce the normalized projects the score is computed from.
 */
import { compareIso } from "./dates.ts";
import { type Deadline, parseDeadline } from "./deadline.ts";
import { categoryOf, cellOf, type ProjectRow, type Scalar } from "./extract.ts";
import { catalogue, type Finding, type FindingCode, type FindingParams } from "./findings.ts";
import { type Star, type Status, stars, type TaskField, taskFields } from "./lexicon.ts";
import {
  evidenceKind,
  isCollectiveOwner,
  isPlaceholderOwner,
  isVagueTarget,
  parseProgress,
  parseStatus,
  scalarText,
} from "./values.ts";

export interface Project {
  sheet: string;
  row: number;
  name: string;
  category: Star | null;
  owner: string;
  target: string;
  deadline: Deadline;
  status: Status | "unknown";
  /** 0–1, null when not given or not usable. */
  progress: number | null;
  /** Evidence that names something; a placeholder (有, 齐全 …) counts as none. */
  hasEvidence: boolean;
  /** As written, trimmed: what a reviewer checks and what the content hash covers. */
  evidence: string;
  /** The deadline as written, trimmed. */
  deadlineText: string;
  clear: { owner: boolean; deadline: boolean; target: boolean };
  overdue: boolean;
}

export interface RuleContext {
  asOf: string;
  /** Year for deadlines written without one (6月30日前): the period's year. */
  year: number;
  expectedProjects: number | null;
  /** Header labels as written, for the findings' `column`. */
  labels?: Partial<Record<TaskField, string>>;
}

const finished: ReadonlySet<Project["status"]> = new Set(["done", "accepted"]);

export class FindingSink {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();

  add(
    code: FindingCode,
    where: { sheet: string | null; cell: string | null; row: number | null; column: string | null },
    value: Scalar,
    params: FindingParams = {},
  ): void {
    // A merged cell covers several rows; its finding is reported once, at its top-left.
    if (where.cell) {
      const key = `${code}|${where.sheet}|${where.cell}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    this.findings.push({
      code,
      severity: catalogue[code].severity,
      sheet: where.sheet,
      cell: where.cell,
      row: where.row,
      column: where.column,
      value,
      params,
    });
  }
}

/**
 * A project's key: its name without whitespace — the normalization `project.duplicate` compares
 * by, and what a review of the project is filed under (docs/api.md, reviews).
 */
export function projectKey(name: string): string {
  return /\s/.test(name) ? name.replace(/\s+/g, "") : name; // a replace always copies
}

function rowOf(cell: string): number {
  return Number(/\d+$/.exec(cell)?.[0] ?? 0);
}

function present(value: Scalar | undefined): boolean {
  return value !== undefined && value !== null && scalarText(value) !== "";
}

export function checkProjects(rows: ProjectRow[], ctx: RuleContext, sink: FindingSink): Project[] {
  const labels = Object.fromEntries(
    (Object.keys(taskFields) as TaskField[]).map((field) => [field, label(ctx, field)]),
  ) as Record<TaskField, string>;
  /** A finding on the cell of `at` (the field's own unless told), under the field's column label. */
  const report = (
    source: ProjectRow,
    code: FindingCode,
    field: TaskField,
    params?: FindingParams,
    at: TaskField = field,
  ) => {
    const cell = cellOf(source, at);
    if (cell === undefined) return;
    const row = rowOf(cell) || source.row;
    sink.add(
      code,
      { sheet: source.sheet, cell, row, column: labels[field] },
      source.values[at] ?? null,
      params,
    );
  };
  const namesSeen = new Set<string>();
  const deadlineContext = { year: ctx.year };
  // A list that names no star anywhere gets one category.none (checkCampaign), not an error a row.
  const anyStar = rows.some((source) => categoryOf(source.values.category ?? null) !== null);

  return rows.map((source) => {
    const v = source.values;

    const name = scalarText(v.name ?? null);
    if (v.name !== undefined && !name) report(source, "project.missing-name", "name");
    const nameKey = projectKey(name);
    // One hash lookup instead of has + add: adding a name seen before leaves the size as it was.
    if (nameKey && namesSeen.size === namesSeen.add(nameKey).size)
      report(source, "project.duplicate", "name");

    const category = categoryOf(v.category ?? null);
    if (!category && (anyStar || present(v.category)))
      report(source, "category.unknown", "category", {}, v.category !== undefined ? "category" : "name");

    const owner = scalarText(v.owner ?? null);
    let ownerClear = false;
    if (v.owner !== undefined && !owner) report(source, "owner.missing", "owner");
    else if (v.owner !== undefined && (typeof v.owner === "boolean" || isPlaceholderOwner(owner)))
      report(source, "owner.placeholder", "owner");
    else if (v.owner !== undefined && isCollectiveOwner(owner)) report(source, "owner.collective", "owner");
    else ownerClear = owner !== "";

    const target = scalarText(v.target ?? null);
    let targetClear = false;
    if (v.target !== undefined && !target) report(source, "target.missing", "target");
    else if (v.target !== undefined && isVagueTarget(target)) report(source, "target.vague", "target");
    else targetClear = target !== "";

    const progress = parseProgress(v.progress ?? null);
    if (progress.kind === "out-of-range" || progress.kind === "invalid") {
      report(source, "progress.out-of-range", "progress");
    }
    const fraction = progress.kind === "value" ? progress.fraction : null;

    const parsedStatus = parseStatus(v.status ?? null);
    let status: Project["status"];
    if (parsedStatus === null) {
      status = "unknown";
      report(source, "status.unknown", "status");
    } else if (parsedStatus === "blank") {
      // No status written: a project with progress is under way, one without has not started.
      status = fraction && fraction > 0 ? "in-progress" : "not-started";
    } else status = parsedStatus;

    if (fraction !== null && parsedStatus !== "blank") {
      const contradicts =
        (finished.has(status) && fraction < 1) || (status === "not-started" && fraction > 0);
      if (contradicts)
        report(source, "progress.inconsistent", "progress", { actual: scalarText(v.status ?? null) });
    }

    const evidence = scalarText(v.evidence ?? null);
    const evidenceSays = evidenceKind(evidence);
    const hasEvidence = evidenceSays === "named";
    if (finished.has(status) && evidenceSays === "none")
      report(source, "evidence.missing", v.evidence !== undefined ? "evidence" : "status");
    if (finished.has(status) && evidenceSays === "placeholder")
      report(source, "evidence.placeholder", "evidence");

    const deadline = parseDeadline(v.deadline ?? null, deadlineContext);
    if (v.deadline !== undefined) {
      if (deadline.kind === "missing") report(source, "deadline.missing", "deadline");
      if (deadline.kind === "unparseable") report(source, "deadline.unparseable", "deadline");
      if (deadline.kind === "vague") report(source, "deadline.vague", "deadline");
    }
    const overdue =
      deadline.kind === "date" && compareIso(deadline.date, ctx.asOf) < 0 && !finished.has(status);
    if (deadline.kind === "date" && deadline.alternative)
      report(source, "deadline.ambiguous", "deadline", {
        date: deadline.date,
        alternative: deadline.alternative,
      });
    if (overdue && deadline.kind === "date")
      report(source, "deadline.overdue", "deadline", { date: deadline.date, asOf: ctx.asOf });

    return {
      sheet: source.sheet,
      row: source.row,
      name,
      category,
      owner,
      target,
      deadline,
      status,
      progress: fraction,
      hasEvidence,
      evidence,
      deadlineText: scalarText(v.deadline ?? null),
      clear: {
        owner: ownerClear,
        deadline: deadline.kind === "date" || deadline.kind === "recurring",
        target: targetClear,
      },
      overdue,
    };
  });
}

export function checkCampaign(projects: Project[], ctx: RuleContext, sink: FindingSink): void {
  const workbookLevel = { sheet: null, cell: null, row: null, column: null };
  if (ctx.expectedProjects !== null && projects.length !== ctx.expectedProjects) {
    sink.add("campaign.project-count", workbookLevel, projects.length, {
      actual: projects.length,
      expected: ctx.expectedProjects,
    });
  }
  if (projects.length > 0 && projects.every((p) => p.category === null)) {
    const first = projects[0] as Project;
    sink.add(
      "category.none",
      { sheet: first.sheet, cell: null, row: null, column: label(ctx, "category") },
      null,
    );
    return;
  }
  for (const star of stars) {
    if (!projects.some((p) => p.category === star)) {
      sink.add("campaign.category-empty", { ...workbookLevel, column: label(ctx, "category") }, null, {
        star,
      });
    }
  }
}

/**
 * A finding's column: the header as the workbook writes it, else the standard Chinese header — a
 * word of the workbook like the cell address, not of the reader, so it is not translated.
 */
function label(ctx: Pick<RuleContext, "labels">, field: TaskField): string {
  return ctx.labels?.[field] ?? taskFields[field].label["zh-CN"];
}
