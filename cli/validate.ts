/**
 * `juxing validate FILE|DIR...` — the report of README.md “Command line”, human-readable or as one JSON document.
 * A folder stands for every .xlsx under it (lists arrive by email and are saved together); after
 * the details comes one summary table ranked by score (summary.ts), optionally saved as CSV.
 */
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { analyzeBook, type Report } from "../shared/analyze.ts";
import { parseIsoDate } from "../shared/dates.ts";
import { type Lang, withMessage } from "../shared/findings.ts";
import type { Rubric } from "../shared/rubric-default.ts";
import { round2 } from "../shared/score.ts";
import { WorkbookFileError } from "../shared/workbook-file.ts";
import { langFrom, UsageError } from "./args.ts";
import type { Output } from "./output.ts";
import { readWorkbookFile } from "./read-workbook.ts";
import { summaryCsv, summaryTable } from "./summary.ts";
import { workbookPaths } from "./workbook-paths.ts";

export type FileResult =
  | ({ file: string; ok: true } & ReturnType<typeof reportJson>)
  | { file: string; ok: false; error: { code: string; message: string } };

/** The JSON shape of one readable file (docs/cli.md): findings with their message in `lang`. */
export function reportJson(report: Report, lang: Lang) {
  return {
    branch: report.branch,
    period: report.period,
    asOf: report.asOf,
    table: report.table,
    projects: report.projects.length,
    findings: report.findings.map((finding) => withMessage(finding, lang)),
    score: report.score,
  };
}

export function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

export function asOfFrom(value: string | undefined): string {
  if (value === undefined) return today();
  const date = parseIsoDate(value);
  if (!date) throw new UsageError(`--as-of must be a date YYYY-MM-DD, not "${value}"`);
  return date;
}

export async function rubricFrom(path: string | undefined): Promise<Rubric | undefined> {
  if (path === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--rubric ${path}: ${(error as Error).message}`);
  }
  // Only a rubric file needs the schema, and with it zod: loading it costs a one-list run dearly.
  const { rubricSchema } = await import("../shared/rubric.ts");
  const result = rubricSchema.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new UsageError(`--rubric ${path}: ${issues}`);
  }
  return result.data;
}

export async function validateFile(
  file: string,
  options: { asOf: string; rubric?: Rubric; lang: Lang },
): Promise<{ result: FileResult; report?: Report }> {
  try {
    const book = await readWorkbookFile(file);
    const { lang: _reader, ...analysis } = options;
    const report = analyzeBook(book, analysis);
    return { result: { file, ok: true, ...reportJson(report, options.lang) }, report };
  } catch (error) {
    if (!(error instanceof WorkbookFileError)) throw error;
    return { result: { file, ok: false, error: { code: error.code, message: error.text[options.lang] } } };
  }
}

/** 0 clean, 1 some error-severity finding, 2 some file unreadable (2 wins). */
export function exitStatus(results: FileResult[]): number {
  if (results.some((r) => !r.ok)) return 2;
  if (results.some((r) => r.ok && r.findings.some((f) => f.severity === "error"))) return 1;
  return 0;
}

const words = {
  "zh-CN": {
    branch: "填报单位",
    period: "填报周期",
    score: "得分",
    projects: "项目数",
    sheets: "读取工作表",
    none: "未识别",
    clean: "未发现问题",
    stars: "星级",
    cannot: "无法读取",
  },
  en: {
    branch: "Branch",
    period: "Period",
    score: "Score",
    projects: "Projects",
    sheets: "Read from",
    none: "not found",
    clean: "No problems found",
    stars: "Stars",
    cannot: "Cannot read",
  },
} as const;

const severityMark = { error: "✖", warning: "▲", info: "•" } as const;

export function humanReport(result: FileResult, lang: Lang): string {
  const w = words[lang];
  if (!result.ok) return `${result.file}\n  ${w.cannot}: ${result.error.message} [${result.error.code}]`;
  const s = result.score;
  const lines = [
    result.file,
    `  ${w.branch}: ${result.branch.name ?? w.none}${result.branch.code ? ` (${result.branch.code})` : ""}   ${w.period}: ${result.period ?? w.none}   ${w.projects}: ${result.projects}` +
      (result.table ? `   ${w.sheets}: ${result.table.sheets.join(", ")}` : ""),
    `  ${w.score}: ${round2(s.total)} / ${s.max}   ${w.stars}: ${"★".repeat(s.stars) || "—"}   ` +
      `model ${round2(s.byCategory.model)} · service ${round2(s.byCategory.service)} · vanguard ${round2(s.byCategory.vanguard)} · ` +
      `activities ${round2(s.byCategory.activities)} · landmark ${round2(s.byCategory.landmark)}`,
  ];
  if (result.findings.length === 0) lines.push(`  ${w.clean}`);
  for (const f of result.findings) {
    const where = f.cell ? `${f.sheet}!${f.cell}` : (f.sheet ?? "—");
    lines.push(`  ${severityMark[f.severity]} ${where.padEnd(12)} ${f.code.padEnd(24)} ${f.message}`);
  }
  return lines.join("\n");
}

export async function validateCommand(args: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "as-of": { type: "string" },
      json: { type: "boolean", default: false },
      rubric: { type: "string" },
      lang: { type: "string" },
      csv: { type: "string" },
    },
  });
  if (positionals.length === 0) throw new UsageError("name at least one .xlsx file or folder");
  const lang = langFrom(values.lang);
  const options = { asOf: asOfFrom(values["as-of"]), rubric: await rubricFrom(values.rubric), lang };
  const { files, folders } = await workbookPaths(positionals);
  const results: FileResult[] = [];
  for (const file of files) {
    const { result } = await validateFile(file, options);
    results.push(result);
    if (!values.json) io.out(`${humanReport(result, lang)}\n`);
  }
  if (values.json) io.out(JSON.stringify({ files: results }, null, 2));
  // One file needs no ranking; a folder always gets one, even of a single list.
  else if (results.length > 1 || folders > 0) io.out(summaryTable(results, lang));
  if (values.csv !== undefined) await writeFile(values.csv, summaryCsv(results, lang));
  return exitStatus(results);
}
