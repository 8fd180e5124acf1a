/**
 * The canonical workbook a branch fills in, as data. The command line writes it with ExcelJS and
 * the add-in can lay out the same sheets through Office.js, so both hand out one template.
 * Row and column positions are 1-based, as both Excel APIs count them.
 */

export const starTaskOptions = ["创建“模范星”", "选树“服务星”", "锻造“先锋星”"] as const;
export const statusOptions = ["未启动", "推进中", "已完成", "已验收"] as const;

export const dateFormat = 'yyyy"年"m"月"d"日"';
export const percentFormat = "0%";
/** "@": Excel keeps what is typed as text, so 2023-06 stays a period instead of becoming a date. */
export const textFormat = "@";

export interface TemplateColumn {
  header: string;
  /** Width in characters, Excel's column-width unit. */
  width: number;
  /** Number format of the data cells below the header. */
  format?: string;
  /** Allowed values, offered as an in-cell dropdown on the data rows. */
  list?: readonly string[];
}

/** An input message shown when a cell is selected. */
export interface TemplatePrompt {
  /** 1-based sheet row and column. */
  row: number;
  column: number;
  title: string;
  text: string;
}

export interface TemplateSheet {
  name: string;
  /** Written in row 1, merged across all columns; the header row follows it. */
  title?: string;
  columns: readonly TemplateColumn[];
  /** Pre-filled rows directly below the header, one entry per column (null: left blank). */
  rows?: readonly (readonly (string | number | null)[])[];
  /** How many rows below the header get the column formats and dropdowns. */
  dataRowCount: number;
  prompts?: readonly TemplatePrompt[];
}

/** Where a sheet's parts sit, 1-based. */
export function templateLayout(sheet: TemplateSheet): {
  headerRow: number;
  firstDataRow: number;
  lastDataRow: number;
} {
  const headerRow = sheet.title === undefined ? 1 : 2;
  return { headerRow, firstDataRow: headerRow + 1, lastDataRow: headerRow + sheet.dataRowCount };
}

const infoItems = ["单位名称", "单位代码", "填报周期", "填报人", "联系电话"];

const info: TemplateSheet = {
  name: "基本信息",
  columns: [
    { header: "项目", width: 14 },
    // Codes and phone numbers such as 0875-8123456 must not be reinterpreted as numbers or dates.
    { header: "内容", width: 40, format: textFormat },
  ],
  rows: infoItems.map((item) => [item, null]),
  dataRowCount: infoItems.length,
  prompts: [
    { row: 2, column: 2, title: "单位名称", text: "填写党支部全称，如：县财政局机关党支部" },
    { row: 4, column: 2, title: "填报周期", text: "按 YYYY-MM 格式填写，如：2023-06" },
  ],
};

const tasks: TemplateSheet = {
  name: "重点任务清单",
  title: "县直机关“聚星点亮”示范引领行动重点任务清单",
  columns: [
    { header: "序号", width: 6 },
    { header: "星级任务", width: 14, list: starTaskOptions },
    { header: "项目名称", width: 24 },
    { header: "目标任务", width: 40 },
    { header: "责任人", width: 10 },
    { header: "时间节点", width: 18, format: dateFormat },
    { header: "完成情况", width: 12, list: statusOptions },
    { header: "完成进度", width: 10, format: percentFormat },
    { header: "佐证材料", width: 28 },
    { header: "备注", width: 16 },
  ],
  dataRowCount: 998,
};

const activities: TemplateSheet = {
  name: "亮晒比评",
  columns: [
    { header: "日期", width: 18, format: dateFormat },
    { header: "活动", width: 24 },
    { header: "周期", width: 10 },
    { header: "成绩", width: 10 },
    { header: "名次", width: 10 },
    { header: "备注", width: 20 },
  ],
  dataRowCount: 200,
};

const landmarkStandards = ["一个党建品牌", "一套规范化制度", "一份经验材料", "一个现场讲解点"];

const landmark: TemplateSheet = {
  name: "红地标",
  columns: [
    { header: "标准", width: 18 },
    { header: "完成情况", width: 12, list: statusOptions },
    { header: "佐证材料", width: 40 },
  ],
  rows: landmarkStandards.map((standard) => [standard, null, null]),
  dataRowCount: landmarkStandards.length,
};

export const template = { info, tasks, activities, landmark } as const;

/** The sheets in workbook order. */
export const templateSheets: readonly TemplateSheet[] = [info, tasks, activities, landmark];

/** Colours as RGB hex, which both ExcelJS (as ARGB) and Office.js (as #RRGGBB) accept. */
export const templateStyle = {
  headerFill: "FCE4D6",
  border: "BFBFBF",
  titleFontSize: 16,
  titleRowHeight: 32,
  headerRowHeight: 22,
} as const;
