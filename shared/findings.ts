/**
 * The catalogue of findings: a stable code, a severity, a title and a message template per
 * language. Codes are a public contract (docs/findings.md); wording may change, codes may not.
 *
 * A finding is data — code, place, the value as written and language-free params. The core never
 * writes text for a reader: the edges (command line, task pane, pages, CSV) render the message
 * with `renderFinding` in the reader's language, so a finding stored by the server can be shown
 * in whichever language the viewer chose.
 */
import { type Star, type TaskField, taskFields } from "./lexicon.ts";

export type Severity = "error" | "warning" | "info";
export type Lang = "zh-CN" | "en";
export const langs: readonly Lang[] = ["zh-CN", "en"];

interface Entry {
  severity: Severity;
  title: Record<Lang, string>;
  /** {value}, {column}, {expected}, {actual}, {star}, {asOf}, {date}, {alternative}, {sheets}, {file} are filled from the finding. */
  message: Record<Lang, string>;
}

function entry(severity: Severity, zhTitle: string, enTitle: string, zh: string, en: string): Entry {
  return { severity, title: { "zh-CN": zhTitle, en: enTitle }, message: { "zh-CN": zh, en } };
}

export const catalogue = {
  "sheet.task-table-missing": entry(
    "error",
    "找不到任务清单",
    "Task table not found",
    "没有找到重点任务清单：请确认表头包含项目名称、责任人、时间节点、目标任务等列。",
    "No key-task table found: the header should include project, owner, deadline and target columns.",
  ),
  "column.missing": entry(
    "error",
    "缺少必填列",
    "Required column missing",
    "缺少“{column}”列，请在表头中补上。",
    'The "{column}" column is missing; add it to the header.',
  ),
  "column.duplicate": entry(
    "warning",
    "列重复",
    "Duplicate column",
    "“{column}”与前面的列表示同一内容，只采用前面那一列。",
    '"{column}" means the same as an earlier column; only the earlier one is used.',
  ),
  "info.branch-missing": entry(
    "warning",
    "未填写填报单位",
    "Branch not named",
    "没有找到填报单位（已查看工作表 {sheets} 的填报信息与标题行，以及文件名 {file}）：请在“基本信息”表或标题行填写，或在设置中选择支部。",
    "No branch name found (looked at the labels and title rows of the sheets {sheets}, and at the file name {file}): fill it in on the info sheet or the title row, or choose the branch in settings.",
  ),
  "info.period-missing": entry(
    "warning",
    "未填写填报周期",
    "Period not given",
    "没有找到填报周期（已查看工作表 {sheets} 的填报信息与标题行，以及文件名 {file}），按校验日期所在月份（{expected}）计算。",
    "No reporting period found (looked at the labels and title rows of the sheets {sheets}, and at the file name {file}); the as-of month ({expected}) is used.",
  ),
  "project.missing-name": entry(
    "error",
    "项目名称为空",
    "Project without a name",
    "这一行有内容但没有项目名称，请补充。",
    "This row has content but no project name; add one.",
  ),
  "project.duplicate": entry(
    "warning",
    "项目重复",
    "Duplicate project",
    "项目“{value}”重复出现，请合并或改名。",
    'The project "{value}" appears twice; merge or rename it.',
  ),
  "category.unknown": entry(
    "error",
    "星级任务无法识别",
    "Unknown star",
    "“{value}”不属于模范星、服务星、先锋星中的任何一项。",
    '"{value}" is none of the three stars (model, service, vanguard).',
  ),
  "owner.missing": entry(
    "error",
    "责任人未明确",
    "No owner",
    "未填写责任人：三个明确要求每个项目明确责任人。",
    "No owner: every project needs a named responsible person.",
  ),
  "owner.placeholder": entry(
    "error",
    "责任人未明确",
    "Owner not named",
    "责任人“{value}”不是具体的人，请填写姓名。",
    'The owner "{value}" is not a person; write a name.',
  ),
  "owner.collective": entry(
    "warning",
    "责任人是集体",
    "Owner is a group",
    "责任人“{value}”是一个集体，不是具体的人：定人定责要求写明由谁负责（姓名或职务）。",
    'The owner "{value}" is a group, not a person: name who answers for it (a name or a role).',
  ),
  "deadline.missing": entry(
    "error",
    "时间节点未明确",
    "No deadline",
    "未填写时间节点：三个明确要求每个项目明确完成时间。",
    "No deadline: every project needs a clear time node.",
  ),
  "deadline.unparseable": entry(
    "error",
    "时间节点无法识别",
    "Deadline not understood",
    "时间节点“{value}”无法识别，请写成 2023年6月30日、6月底前、每季度 等形式。",
    'The deadline "{value}" cannot be read; write it like 2023-06-30, 6月底前 or 每季度.',
  ),
  "deadline.vague": entry(
    "warning",
    "时间节点不具体",
    "Vague deadline",
    "“{value}”不是明确的时间节点，请写明完成日期或周期。",
    '"{value}" is not a clear time node; give a date or a recurrence.',
  ),
  "deadline.ambiguous": entry(
    "warning",
    "时间节点有两种读法",
    "Deadline reads two ways",
    "时间节点“{value}”可能指截至 {date} 的月份，也可能是 Excel 去掉末尾 0 的年月（截至 {alternative}）；暂按较早的 {date} 计算。请写成“2023年10月”或把单元格设为文本。",
    'The deadline "{value}" may mean the month ending {date}, or a year.month whose trailing zero Excel dropped (ending {alternative}); the earlier, {date}, is used. Write it as 2023年10月 or format the cell as text.',
  ),
  "deadline.overdue": entry(
    "warning",
    "已逾期",
    "Overdue",
    "时间节点 {date} 已过（校验日期 {asOf}），项目尚未完成。",
    "Due {date}, before the as-of date {asOf}, and not yet done.",
  ),
  "target.missing": entry(
    "error",
    "目标任务未明确",
    "No target",
    "未填写目标任务：三个明确要求每个项目明确目标。",
    "No target: every project needs a clear target.",
  ),
  "target.vague": entry(
    "warning",
    "目标任务不具体",
    "Vague target",
    "目标“{value}”过于笼统，请写明可检验的目标（数量、标准或成果）。",
    'The target "{value}" is too vague; state something checkable (a number, a standard or an output).',
  ),
  "status.unknown": entry(
    "error",
    "完成情况无法识别",
    "Unknown status",
    "完成情况“{value}”无法识别，请填写 未启动、推进中、已完成 或 已验收。",
    'The status "{value}" is not recognized; use 未启动, 推进中, 已完成 or 已验收.',
  ),
  "progress.out-of-range": entry(
    "error",
    "完成进度超出范围",
    "Progress out of range",
    "完成进度“{value}”不在 0–100% 之间。",
    'The progress "{value}" is outside 0–100 %.',
  ),
  "progress.inconsistent": entry(
    "warning",
    "进度与状态不符",
    "Progress contradicts status",
    "完成进度“{value}”与完成情况“{actual}”不一致。",
    'The progress "{value}" does not fit the status "{actual}".',
  ),
  "evidence.missing": entry(
    "warning",
    "缺少佐证材料",
    "No evidence",
    "项目已完成但没有佐证材料，验收时需逐项核实。",
    "Marked done without evidence; acceptance checks every item.",
  ),
  "evidence.placeholder": entry(
    "warning",
    "佐证材料不具体",
    "Evidence names nothing",
    "佐证材料“{value}”没有指明任何材料，按无佐证计分：请写明具体材料（如 会议记录3份、照片12张、文件名或链接）。",
    'The evidence "{value}" names nothing and counts as none: name the material (e.g. 3 sets of minutes, 12 photos, a file name or a link).',
  ),
  "category.none": entry(
    "error",
    "清单没有星级任务",
    "No star anywhere",
    "清单中没有任何项目标明星级任务：请增加“星级任务”列，或在每组项目上方加一行“一、创建“模范星””这样的分组标题（也可一颗星一个工作表，以星级命名）。",
    "No project in the list names its star: add a star column, or a section row such as 一、创建“模范星” above each star's projects (or one sheet per star, named after it).",
  ),
  "campaign.project-count": entry(
    "warning",
    "项目数量不符",
    "Project count differs",
    "清单有 {actual} 个项目，活动要求 {expected} 个。",
    "The list has {actual} projects; the campaign expects {expected}.",
  ),
  "campaign.category-empty": entry(
    "warning",
    "星级任务没有项目",
    "Star without projects",
    "{star}下没有任何项目。",
    'No project under "{star}".',
  ),
} as const satisfies Record<string, Entry>;

export type FindingCode = keyof typeof catalogue;
export const findingCodes = Object.keys(catalogue) as FindingCode[];

/** What a template needs besides the value, in no language: a star and a field are keys. */
export interface FindingParams {
  expected?: string | number;
  actual?: string | number;
  /** The star whose list is empty (campaign.category-empty), rendered in the reader's language. */
  star?: Star;
  /** The missing column's field (column.missing), rendered in the reader's language. */
  field?: TaskField;
  asOf?: string;
  date?: string;
  /** The other reading of an ambiguous deadline (deadline.ambiguous). */
  alternative?: string;
  /** Where the branch and period were looked for: sheet names and the file name, as written. */
  sheets?: string;
  file?: string;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  sheet: string | null;
  cell: string | null;
  row: number | null;
  /** The column's header as the workbook writes it; null when the workbook has no such column. */
  column: string | null;
  value: string | number | boolean | null;
  params: FindingParams;
}

/** A finding with its message rendered for one reader (the command line's `--json`). */
export interface RenderedFinding extends Finding {
  message: string;
}

const starLabels: Record<Star, Record<Lang, string>> = {
  model: { "zh-CN": "创建“模范星”", en: "Model star" },
  service: { "zh-CN": "选树“服务星”", en: "Service star" },
  vanguard: { "zh-CN": "锻造“先锋星”", en: "Vanguard star" },
};

export function starLabel(star: Star, lang: Lang): string {
  return starLabels[star][lang];
}

type Placeholder = "value" | "column" | keyof FindingParams;
type Template = (string | Placeholder)[];
const compiled = new Map<string, Template>();

/** Templates are split once into text and placeholders; a big sheet renders thousands of messages. */
function templateOf(code: FindingCode, lang: Lang): Template {
  const key = `${code}|${lang}`;
  let parts = compiled.get(key);
  if (!parts) {
    parts = catalogue[code].message[lang]
      .split(/\{(\w+)\}/)
      .map((part, i) => (i % 2 ? (part as Placeholder) : part));
    compiled.set(key, parts);
  }
  return parts;
}

function placeholderText(finding: Finding, part: Placeholder, lang: Lang): string | number | boolean | null {
  const { params } = finding;
  switch (part) {
    case "value":
      // A blank cell where a value is quoted (a star left empty): the quotes show it empty.
      return finding.value ?? "";
    case "column":
      return params.field ? taskFields[params.field].label[lang] : finding.column;
    case "star":
      return params.star && params.star in starLabels ? starLabel(params.star, lang) : null;
    case "field":
      return params.field ? taskFields[params.field].label[lang] : null;
    default:
      return params[part] ?? null;
  }
}

/** The finding's message in `lang`; a placeholder with nothing to fill stays visible as {name}. */
export function renderFinding(finding: Finding, lang: Lang): string {
  const parts = templateOf(finding.code, lang);
  let out = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i % 2 === 0) {
      out += part;
      continue;
    }
    const filled = placeholderText(finding, part as Placeholder, lang);
    out += filled === null || filled === undefined ? `{${part}}` : String(filled);
  }
  return out;
}

/** The placeholders of the finding's template in `lang` that it has nothing to fill with. */
export function unfilled(finding: Finding, lang: Lang): Placeholder[] {
  return templateOf(finding.code, lang)
    .filter((_, i) => i % 2 === 1)
    .filter((part) => {
      const filled = placeholderText(finding, part as Placeholder, lang);
      return filled === null || filled === undefined;
    }) as Placeholder[];
}

export function withMessage(finding: Finding, lang: Lang): RenderedFinding {
  return { ...finding, message: renderFinding(finding, lang) };
}

export const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings in reading order: by sheet order of appearance, then row, then column. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => {
      const ra = a.finding.row ?? Number.MAX_SAFE_INTEGER;
      const rb = b.finding.row ?? Number.MAX_SAFE_INTEGER;
      return ra - rb || a.index - b.index;
    })
    .map(({ finding }) => finding);
}
