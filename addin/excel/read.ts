/**
 * Excel → the core's Book, in a fixed number of round trips whatever the number of rows:
 *
 *   sync 1  the worksheets' names and visibility, and DATE(1904,1,1) to learn the date system;
 *   sync 2  each sheet's used range (position and size) and its merged areas;
 *   sync 3  values and number formats of every used range, in row blocks.
 *
 * Why blocks, and how many per sync. Excel on the web caps one request and one response at 5 MB,
 * and very large single-range reads fail on any platform, so a used range is read as blocks of at
 * most CELLS_PER_BLOCK cells, and one sync carries at most CELLS_PER_SYNC cells. A list cell costs
 * about 25 bytes of response (its value and its number format, mostly "General"), measured through
 * Microsoft's own client library (`npm run bench -- excel`: 4,887,851 bytes for the 200,020 cells
 * of the 20,000-row benchmark list — 98 % of the limit in one sync, where one more column of
 * Chinese text goes over). So a sync is planned at READ_MARGIN of the limit: 0.7 × 5,000,000 B /
 * 25 B = 140,000 cells; the 20,000-row × 10-column list takes two values syncs, 4 in all, each
 * response about 2.5 MB, and every further 140,000 cells cost one more. Should a sync still fail —
 * ResponsePayloadSizeLimitExceeded, or the GeneralException large reads have met on the web, or
 * values answered as null — its blocks are read again at half the size, as often as needed, and a
 * note says the sheets were read in parts.
 *
 * Merged areas come from Range.getMergedAreasOrNullObject (ExcelApi 1.13) over the whole sheet, in
 * sync 2. Excel cannot return more than 512 merged areas from one call ("the method will fail to
 * return the result"), which fails the whole batch; sync 2 is then repeated without merges and the
 * merges are read in sync 3 in tiles of at most 512 cells. A call returns only the merged areas
 * whose top-left cell lies in its range (OfficeDev/office-js#3611), so a tile can never hold more
 * than 512 and the tiles together return each merge once: the result is complete, at the price of
 * one extra sync. Sheets too large to tile (over TILE_LIMIT tiles) get their merges read in the
 * top HEAD_ROWS rows only, where titles and two-level headers are, and a note says so. Without
 * ExcelApi 1.13 no merges are read at all, also with a note: the core carries a blank category
 * down as "same as above", so the list still validates.
 */
import type { Lang } from "../../shared/findings.ts";
import {
  type Area,
  type Book,
  type CellValue,
  cellAddress,
  type Grid,
  parseArea,
} from "../../shared/grid.ts";
import {
  AdapterError,
  errorCode,
  guarded,
  type Note,
  type NoteCode,
  type Refusal,
  refusal,
  syncCounter,
  unsupported,
} from "./outcome.ts";
import { hostLang, supports } from "./requirements.ts";

/** Excel on the web's cap on one response ("5 MB"). */
export const PAYLOAD_LIMIT = 5_000_000;
/** Measured response bytes per cell of a task list (values + number formats), rounded up. */
export const BYTES_PER_CELL = 25;
/** The share of the limit a sync is planned at: room for long texts without a failed sync. */
export const READ_MARGIN = 0.7;
export const CELLS_PER_SYNC = Math.floor((READ_MARGIN * PAYLOAD_LIMIT) / BYTES_PER_CELL);
export const CELLS_PER_BLOCK = 50_000;
/** Excel's cap on merged areas per getMergedAreasOrNullObject call. */
export const MERGED_AREA_LIMIT = 512;
export const TILE_LIMIT = 2_000;
export const HEAD_ROWS = 100;
/** The add-in's own output sheet is never read back as input. */
export const RESULTS_SHEET = "校验结果";

export interface ReadOptions {
  lang?: Lang;
  /** Sheet names not to read; the results sheet is always skipped. */
  skipSheets?: readonly string[];
  cellsPerSync?: number;
  cellsPerBlock?: number;
}

export interface SheetRead {
  name: string;
  /** The used range as Excel reports it, null for a blank sheet. */
  address: string | null;
  rows: number;
  columns: number;
  merges: number;
  /** Where the merges came from: one call, tiles, the top rows only, or nowhere. */
  mergeSource: "sheet" | "tiles" | "head" | "none";
}

export interface ReadResult {
  ok: true;
  book: Book;
  sheets: SheetRead[];
  notes: Note[];
  syncs: number;
}

/** Excel answered even one row of values with null. */
const readFailed: Record<Lang, string> = {
  "zh-CN": "Excel 未能返回工作表中的内容，请保存并重新打开工作簿后再试。",
  en: "Excel did not return the sheet's contents. Save the workbook, open it again and try again.",
};

const messages: Record<
  Extract<NoteCode, "merges.unavailable" | "merges.partial" | "read.split">,
  Record<Lang, string>
> = {
  "merges.unavailable": {
    "zh-CN":
      "此版本的 Excel 不能读取合并单元格（需要 ExcelApi 1.13）；空白的星级任务按“同上”处理，清单仍可校验。",
    en: 'This Excel cannot report merged cells (ExcelApi 1.13 is needed); blank star cells count as "same as above", so the list is still validated.',
  },
  "merges.partial": {
    "zh-CN": "工作表“{sheet}”过大，只读取了前 {rows} 行的合并单元格；下方空白的星级任务按“同上”处理。",
    en: 'The sheet "{sheet}" is too large: merged cells were read in its first {rows} rows only; blank star cells below count as "same as above".',
  },
  "read.split": {
    "zh-CN": "工作表内容较多，已分多次读取。",
    en: "The sheets were large and were read in several parts.",
  },
};

function note(code: keyof typeof messages, lang: Lang, sheet: string | null, rows = HEAD_ROWS): Note {
  const message = messages[code][lang].replace("{sheet}", sheet ?? "").replace("{rows}", String(rows));
  return { code, sheet, message };
}

/** The Book, or an AdapterError carrying the localized refusal. */
export async function readWorkbook(context: Excel.RequestContext, options: ReadOptions = {}): Promise<Book> {
  const result = await readWorkbookWithStats(context, options);
  if (!result.ok) throw new AdapterError(result);
  return result.book;
}

interface SheetPlan {
  name: string;
  hidden: boolean;
  worksheet: Excel.Worksheet;
  used: Excel.Range | null;
  merged: Excel.RangeAreas | null;
  /** Filled from the used range after sync 2. */
  top: number;
  left: number;
  rows: number;
  columns: number;
  address: string | null;
  values: CellValue[][];
  formats: (string | null)[][];
  merges: Area[];
  mergeSource: SheetRead["mergeSource"];
}

interface Block {
  plan: SheetPlan;
  /** Offset of the block's first row within the used range. */
  offset: number;
  rows: number;
}

async function readWorkbookWithStatsUnguarded(
  context: Excel.RequestContext,
  options: ReadOptions = {},
): Promise<ReadResult | Refusal> {
  const lang = options.lang ?? hostLang();
  if (!supports("read")) return unsupported("read", lang);
  const counter = syncCounter(context);
  const notes: Note[] = [];
  const withMerges = supports("mergedAreas");
  if (!withMerges) notes.push(note("merges.unavailable", lang, null));
  const skip = new Set([RESULTS_SHEET, ...(options.skipSheets ?? [])]);

  // Sync 1: the sheets, and the date system (DATE(1904,1,1) is 0 only in the 1904 system).
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name,items/visibility");
  const probe = supports("dateSystem") ? context.workbook.functions.date(1904, 1, 1) : null;
  probe?.load("value");
  await counter.sync();
  const date1904 = probe?.value === 0;
  const plans: SheetPlan[] = worksheets.items
    .filter((ws) => !skip.has(ws.name))
    .map((ws) => ({
      name: ws.name,
      hidden: ws.visibility !== undefined && ws.visibility !== "Visible",
      worksheet: ws,
      used: null,
      merged: null,
      top: 0,
      left: 0,
      rows: 0,
      columns: 0,
      address: null,
      values: [],
      formats: [],
      merges: [],
      mergeSource: "none",
    }));

  // Sync 2: used ranges (values only: a template's 998 formatted rows are not data), and merges.
  const queueUsed = (merges: boolean) => {
    for (const plan of plans) {
      plan.used = plan.worksheet.getUsedRangeOrNullObject(true);
      plan.used.load("address,rowIndex,columnIndex,rowCount,columnCount");
      plan.merged = merges ? plan.worksheet.getRange().getMergedAreasOrNullObject() : null;
      plan.merged?.load("address");
    }
  };
  queueUsed(withMerges);
  let tileMerges = false;
  try {
    await counter.sync();
  } catch (error) {
    // Past 512 merged areas the whole batch fails; everything else fails again below and escapes.
    if (!withMerges) throw error;
    queueUsed(false);
    await counter.sync();
    tileMerges = true;
  }
  for (const plan of plans) {
    const used = plan.used as Excel.Range;
    if (used.isNullObject) continue;
    plan.top = used.rowIndex;
    plan.left = used.columnIndex;
    plan.rows = used.rowCount;
    plan.columns = used.columnCount;
    plan.address = used.address;
    if (plan.merged) {
      plan.mergeSource = "sheet";
      if (!plan.merged.isNullObject) plan.merges = parseAreas(plan.merged.address);
    }
  }

  // Sync 3 (and more only past CELLS_PER_SYNC cells): values and formats, plus tiled merges.
  const tiles = tileMerges ? queueTiles(plans, lang, notes) : [];
  try {
    await readBlocks(plans, counter, options, lang, notes, tiles.length > 0, () => {
      for (const tile of tiles) tile.merged.load("address");
    });
  } catch (error) {
    if (error instanceof AdapterError) return error.refusal;
    throw error;
  }
  for (const tile of tiles) {
    if (!tile.merged.isNullObject) tile.plan.merges.push(...parseAreas(tile.merged.address));
  }

  const sheets: SheetRead[] = [];
  const grids: Grid[] = plans.map((plan) => {
    plan.merges = dedupe(plan.merges);
    sheets.push({
      name: plan.name,
      address: plan.address,
      rows: plan.rows,
      columns: plan.columns,
      merges: plan.merges.length,
      mergeSource: plan.mergeSource,
    });
    const grid: Grid = {
      name: plan.name,
      values: plan.values,
      formats: plan.formats,
      origin: { row: plan.top, col: plan.left },
      merges: plan.merges,
    };
    if (plan.hidden) grid.hidden = true;
    return grid;
  });
  const book: Book = { sheets: grids, date1904 };
  const fileName = documentFileName();
  if (fileName) book.fileName = fileName;
  return { ok: true, book, sheets, notes, syncs: counter.count };
}

/**
 * The workbook's file name from Office.context.document.url (a path or a URL, percent-encoded on
 * the web), without asking Excel: the name often carries the branch and the month.
 */
export function documentFileName(): string | null {
  const url = typeof Office === "undefined" ? undefined : Office.context?.document?.url;
  if (typeof url !== "string" || url === "") return null;
  const last = url.split(/[?#]/)[0]?.split(/[\\/]/).pop() ?? "";
  try {
    return decodeURIComponent(last) || null;
  } catch {
    return last || null;
  }
}

/** Merged-area requests over tiles of at most 512 cells, queued for the first values sync. */
function queueTiles(
  plans: SheetPlan[],
  lang: Lang,
  notes: Note[],
): { plan: SheetPlan; merged: Excel.RangeAreas }[] {
  const tiles: { plan: SheetPlan; merged: Excel.RangeAreas }[] = [];
  for (const plan of plans) {
    if (plan.rows === 0) continue;
    const width = Math.min(plan.columns, MERGED_AREA_LIMIT);
    const tileRows = Math.max(1, Math.floor(MERGED_AREA_LIMIT / width));
    const count = Math.ceil(plan.rows / tileRows) * Math.ceil(plan.columns / width);
    let rows = plan.rows;
    plan.mergeSource = "tiles";
    if (count > TILE_LIMIT) {
      rows = Math.min(plan.rows, HEAD_ROWS);
      plan.mergeSource = "head";
      notes.push(note("merges.partial", lang, plan.name, rows));
    }
    for (let r = 0; r < rows; r += tileRows) {
      for (let c = 0; c < plan.columns; c += width) {
        const area: Area = {
          top: plan.top + r,
          left: plan.left + c,
          bottom: plan.top + Math.min(r + tileRows, rows) - 1,
          right: plan.left + Math.min(c + width, plan.columns) - 1,
        };
        const range = plan.worksheet.getRange(
          `${cellAddress(area.top, area.left)}:${cellAddress(area.bottom, area.right)}`,
        );
        tiles.push({ plan, merged: range.getMergedAreasOrNullObject() });
      }
    }
  }
  return tiles;
}

async function readBlocks(
  plans: SheetPlan[],
  counter: ReturnType<typeof syncCounter>,
  options: ReadOptions,
  lang: Lang,
  notes: Note[],
  hasExtra: boolean,
  queueExtra: () => void,
): Promise<void> {
  const perBlock = options.cellsPerBlock ?? CELLS_PER_BLOCK;
  let budget = options.cellsPerSync ?? CELLS_PER_SYNC;
  let pending: Block[] = [];
  for (const plan of plans) {
    if (plan.rows === 0) continue;
    const rowsPerBlock = Math.max(1, Math.floor(perBlock / plan.columns));
    for (let offset = 0; offset < plan.rows; offset += rowsPerBlock)
      pending.push({ plan, offset, rows: Math.min(rowsPerBlock, plan.rows - offset) });
  }
  // The tiled merges ride on the first values sync (or get one of their own if nothing has values).
  let extraQueued = !hasExtra;
  let splitNoted = false;
  while (pending.length > 0 || !extraQueued) {
    const batch: Block[] = [];
    let cells = 0;
    while (pending.length > 0) {
      const block = pending[0] as Block;
      const size = block.rows * block.plan.columns;
      if (batch.length > 0 && cells + size > budget) break;
      batch.push(block);
      pending.shift();
      cells += size;
    }
    const ranges = batch.map((block) => {
      const { plan } = block;
      const from = cellAddress(plan.top + block.offset, plan.left);
      const to = cellAddress(plan.top + block.offset + block.rows - 1, plan.left + plan.columns - 1);
      return plan.worksheet.getRange(`${from}:${to}`).load("values,numberFormat");
    });
    if (!extraQueued) queueExtra();
    const splittable = batch.length > 1 || batch.some((b) => b.rows > 1);
    const split = () => {
      // Half the cells per sync from now on; blocks larger than that are halved too.
      budget = Math.max(1, Math.floor(cells / 2));
      pending = [...batch.flatMap((b) => halve(b, budget)), ...pending];
      if (!splitNoted) notes.push(note("read.split", lang, null));
      splitNoted = true;
    };
    try {
      await counter.sync();
    } catch (error) {
      if (!TOO_LARGE.has(errorCode(error) ?? "") || !splittable) throw error;
      split();
      continue;
    }
    extraQueued = true;
    // A read too large can also come back as null values: the same blocks again, smaller.
    const unanswered = ranges.some(
      (range) => !Array.isArray(range.values) || !Array.isArray(range.numberFormat),
    );
    if (unanswered) {
      if (!splittable) throw new AdapterError(refusal("read-failed", readFailed[lang], counter.count, notes));
      split();
      continue;
    }
    batch.forEach((block, i) => {
      const range = ranges[i] as Excel.Range;
      const { plan } = block;
      const values = range.values as unknown[][];
      const formats = range.numberFormat as unknown[][];
      for (let r = 0; r < block.rows; r++) {
        plan.values[block.offset + r] = (values[r] ?? []).map(toCellValue);
        plan.formats[block.offset + r] = (formats[r] ?? []).map((f) =>
          typeof f === "string" && f !== "General" ? f : null,
        );
      }
    });
  }
}

/** How Excel says a read was too large: the documented code, and what large reads on the web got. */
const TOO_LARGE = new Set(["ResponsePayloadSizeLimitExceeded", "GeneralException"]);

function halve(block: Block, budget: number): Block[] {
  if (block.rows * block.plan.columns <= budget || block.rows === 1) return [block];
  const first = Math.ceil(block.rows / 2);
  return [
    ...halve({ plan: block.plan, offset: block.offset, rows: first }, budget),
    ...halve({ plan: block.plan, offset: block.offset + first, rows: block.rows - first }, budget),
  ];
}

/** Excel reports error values as their text; typed text like this becomes an error in Excel too. */
const ERROR_VALUE =
  /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|BUSY!|CONNECT!|UNKNOWN!|PYTHON!)$/;

/** Office.js values → core values: "" is empty; dates stay serial numbers (their format says date). */
function toCellValue(value: unknown): CellValue {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "string") return ERROR_VALUE.test(value) ? { error: value } : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/**
 * "Sheet1!A1:J1, Sheet1!B3:B7" → areas. Only the reference after each "!" counts, so sheet names
 * with commas or "!" (quoted by Excel) do not confuse it.
 */
export function parseAreas(address: string): Area[] {
  const areas: Area[] = [];
  const pattern = /!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)(?=\s*[,;]|\s*$)/gi;
  for (const match of address.matchAll(pattern)) {
    const area = parseArea((match[1] as string).replace(/\$/g, ""));
    if (area) areas.push(area);
  }
  return areas;
}

function dedupe(areas: Area[]): Area[] {
  const seen = new Set<string>();
  return areas.filter((a) => {
    const key = `${a.top},${a.left},${a.bottom},${a.right}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** readWorkbookWithStats, answering a protected sheet or a cell being edited with a refusal in words. */
export const readWorkbookWithStats = guarded(readWorkbookWithStatsUnguarded);
