/**
 * Which Excel requirement set each feature of the task pane needs, in one table, and the check
 * against the host. A feature whose set is missing is switched off with a message saying why and
 * what to do, never by an exception halfway through a batch.
 */
import type { Lang } from "../../shared/findings.ts";

export type Feature =
  | "read"
  | "dateSystem"
  | "mergedAreas"
  | "mark"
  | "resultsSheet"
  | "select"
  | "template"
  | "listValidation";

export interface Requirement {
  set: "ExcelApi";
  version: string;
  /** The calls that need this version: what to look up when a host reports trouble. */
  calls: string;
  /** What happens without it. */
  without: Record<Lang, string>;
}

export const requirements: Record<Feature, Requirement> = {
  read: {
    set: "ExcelApi",
    version: "1.4",
    calls: "Worksheet.getUsedRangeOrNullObject(valuesOnly), Range.values / numberFormat",
    without: {
      "zh-CN": "无法读取工作表，不能校验。",
      en: "Sheets cannot be read, so nothing can be validated.",
    },
  },
  dateSystem: {
    set: "ExcelApi",
    version: "1.2",
    calls: "Workbook.functions.date (tells the 1900 from the 1904 date system)",
    without: { "zh-CN": "按 1900 日期系统读取日期。", en: "Dates are read in the 1900 date system." },
  },
  mergedAreas: {
    set: "ExcelApi",
    version: "1.13",
    calls: "Range.getMergedAreasOrNullObject",
    without: {
      "zh-CN": "无法读取合并单元格；空白的星级任务按“同上”处理，清单仍可校验。",
      en: 'Merged cells cannot be read; blank star cells count as "same as above", so the list still validates.',
    },
  },
  mark: {
    set: "ExcelApi",
    version: "1.9",
    calls: "Worksheet.getRanges (RangeAreas), RangeFill.pattern",
    without: { "zh-CN": "不能在表格中标注问题单元格。", en: "Problem cells cannot be marked in the sheet." },
  },
  resultsSheet: {
    set: "ExcelApi",
    version: "1.7",
    calls:
      "WorksheetCollection.getItemOrNullObject, add; Range.values, formulas (HYPERLINK); WorksheetFreezePanes.freezeRows",
    without: { "zh-CN": "不能生成“校验结果”工作表。", en: 'The "校验结果" results sheet cannot be written.' },
  },
  select: {
    set: "ExcelApi",
    version: "1.1",
    calls: "Worksheet.activate, Range.select",
    without: { "zh-CN": "不能跳转到问题单元格。", en: "The pane cannot jump to a finding's cell." },
  },
  template: {
    set: "ExcelApi",
    version: "1.7",
    calls: "WorksheetCollection.add, Range.merge, RangeFormat.columnWidth, WorksheetFreezePanes.freezeRows",
    without: { "zh-CN": "不能插入模板。", en: "The template cannot be inserted." },
  },
  listValidation: {
    set: "ExcelApi",
    version: "1.8",
    calls: "Range.dataValidation (list rule, error alert, prompt)",
    without: {
      "zh-CN": "模板中的星级任务、完成情况不带下拉列表。",
      en: "The template's star and status columns come without dropdown lists.",
    },
  },
};

interface OfficeLike {
  context?: { requirements?: { isSetSupported(name: string, minVersion?: string): boolean } };
}

/**
 * Whether the host offers the feature's requirement set. Outside Office (no `Office` global, as in
 * a plain browser tab) nothing is supported.
 */
export function supports(feature: Feature, office: OfficeLike | undefined = officeGlobal()): boolean {
  const check = office?.context?.requirements;
  if (!check) return false;
  const { set, version } = requirements[feature];
  try {
    return check.isSetSupported(set, version);
  } catch {
    return false;
  }
}

function officeGlobal(): OfficeLike | undefined {
  return (globalThis as { Office?: OfficeLike }).Office;
}

/** "此功能需要 ExcelApi 1.9（…）" — what the user sees when a feature is off. */
export function unsupportedMessage(feature: Feature, lang: Lang): string {
  const { set, version, without } = requirements[feature];
  return lang === "en"
    ? `${without.en} This needs an Excel that supports ${set} ${version} (an up-to-date Microsoft 365 or Excel on the web); please update Excel and try again.`
    : `${without["zh-CN"]}此功能需要支持 ${set} ${version} 的 Excel（如最新的 Microsoft 365 或网页版 Excel），请更新 Excel 后再试。`;
}

/** The pane's language from Office's display language: Chinese of any region reads zh-CN, else en. */
export function langFromDisplay(displayLanguage: string | undefined): Lang {
  return displayLanguage?.toLowerCase().startsWith("zh") || displayLanguage === undefined ? "zh-CN" : "en";
}

export function hostLang(): Lang {
  const office = (globalThis as { Office?: { context?: { displayLanguage?: string } } }).Office;
  return langFromDisplay(office?.context?.displayLanguage);
}
