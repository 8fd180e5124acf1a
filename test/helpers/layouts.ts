/**
 * One list of projects, written in the layouts offices keep their lists in: a star column (merged
 * down or not, headed 星级任务 or 任务), section rows (typed or merged), one sheet per star, one
 * sheet per month with the old ones hidden, a two-level header with ticked status sub-columns;
 * branch and period in an info sheet, in labels, in the title or only in the file name; simplified
 * or traditional characters, Chinese or English headers. Every layout of the same list must read
 * as the same projects with the same findings and score (test/node/layouts.property.test.ts).
 */

import ExcelJS from "exceljs";
import { Converter } from "opencc-js/cn2t";
import { readBookFile } from "../../cli/xlsx.ts";
import { analyzeBook } from "../../shared/analyze.ts";
import type { Area, Book, CellValue, Grid } from "../../shared/grid.ts";
import type { Star } from "../../shared/lexicon.ts";
import { stars } from "../../shared/lexicon.ts";
import { workbooksDir } from "./fixtures.ts";

export interface ListProject {
  star: Star;
  name: string;
  target: string;
  owner: string;
  deadline: CellValue;
  /** The deadline cell's number format (0.00 for a year.month typed as 2023.10). */
  deadlineFormat?: string;
  /** One of the four statuses (a ticked sub-column can hold nothing else), or null. */
  status: "未启动" | "推进中" | "已完成" | "已验收" | null;
  progress: CellValue;
  evidence: string | null;
}

export interface ListSpec {
  branch: string;
  /** YYYY-MM */
  period: string;
  projects: ListProject[];
  /** The activity and landmark sheets, copied as they are. */
  aside: Grid[];
}

export interface Layout {
  stars:
    | "column"
    | "column-merged"
    | "column-headed-任务"
    | "sections-typed"
    | "sections-merged"
    | "sheets"
    | "sheets-with-sections";
  header: "one-row" | "two-level";
  script: "simplified" | "traditional";
  labels: "zh" | "en";
  /** Sheets 4月 (hidden), 5月 and 6月, each a full list; the older ones with older statuses. */
  months: boolean;
  info: "sheet" | "labels" | "title" | "file";
}

export const baseLayout: Layout = {
  stars: "column-merged",
  header: "one-row",
  script: "simplified",
  labels: "zh",
  months: false,
  info: "sheet",
};

/** The layouts issue 15 names, each on its own, and some of their mixes. */
export const namedLayouts: Record<string, Layout> = {
  canonical: baseLayout,
  "star column, not merged": { ...baseLayout, stars: "column" },
  "one sheet per star": { ...baseLayout, stars: "sheets" },
  "section rows typed": { ...baseLayout, stars: "sections-typed" },
  "section rows merged": { ...baseLayout, stars: "sections-merged" },
  "star column headed 任务": { ...baseLayout, stars: "column-headed-任务" },
  "one sheet per month": { ...baseLayout, months: true, info: "labels" },
  "two-level header, ticked status": { ...baseLayout, header: "two-level" },
  "branch and period in the title": { ...baseLayout, info: "title" },
  "branch and period in the file name": { ...baseLayout, info: "file" },
  "per-star sheets with section rows": { ...baseLayout, stars: "sheets-with-sections", info: "title" },
  "traditional characters": { ...baseLayout, script: "traditional", stars: "sections-typed", info: "title" },
  "English headers": { ...baseLayout, labels: "en", header: "two-level", stars: "column" },
  "months, sections, two-level": {
    ...baseLayout,
    months: true,
    stars: "sections-merged",
    header: "two-level",
    info: "file",
  },
  "per-star sheets, traditional, English, in the file name": {
    ...baseLayout,
    stars: "sheets",
    script: "traditional",
    labels: "en",
    info: "file",
  },
};

const starText: Record<"zh" | "en", Record<Star, string>> = {
  zh: { model: "创建“模范星”", service: "选树“服务星”", vanguard: "锻造“先锋星”" },
  en: { model: "Model star", service: "Service star", vanguard: "Vanguard star" },
};
const sheetOfStar: Record<"zh" | "en", Record<Star, string>> = {
  zh: { model: "模范星", service: "服务星", vanguard: "先锋星" },
  en: { model: "Model star", service: "Service star", vanguard: "Vanguard star" },
};
const numerals = ["一", "二", "三"];

const statusOrder = ["未启动", "推进中", "已完成", "已验收"] as const;
const headers = {
  zh: {
    index: "序号",
    star: "星级任务",
    name: "项目名称",
    target: "目标任务",
    owner: "责任人",
    deadline: "时间节点",
    status: "完成情况",
    progress: "完成进度",
    evidence: "佐证材料",
    statuses: [...statusOrder],
  },
  en: {
    index: "No.",
    star: "Star",
    name: "Project",
    target: "Target",
    owner: "Owner",
    deadline: "Deadline",
    status: "Status",
    progress: "Progress",
    evidence: "Evidence",
    statuses: ["Not started", "In progress", "Done", "Accepted"],
  },
};

interface SheetDraft {
  name: string;
  rows: CellValue[][];
  formats: (string | null | undefined)[][];
  merges: Area[];
  hidden?: boolean;
}

function monthText(period: string): string {
  const [y, m] = period.split("-").map(Number);
  return `${y}年${m}月`;
}

/** The title rows above a table: where the layout puts the branch and period, and a star's name. */
function titleRows(spec: ListSpec, layout: Layout, period: string, star: Star | null): string[] {
  const starPart = star ? `——${starText.zh[star]}` : "";
  if (layout.info === "title")
    return [`${spec.branch}“聚星点亮”重点任务清单（${monthText(period)}）${starPart}`];
  const title = `县直机关“聚星点亮”示范引领行动重点任务清单${starPart}`;
  if (layout.info === "labels")
    return [title, `填报单位：${spec.branch}　　填报时间：${monthText(period)}30日`];
  return [title];
}

/** One table (title, header, rows) holding `projects`, drawn as the layout says. */
function tableSheet(
  name: string,
  spec: ListSpec,
  layout: Layout,
  projects: ListProject[],
  period: string,
  sheetStar: Star | null,
): SheetDraft {
  const h = headers[layout.labels];
  const withStarColumn = sheetStar === null && layout.stars.startsWith("column");
  const sections = layout.stars.includes("sections");
  const twoLevel = layout.header === "two-level";
  const columns = [
    h.index,
    ...(withStarColumn
      ? [layout.stars === "column-headed-任务" ? (layout.labels === "zh" ? "任务" : "Task") : h.star]
      : []),
    h.name,
    h.target,
    h.owner,
    h.deadline,
    ...(twoLevel ? [h.status, null, null, null] : [h.status]),
    h.progress,
    h.evidence,
  ];
  const width = columns.length;
  const statusCol = columns.indexOf(h.status);
  const draft: SheetDraft = { name, rows: [], formats: [], merges: [] };
  const push = (row: CellValue[], formats: (string | null)[] = []) => {
    draft.rows.push(row);
    draft.formats.push(formats);
  };
  for (const title of titleRows(spec, layout, period, sheetStar)) {
    draft.merges.push({ top: draft.rows.length, left: 0, bottom: draft.rows.length, right: width - 1 });
    push([title]);
  }
  const headerTop = draft.rows.length;
  push(columns);
  if (twoLevel) {
    const sub: CellValue[] = columns.map(() => null);
    h.statuses.forEach((label, i) => {
      sub[statusCol + i] = label;
    });
    push(sub);
    draft.merges.push({ top: headerTop, left: statusCol, bottom: headerTop, right: statusCol + 3 });
    columns.forEach((label, col) => {
      if (label !== null && col !== statusCol)
        draft.merges.push({ top: headerTop, left: col, bottom: headerTop + 1, right: col });
    });
  }

  const groups = stars.map((star) => projects.filter((p) => p.star === star)).filter((g) => g.length > 0);
  let index = 0;
  groups.forEach((group, g) => {
    const star = group[0]?.star as Star;
    if (sections) {
      const text =
        layout.labels === "zh"
          ? `${numerals[stars.indexOf(star)]}、${starText.zh[star]}`
          : `${g + 1}. ${starText.en[star]}`;
      if (layout.stars === "sections-merged")
        draft.merges.push({ top: draft.rows.length, left: 0, bottom: draft.rows.length, right: width - 1 });
      push([text]);
    }
    const first = draft.rows.length;
    group.forEach((p, i) => {
      index++;
      const row: CellValue[] = [layout.stars === "column-headed-任务" ? `${g + 1}.${i + 1}` : index];
      const formats: (string | null)[] = [null];
      if (withStarColumn) {
        row.push(layout.stars === "column" || i === 0 ? starText[layout.labels][star] : null);
        formats.push(null);
      }
      row.push(p.name, p.target, p.owner, p.deadline);
      formats.push(null, null, null, p.deadlineFormat ?? null);
      if (twoLevel) {
        for (const status of statusOrder) {
          row.push(p.status === status ? "√" : null);
          formats.push(null);
        }
      } else {
        row.push(
          p.status === null
            ? null
            : layout.labels === "zh"
              ? p.status
              : (h.statuses[statusOrder.indexOf(p.status)] ?? null),
        );
        formats.push(null);
      }
      row.push(p.progress, p.evidence);
      push(row, formats);
    });
    const starCol = withStarColumn ? 1 : -1;
    if (starCol > 0 && layout.stars !== "column" && group.length > 1)
      draft.merges.push({ top: first, left: starCol, bottom: first + group.length - 1, right: starCol });
  });
  return draft;
}

/** Older months' lists: nothing had started yet, so reading one of them changes the score. */
function older(projects: ListProject[]): ListProject[] {
  return projects.map((p) => ({ ...p, status: "未启动", progress: 0, evidence: null }));
}

function listSheets(spec: ListSpec, layout: Layout, projects: ListProject[], period: string): SheetDraft[] {
  if (layout.stars === "sheets" || layout.stars === "sheets-with-sections") {
    return stars.map((star, i) =>
      tableSheet(
        layout.stars === "sheets" ? sheetOfStar[layout.labels][star] : `清单${numerals[i]}`,
        spec,
        layout,
        projects.filter((p) => p.star === star),
        period,
        layout.stars === "sheets" ? star : null,
      ),
    );
  }
  return [tableSheet("重点任务清单", spec, layout, projects, period, null)];
}

function shiftMonth(period: string, by: number): string {
  const [y, m] = period.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

const toTraditional = Converter({ from: "cn", to: "tw" });

function convertCell(value: CellValue, convert: (s: string) => string): CellValue {
  return typeof value === "string" ? convert(value) : value;
}

function toGrid(draft: SheetDraft, convert: (s: string) => string): Grid {
  const grid: Grid = {
    name: convert(draft.name),
    values: draft.rows.map((row) => row.map((v) => convertCell(v, convert))),
    formats: draft.formats,
    merges: draft.merges,
  };
  if (draft.hidden) grid.hidden = true;
  return grid;
}

/** The branch as a layout writes it (traditional characters convert it too). */
export function writtenBranch(spec: ListSpec, layout: Layout): string {
  return layout.script === "traditional" ? toTraditional(spec.branch) : spec.branch;
}

/** The list laid out as `layout` says, as the core's Book. */
export function layoutBook(spec: ListSpec, layout: Layout): Book {
  const convert = layout.script === "traditional" ? toTraditional : (s: string) => s;
  const drafts: SheetDraft[] = [];
  if (layout.info === "sheet") {
    drafts.push({
      name: "基本信息",
      rows: [
        ["项目", "内容"],
        ["单位名称", spec.branch],
        ["填报周期", spec.period],
      ],
      formats: [],
      merges: [],
    });
  }
  if (layout.months) {
    for (const [by, hidden] of [
      [-2, true],
      [-1, false],
      [0, false],
    ] as const) {
      const period = shiftMonth(spec.period, by);
      const [sheet] = listSheets(
        spec,
        { ...layout, stars: layout.stars.startsWith("sheets") ? "column" : layout.stars },
        by === 0 ? spec.projects : older(spec.projects),
        period,
      );
      drafts.push({ ...(sheet as SheetDraft), name: `${Number(period.slice(5))}月`, hidden });
    }
  } else drafts.push(...listSheets(spec, layout, spec.projects, spec.period));
  const book: Book = {
    sheets: [
      ...drafts.map((d) => toGrid(d, convert)),
      ...spec.aside.map((g) =>
        toGrid({ name: g.name, rows: g.values, formats: g.formats ?? [], merges: g.merges }, convert),
      ),
    ],
  };
  if (layout.info === "file")
    book.fileName = `附件2-${convert(spec.branch)}${monthText(spec.period)}重点任务清单.xlsx`;
  return book;
}

/** The canonical fixture's list: its 14 projects as it reads them, its branch, period and aside sheets. */
export async function canonicalSpec(): Promise<ListSpec> {
  const book = await readBookFile(`${workbooksDir}/canonical.xlsx`);
  const report = analyzeBook(book, { asOf: "2023-06-30" });
  const projects: ListProject[] = report.rows.map((row, i) => {
    const v = row.values;
    const project = report.projects[i];
    return {
      star: project?.category as Star,
      name: String(v.name),
      target: String(v.target),
      owner: String(v.owner),
      deadline: v.deadline ?? null,
      status: (v.status ?? null) as ListProject["status"],
      progress: v.progress ?? null,
      evidence: (v.evidence ?? null) as string | null,
    };
  });
  return {
    branch: report.branch.name as string,
    period: report.period as string,
    projects,
    aside: book.sheets.filter((s) => s.name === "亮晒比评" || s.name === "红地标"),
  };
}

/** The Book written as an .xlsx file by ExcelJS, hidden sheets and merges included. */
export async function xlsxOf(book: Book): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const grid of book.sheets) {
    const ws = workbook.addWorksheet(grid.name, { state: grid.hidden ? "hidden" : "visible" });
    grid.values.forEach((line, r) => {
      line.forEach((value, c) => {
        if (value === null) return;
        const cell = ws.getCell(r + 1, c + 1);
        cell.value = value as ExcelJS.CellValue;
        const format = grid.formats?.[r]?.[c];
        if (format) cell.numFmt = format;
      });
    });
    for (const m of grid.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
  }
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
