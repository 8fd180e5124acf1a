/** Jumping to a finding: its sheet activated and its cell selected, in one sync. */
import type { Lang } from "../../shared/findings.ts";
import { errorCode, guarded, type Refusal, refusal, syncCounter, unsupported } from "./outcome.ts";
import { hostLang, supports } from "./requirements.ts";

const text = {
  missing: {
    "zh-CN": "找不到工作表“{sheet}”，可能已被删除或改名，请重新校验。",
    en: 'The sheet "{sheet}" cannot be found; it may have been deleted or renamed. Validate again.',
  },
  hidden: {
    "zh-CN": "工作表“{sheet}”已隐藏，请先取消隐藏再定位。",
    en: 'The sheet "{sheet}" is hidden; unhide it first.',
  },
} satisfies Record<string, Record<Lang, string>>;

/** `cell` null (a sheet-level finding) only activates the sheet. */
async function selectCellUnguarded(
  context: Excel.RequestContext,
  sheet: string,
  cell: string | null,
  options: { lang?: Lang } = {},
): Promise<{ ok: true; syncs: number } | Refusal> {
  const lang = options.lang ?? hostLang();
  if (!supports("select")) return unsupported("select", lang);
  const counter = syncCounter(context);
  const worksheet = context.workbook.worksheets.getItem(sheet);
  worksheet.activate();
  if (cell) worksheet.getRange(cell).select();
  try {
    await counter.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code === "ItemNotFound")
      return refusal("sheet-missing", text.missing[lang].replace("{sheet}", sheet), 1);
    if (code === "InvalidOperation" || code === "GeneralException")
      return refusal("sheet-missing", text.hidden[lang].replace("{sheet}", sheet), 1);
    throw error;
  }
  return { ok: true, syncs: counter.count };
}

/** selectCell, answering a protected sheet or a cell being edited with a refusal in words. */
export const selectCell = guarded(selectCellUnguarded);
