/**
 * The core's one entry point per input: a Book in, a Report out (`analyzeBook`), and the same
 * rules and scoring on the rows a submission carries (`evaluate`), which is what the server runs.
 */
import {
  type ActivityRow,
  type BranchInfo,
  extractBook,
  type LandmarkRow,
  type ProjectRow,
} from "./extract.ts";
import { type Finding, sortFindings } from "./findings.ts";
import { type Book, cellAddress as cellOf } from "./grid.ts";
import { type TaskField, taskFields } from "./lexicon.ts";
import { describeColumns } from "./locate.ts";
import { defaultRubric, type Rubric } from "./rubric-default.ts";
import { checkCampaign, checkProjects, FindingSink, type Project } from "./rules.ts";
import { type Score, type ScoreOptions, scoreReport } from "./score.ts";

export const DEFAULT_EXPECTED_PROJECTS = 14;

export interface EvaluateOptions {
  asOf: string;
  rubric?: Rubric;
  /** The campaign's project count; null switches the check off. */
  expectedProjects?: number | null;
  /** The campaign year for activities; the as-of year when absent. */
  campaignYear?: number;
  /** Expected count, verified states, judged activities (score.ts, ScoreOptions); none locally. */
  scoring?: ScoreOptions;
}

export interface EvaluateInput {
  period: string | null;
  projects: ProjectRow[];
  activities: ActivityRow[];
  landmark: LandmarkRow[];
  labels?: Partial<Record<TaskField, string>>;
}

export interface Evaluation {
  projects: Project[];
  findings: Finding[];
  score: Score;
}

function yearOf(period: string | null, asOf: string): number {
  return Number((period ?? asOf).slice(0, 4));
}

/** Rules and score on source rows: the half of the core a submission can be re-checked with. */
export function evaluate(
  input: EvaluateInput,
  options: EvaluateOptions,
  sink = new FindingSink(),
): Evaluation {
  const ctx = {
    asOf: options.asOf,
    year: yearOf(input.period, options.asOf),
    expectedProjects:
      options.expectedProjects === undefined ? DEFAULT_EXPECTED_PROJECTS : options.expectedProjects,
    labels: input.labels,
  };
  const projects = checkProjects(input.projects, ctx, sink);
  checkCampaign(projects, ctx, sink);
  const score = scoreReport(
    projects,
    input.activities,
    input.landmark,
    { year: options.campaignYear ?? Number(options.asOf.slice(0, 4)), asOf: options.asOf },
    options.rubric ?? defaultRubric,
    options.scoring,
  );
  return { projects, findings: sink.findings, score };
}

export interface Report extends Evaluation {
  branch: { name: string | null; code: string | null };
  /** As written in the workbook (or settings); null when none is — the score then uses the as-of month. */
  period: string | null;
  asOf: string;
  table: {
    /** The first sheet read; `sheets` names them all (one per star when the list is split so). */
    sheet: string;
    sheets: string[];
    headerRows: number[];
    columns: Partial<Record<TaskField, { column: string; label: string }>>;
  } | null;
  rows: ProjectRow[];
  activities: ActivityRow[];
  landmark: LandmarkRow[];
  labels: Partial<Record<TaskField, string>>;
}

export interface AnalyzeOptions extends EvaluateOptions {
  /** Settings that win over what the workbook says (the add-in's branch and period). */
  overrides?: Partial<BranchInfo>;
}

export function analyzeBook(book: Book, options: AnalyzeOptions): Report {
  const extracted = extractBook(book, { asOf: options.asOf, period: options.overrides?.period ?? null });
  const sink = new FindingSink();
  const none = { sheet: null, cell: null, row: null, column: null };
  const info: BranchInfo = {
    name: options.overrides?.name ?? extracted.info.name,
    code: options.overrides?.code ?? extracted.info.code,
    period: options.overrides?.period ?? extracted.info.period,
  };
  const asOfMonth = options.asOf.slice(0, 7);
  // Where they were looked for, so that the user knows where to write them.
  const looked = { sheets: extracted.looked.sheets.join(", ") || "—", file: extracted.looked.file ?? "—" };
  if (!info.name) sink.add("info.branch-missing", none, null, looked);
  if (!info.period) sink.add("info.period-missing", none, null, { ...looked, expected: asOfMonth });

  const tables = extracted.tables;
  const labels: Partial<Record<TaskField, string>> = {};
  if (tables.length === 0) sink.add("sheet.task-table-missing", none, null);
  for (const [field, match] of Object.entries(tables[0]?.table.columns ?? {}) as [
    TaskField,
    { label: string },
  ][])
    labels[field] = match.label;
  for (const { view, table } of tables) {
    const headerRow = (table.headerRows[0] ?? 0) + 1;
    for (const field of table.missing) {
      sink.add(
        "column.missing",
        { sheet: view.name, cell: null, row: headerRow, column: taskFields[field].label["zh-CN"] },
        null,
        { field },
      );
    }
    for (const dup of table.duplicates) {
      const row = table.headerRows.at(-1) ?? 0;
      const anchor = view.anchor(row, dup.col);
      sink.add(
        "column.duplicate",
        { sheet: view.name, cell: cellOf(anchor.row, anchor.col), row: anchor.row + 1, column: dup.label },
        dup.label,
      );
    }
  }

  const period = info.period ?? asOfMonth;
  const evaluation =
    tables.length > 0
      ? evaluate(
          {
            period,
            projects: extracted.projects,
            activities: extracted.activities,
            landmark: extracted.landmark,
            labels,
          },
          options,
          sink,
        )
      : evaluate(
          { period, projects: [], activities: extracted.activities, landmark: extracted.landmark },
          { ...options, expectedProjects: null },
          sink,
        );

  const first = tables[0];
  return {
    ...evaluation,
    findings: sortFindings(evaluation.findings),
    branch: { name: info.name, code: info.code },
    period: info.period,
    asOf: options.asOf,
    table: first
      ? {
          sheet: first.view.name,
          sheets: tables.map((t) => t.view.name),
          headerRows: first.table.headerRows.map((r) => r + 1),
          columns: describeColumns(first.table),
        }
      : null,
    rows: extracted.projects,
    activities: extracted.activities,
    landmark: extracted.landmark,
    labels,
  };
}
