/**
 * Marking findings in the sheet and taking the marks away again, leaving the user's own fills as
 * they were. A bounded number of syncs, stated:
 *
 *   mark   load   the current fill of every cell to mark (and of cells an earlier marking left),
 *                 with Range.getCellProperties over column spans: one sync per FILL_BYTES_PER_SYNC
 *                 (3.5 MB) of estimated request and response — 1 up to about 40,000 cells read;
 *          write  one fill colour per severity, written through RangeAreas in bulk: 1 sync.
 *   clear  load   the current fill of every marked cell, the same way;
 *          write  each cell's own fill put back (cells that had none: fill.clear()): 1 sync.
 * A sheet asked for by name that is not there (renamed in this session, deleted) costs 2 more.
 * Measured through Microsoft's client (`npm run bench -- excel`): 14 findings 2 + 2 syncs, 20,000
 * findings on four columns 3 + 3, the largest request 169 KB and response 3.3 MB.
 *
 * The snapshot of the user's fills lives in the document's add-in settings
 * (Office.context.document.settings, key SNAPSHOT_KEY): it is saved with the workbook, survives a
 * pane reload, is invisible to the user and to other readers of the file (a hidden sheet would be
 * read by the command line and every other tool), and costs no sync. It holds sheet names and ids,
 * cell addresses and colours — never a token. It is saved *before* the marks are written, so a
 * failed write (a protected sheet) leaves a snapshot that describes cells still in their own fill,
 * which is harmless.
 *
 * A cell is given back its own fill only while it still shows our mark. A cell the user has since
 * painted keeps their paint, both when clearing and when marking again; marking again without
 * clearing keeps the fill from before the first marking, and takes the marks off cells whose
 * findings are gone. No fill is recorded as "" whichever way the host reports it (fillKey).
 *
 * Sheets are found by name, because Excel gives sheets new ids when a workbook is reopened and
 * between Excel on the web and desktop (office-js#1390, "by design"); a sheet renamed since is found
 * by its saved id. The saved fills of a sheet found by neither are kept, with a note, for when the
 * sheet is back under its name — never dropped.
 *
 * Limits: the snapshot is keyed by address, so rows inserted or deleted between Mark and Clear
 * shift the marks away from it (such cells keep the mark colour and can be cleared by hand). A theme
 * colour is given back as the colour it showed (its link to the theme is not kept).
 */
import { type Finding, type Lang, type Severity, severityOrder } from "../../shared/findings.ts";
import { type Area, areaAddress } from "../../shared/grid.ts";
import { type Cell, cellKey, cellOf, chunkAddresses, compact, expand } from "./addresses.ts";
import { errorCode, guarded, type Note, type Refusal, refusal, syncCounter, unsupported } from "./outcome.ts";
import { hostLang, supports } from "./requirements.ts";

/** Fluent-like tints, light enough that black text on them keeps a contrast above 12:1. */
export const markColors: Record<Severity, string> = {
  error: "#F1BBBC",
  warning: "#FCE19A",
  info: "#C7E0F4",
};

export const SNAPSHOT_KEY = "juxing.marks.v1";

/** The fill a cell had: "" for none, "#RRGGBB" for a solid fill, "#RRGGBB|Pattern|#RRGGBB" else. */
type FillKey = string;

interface SnapshotGroup {
  /** The colour we painted. */
  mark: string;
  /** The fill the cells had before. */
  fill: FillKey;
  /** Compact addresses, "E6:E9,B3". */
  cells: string;
}

interface SnapshotSheet {
  id: string;
  name: string;
  groups: SnapshotGroup[];
}

export interface MarkSnapshot {
  v: 1;
  sheets: SnapshotSheet[];
}

interface Settings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: (result: { status: string; error?: { message: string } }) => void): void;
}

function documentSettings(): Settings | null {
  const office = (globalThis as { Office?: { context?: { document?: { settings?: Settings } } } }).Office;
  return office?.context?.document?.settings ?? null;
}

export function readSnapshot(settings = documentSettings()): MarkSnapshot | null {
  const raw = settings?.get(SNAPSHOT_KEY) as MarkSnapshot | null | undefined;
  return raw && raw.v === 1 && Array.isArray(raw.sheets) ? raw : null;
}

function saveSettings(settings: Settings): Promise<void> {
  return new Promise((resolve, reject) => {
    settings.saveAsync((result) => {
      if (result.status === "succeeded") resolve();
      else reject(new Error(result.error?.message ?? "settings.saveAsync failed"));
    });
  });
}

async function writeSnapshot(settings: Settings, snapshot: MarkSnapshot | null): Promise<void> {
  if (snapshot && snapshot.sheets.length > 0) settings.set(SNAPSHOT_KEY, snapshot);
  else settings.remove(SNAPSHOT_KEY);
  await saveSettings(settings);
}

// ----------------------------------------------------------------------------------------------

export interface MarkResult {
  ok: true;
  /** Cells now marked, by severity (a cell with several findings takes the most severe). */
  marked: Record<Severity, number>;
  /** Cells of an earlier marking whose findings are gone, given back their own fill. */
  restored: number;
  /** Cells left alone because the user painted over our mark. */
  keptUserFills: number;
  notes: Note[];
  syncs: number;
}

export interface ClearResult {
  ok: true;
  restored: number;
  keptUserFills: number;
  notes: Note[];
  syncs: number;
}

const noteText = {
  sheetMissing: {
    "zh-CN": "工作表“{sheet}”已不存在或已改名，其中的问题未标注，请重新校验。",
    en: 'The sheet "{sheet}" no longer exists or was renamed; its findings were not marked. Validate again.',
  },
  keptUserFill: {
    "zh-CN": "{n} 个单元格在标注后被重新填色，已保留您的颜色。",
    en: "{n} cells were recoloured after marking; your colours were kept.",
  },
  clearSheetMissing: {
    "zh-CN":
      "找不到工作表“{sheet}”（已改名或删除），其中的标注未清除；原填充色仍已保存，改回原名后可再次清除标注。",
    en: 'The sheet "{sheet}" was not found (renamed or deleted); its marks were not cleared. Its own fills are still saved: give it its old name back and clear the marks again.',
  },
  conditionalFormat: {
    "zh-CN": "工作表“{sheet}”中有条件格式覆盖问题单元格，条件格式的颜色可能盖住标注。",
    en: 'Conditional formatting covers problem cells on the sheet "{sheet}"; its colours may hide the marks.',
  },
  tooLarge: {
    "zh-CN": "问题单元格过多，无法保存标注前的填充色，未进行标注。请先修正部分问题后再标注。",
    en: "Too many cells to mark: their own fills could not be saved, so nothing was marked. Fix some findings first.",
  },
} satisfies Record<string, Record<Lang, string>>;

interface WantedSheet {
  /** The sheet's name: findings name it, and a saved snapshot keeps it (ids change on reopen). */
  name: string;
  /** The id saved with a snapshot: found by it when the sheet was renamed since. */
  savedId: string | null;
  /** Whether the cells are to be marked now or were marked before. */
  role: "target" | "prior";
  cells: Cell[];
  /** The snapshot entry the cells come from (prior sheets). */
  saved?: SnapshotSheet;
}

/** One sheet found, with each wanted cell's current fill. */
interface LoadedSheet {
  /** The sheet's id in this session. */
  id: string;
  name: string;
  wanted: WantedSheet;
  worksheet: Excel.Worksheet;
  fills: Map<string, FillKey>;
  /** Conditional formats over the cells to mark (target sheets; their fill hides ours). */
  conditionalFormats: number;
}

/** The fill properties getCellProperties is asked for. */
const FILL_PROPERTIES = { format: { fill: { color: true, pattern: true, patternColor: true } } };

/**
 * The cost of reading fills, measured through Microsoft's client (excel-web-16.00.js; `npm run
 * bench -- excel`): a getCellProperties call costs about REQUEST_BYTES_PER_SPAN of request, and
 * each cell about RESPONSE_BYTES_PER_CELL of response. One sync carries at most
 * FILL_BYTES_PER_SYNC, well inside Excel on the web's 5 MB per request and per response.
 */
export const REQUEST_BYTES_PER_SPAN = 420;
export const RESPONSE_BYTES_PER_CELL = 80;
export const FILL_BYTES_PER_SYNC = 3_500_000;
/** Rows between two wanted cells of a column that are still read in one span (cheaper than a call). */
const MAX_GAP = 4;

interface Span {
  sheet: number;
  area: Area;
}

/** Each sheet's wanted cells as column spans, long ones cut to fit a sync. */
function spansOf(wanted: readonly WantedSheet[]): Span[] {
  const maxCells = Math.floor((FILL_BYTES_PER_SYNC - REQUEST_BYTES_PER_SPAN) / RESPONSE_BYTES_PER_CELL);
  const spans: Span[] = [];
  wanted.forEach((sheet, index) => {
    for (const run of compact(sheet.cells)) {
      const last = spans[spans.length - 1];
      const joins =
        last &&
        last.sheet === index &&
        last.area.left === run.left &&
        run.top - last.area.bottom - 1 <= MAX_GAP &&
        run.bottom - last.area.top + 1 <= maxCells;
      if (joins) last.area.bottom = run.bottom;
      else spans.push({ sheet: index, area: { ...run } });
    }
  });
  return spans.flatMap((span) => {
    const pieces: Span[] = [];
    for (let top = span.area.top; top <= span.area.bottom; top += maxCells)
      pieces.push({
        sheet: span.sheet,
        area: { ...span.area, top, bottom: Math.min(span.area.bottom, top + maxCells - 1) },
      });
    return pieces;
  });
}

function boundingBox(cells: readonly Cell[]): Area {
  let top = Number.POSITIVE_INFINITY;
  let left = Number.POSITIVE_INFINITY;
  let bottom = 0;
  let right = 0;
  for (const { row, col } of cells) {
    top = Math.min(top, row);
    left = Math.min(left, col);
    bottom = Math.max(bottom, row);
    right = Math.max(right, col);
  }
  return { top, left, bottom, right };
}

/** Spans in syncs of at most FILL_BYTES_PER_SYNC estimated bytes. */
function batchesOf(spans: readonly Span[]): Span[][] {
  const batches: Span[][] = [];
  let batch: Span[] = [];
  let bytes = 0;
  for (const span of spans) {
    const cost = REQUEST_BYTES_PER_SPAN + RESPONSE_BYTES_PER_CELL * (span.area.bottom - span.area.top + 1);
    if (batch.length > 0 && bytes + cost > FILL_BYTES_PER_SYNC) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(span);
    bytes += cost;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** A fill as getCellProperties or RangeFill reports it. */
interface FillReport {
  color?: string | null;
  pattern?: string | null;
  patternColor?: string | null;
}

/**
 * No fill reads as pattern "None" on some hosts and as white with pattern null on others
 * (office-js#4900, #6218); a white the user chose reads "Solid". Both "no fill" answers are "".
 */
export function fillKey(fill: FillReport): FillKey {
  const pattern = fill.pattern ?? null;
  const color = (fill.color ?? "").toUpperCase();
  if (pattern === "None" || (pattern === null && (color === "#FFFFFF" || color === ""))) return "";
  if (pattern === "Solid" || pattern === null) return color;
  return `${color}|${pattern}|${(fill.patternColor ?? "").toUpperCase()}`;
}

/**
 * Sync 1 (and one more per FILL_BYTES_PER_SYNC of fills) of mark and clear: each wanted cell's
 * fill, read with Range.getCellProperties over column spans — one call per span, not three objects
 * per cell, which is what kept a request of 20,000 cells under Excel on the web's 5 MB. Sheets
 * are asked for by name; when one is not there (renamed, deleted) the first sync fails with
 * ItemNotFound, one more sync lists the sheets, and each is found by its saved id or its name.
 */
async function loadFills(
  context: Excel.RequestContext,
  counter: ReturnType<typeof syncCounter>,
  wanted: WantedSheet[],
): Promise<{ sheets: LoadedSheet[]; missing: WantedSheet[] }> {
  const batches = batchesOf(spansOf(wanted));
  let keys: (string | null)[] = wanted.map((w) => w.name);
  let worksheets: (Excel.Worksheet | null)[] = [];
  const results: { span: Span; cells: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[] = [];
  const queue = (batch: readonly Span[]) => {
    for (const span of batch) {
      const worksheet = worksheets[span.sheet];
      if (!worksheet) continue;
      const address = areaAddress(span.area);
      results.push({ span, cells: worksheet.getRange(address).getCellProperties(FILL_PROPERTIES) });
    }
  };
  let conditional: (OfficeExtension.ClientResult<number> | null)[] = [];
  const start = () => {
    results.length = 0;
    worksheets = keys.map((key) =>
      key === null ? null : context.workbook.worksheets.getItem(key).load("id,name"),
    );
    // Conditional formats over the cells to mark: one count a sheet, in the same sync.
    conditional = wanted.map((w, index) => {
      const worksheet = worksheets[index];
      if (!worksheet || w.role !== "target" || w.cells.length === 0) return null;
      return worksheet.getRange(areaAddress(boundingBox(w.cells))).conditionalFormats.getCount();
    });
    queue(batches[0] ?? []);
  };
  start();
  try {
    await counter.sync();
  } catch (error) {
    if (errorCode(error) !== "ItemNotFound") throw error;
    const all = context.workbook.worksheets;
    all.load("items/id,items/name");
    await counter.sync();
    keys = wanted.map((w) => {
      const byId = w.savedId ? all.items.find((ws) => ws.id === w.savedId) : undefined;
      const byName = all.items.find((ws) => ws.name.toLowerCase() === w.name.toLowerCase());
      return (byId ?? byName)?.id ?? null;
    });
    start();
    await counter.sync();
  }
  for (const batch of batches.slice(1)) {
    queue(batch);
    await counter.sync();
  }

  const sheets = new Map<number, LoadedSheet>();
  wanted.forEach((w, index) => {
    const worksheet = worksheets[index];
    if (!worksheet) return;
    const conditionalFormats = conditional[index]?.value ?? 0;
    sheets.set(index, {
      id: worksheet.id,
      name: worksheet.name,
      wanted: w,
      worksheet,
      fills: new Map(),
      conditionalFormats,
    });
  });
  const wantedKeys = wanted.map((w) => new Set(w.cells.map(cellKey)));
  for (const { span, cells } of results) {
    const sheet = sheets.get(span.sheet) as LoadedSheet;
    cells.value.forEach((line, r) => {
      const k = cellKey({ row: span.area.top + r, col: span.area.left });
      if (wantedKeys[span.sheet]?.has(k)) sheet.fills.set(k, fillKey(line[0]?.format?.fill ?? {}));
    });
  }
  return { sheets: [...sheets.values()], missing: wanted.filter((_, index) => !worksheets[index]) };
}

function applyFill(fill: Excel.RangeFill, key: FillKey): void {
  if (key === "") {
    fill.clear();
    return;
  }
  const [color = "", pattern, patternColor] = key.split("|");
  if (pattern) {
    fill.color = color;
    fill.pattern = pattern as Excel.FillPattern;
    if (patternColor) fill.patternColor = patternColor;
    return;
  }
  fill.pattern = "Solid";
  fill.color = color;
}

/** Cells grouped by the fill to write, then written in as few getRanges calls as Excel allows. */
function writeGroups(worksheet: Excel.Worksheet, groups: Map<FillKey, Cell[]>, paint: boolean): void {
  for (const [key, cells] of groups) {
    for (const address of chunkAddresses(compact(cells))) {
      const fill = worksheet.getRanges(address).format.fill;
      if (paint) {
        // Solid first: a mark over a user's hatched fill must still read as a mark.
        fill.pattern = "Solid";
        fill.color = key;
      } else applyFill(fill, key);
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A saved sheet's cells: cellKey → the mark painted and the fill from before. */
function savedCells(sheet: SnapshotSheet | undefined): Map<string, { mark: string; fill: FillKey }> {
  const cells = new Map<string, { mark: string; fill: FillKey }>();
  for (const group of sheet?.groups ?? [])
    for (const cell of expand(group.cells)) cells.set(cellKey(cell), { mark: group.mark, fill: group.fill });
  return cells;
}

/** A snapshot being put together: sheet id → its name and its cells (by cellKey). */
type SnapshotDraft = Map<
  string,
  { name: string; cells: Map<string, { cell: Cell; mark: string; fill: FillKey }> }
>;

/** The draft's sheets, plus saved sheets that could not be found this time: kept as they were. */
function buildSnapshot(entries: SnapshotDraft, kept: readonly SnapshotSheet[] = []): MarkSnapshot {
  const sheets: SnapshotSheet[] = [];
  for (const [id, { name, cells }] of entries) {
    const groups = new Map<string, { mark: string; fill: FillKey; cells: Cell[] }>();
    for (const { cell, mark, fill } of cells.values()) {
      const key = `${mark}\u0000${fill}`;
      const group = groups.get(key) ?? { mark, fill, cells: [] };
      group.cells.push(cell);
      groups.set(key, group);
    }
    if (groups.size === 0) continue;
    sheets.push({
      id,
      name,
      groups: [...groups.values()].map((g) => ({
        mark: g.mark,
        fill: g.fill,
        cells: compact(g.cells).map(areaAddress).join(","),
      })),
    });
  }
  return { v: 1, sheets: [...sheets, ...kept] };
}

function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

const ourColors = new Set(Object.values(markColors));

/** The snapshot's sheets as loadFills wants them. */
function priorSheets(snapshot: MarkSnapshot | null): WantedSheet[] {
  return (snapshot?.sheets ?? []).map((s) => ({
    name: s.name,
    savedId: s.id,
    role: "prior" as const,
    cells: s.groups.flatMap((g) => expand(g.cells)),
    saved: s,
  }));
}

function keptFillsNote(kept: number, lang: Lang): Note[] {
  if (kept === 0) return [];
  return [
    {
      code: "marks.kept-user-fill",
      sheet: null,
      message: fillText(noteText.keptUserFill[lang], { n: kept }),
    },
  ];
}

/** "3,4" → the cell. */
function cellFromKey(key: string): Cell {
  const [row = 0, col = 0] = key.split(",").map(Number);
  return { row, col };
}

// ----------------------------------------------------------------------------------------------

/** What marking needs of a finding (a returned claim is marked the same way, at its name cell). */
export type MarkTarget = Pick<Finding, "sheet" | "cell" | "severity">;

async function markFindingsUnguarded(
  context: Excel.RequestContext,
  findings: readonly MarkTarget[],
  options: { lang?: Lang } = {},
): Promise<MarkResult | Refusal> {
  const lang = options.lang ?? hostLang();
  const settings = documentSettings();
  if (!supports("mark") || !settings) return unsupported("mark", lang);
  const counter = syncCounter(context);
  const notes: Note[] = [];

  // The most severe finding of each cell decides its colour.
  const targets = new Map<string, Map<string, { cell: Cell; severity: Severity }>>();
  for (const finding of findings) {
    if (!finding.sheet || !finding.cell) continue;
    const cell = cellOf(finding.cell);
    if (!cell) continue;
    const cells = targets.get(finding.sheet) ?? new Map<string, { cell: Cell; severity: Severity }>();
    targets.set(finding.sheet, cells);
    const known = cells.get(cellKey(cell));
    if (!known || severityOrder[finding.severity] < severityOrder[known.severity])
      cells.set(cellKey(cell), { cell, severity: finding.severity });
  }

  const previous = readSnapshot(settings);
  const none: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  if (targets.size === 0 && !previous)
    return { ok: true, marked: none, restored: 0, keptUserFills: 0, notes, syncs: 0 };
  // The fills of the cells to mark and of the earlier marking, all by sheet name.
  const wanted: WantedSheet[] = [
    ...[...targets].map(([name, cells]) => ({
      name,
      savedId: null,
      role: "target" as const,
      cells: [...cells.values()].map((t) => t.cell),
    })),
    ...priorSheets(previous),
  ];
  const { sheets: loaded, missing } = await loadFills(context, counter, wanted);
  for (const { name, role } of missing) {
    if (role === "target")
      notes.push({
        code: "marks.sheet-missing",
        sheet: name,
        message: fillText(noteText.sheetMissing[lang], { sheet: name }),
      });
  }
  for (const sheet of loaded)
    if (sheet.conditionalFormats > 0)
      notes.push({
        code: "marks.conditional-format",
        sheet: sheet.name,
        message: fillText(noteText.conditionalFormat[lang], { sheet: sheet.name }),
      });
  // Saved fills of a sheet not found now stay saved, for when it is back under its name.
  const lost = missing.flatMap((w) => (w.saved ? [w.saved] : []));

  // Decide each cell: what to paint, what to give back, what the snapshot keeps.
  const marked: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let restoredCount = 0;
  let kept = 0;
  const next: SnapshotDraft = new Map();
  const interim: SnapshotDraft = new Map();
  const paint = new Map<string, Map<FillKey, Cell[]>>();
  const restore = new Map<string, Map<FillKey, Cell[]>>();
  const worksheetById = new Map<string, Excel.Worksheet>();
  const nameById = new Map<string, string>();
  const currentFill = new Map<string, Map<string, FillKey>>();
  const prior = new Map<string, Map<string, { mark: string; fill: FillKey }>>();
  for (const sheet of loaded) {
    worksheetById.set(sheet.id, sheet.worksheet);
    nameById.set(sheet.id, sheet.name);
    const fills = currentFill.get(sheet.id) ?? new Map<string, FillKey>();
    for (const [k, fill] of sheet.fills) fills.set(k, fill);
    currentFill.set(sheet.id, fills);
    if (sheet.wanted.saved) prior.set(sheet.id, savedCells(sheet.wanted.saved));
  }

  for (const sheet of loaded) {
    const cells = sheet.wanted.role === "target" ? targets.get(sheet.wanted.name) : undefined;
    if (!cells) continue;
    const before = prior.get(sheet.id);
    const fills = currentFill.get(sheet.id) as Map<string, FillKey>;
    const entry = next.get(sheet.id) ?? { name: sheet.name, cells: new Map() };
    next.set(sheet.id, entry);
    const sheetPaint = paint.get(sheet.id) ?? new Map<FillKey, Cell[]>();
    paint.set(sheet.id, sheetPaint);
    for (const [k, { cell, severity }] of cells) {
      const current = fills.get(k) ?? "";
      const earlier = before?.get(k);
      // Still showing our earlier mark: its own fill is the one from before that marking. Our
      // colour with no record of painting it (the saved fills were lost) is never the user's.
      const own = earlier && current === earlier.mark ? earlier.fill : ourColors.has(current) ? "" : current;
      if (earlier && current !== earlier.mark) kept++;
      const mark = markColors[severity];
      entry.cells.set(k, { cell, mark, fill: own });
      push(sheetPaint, mark, cell);
      marked[severity]++;
    }
  }
  // Cells of the earlier marking that are not marked now: back to their own fill, if still ours.
  for (const [id, cells] of prior) {
    const fills = currentFill.get(id) as Map<string, FillKey>;
    const now = next.get(id)?.cells;
    const sheetRestore = restore.get(id) ?? new Map<FillKey, Cell[]>();
    restore.set(id, sheetRestore);
    const carry = interim.get(id) ?? { name: nameById.get(id) ?? id, cells: new Map() };
    interim.set(id, carry);
    for (const [k, { mark, fill }] of cells) {
      if (now?.has(k)) continue;
      const cell = cellFromKey(k);
      if (fills.get(k) === mark) {
        push(sheetRestore, fill, cell);
        carry.cells.set(k, { cell, mark, fill });
        restoredCount++;
      } else kept++;
    }
  }
  notes.push(...keptFillsNote(kept, lang));

  // The snapshot goes first: the cells being given back stay in it until the write has happened.
  const union = new Map(next);
  for (const [id, carry] of interim) {
    const entry = union.get(id);
    if (!entry) union.set(id, carry);
    else union.set(id, { name: entry.name, cells: new Map([...carry.cells, ...entry.cells]) });
  }
  try {
    await writeSnapshot(settings, buildSnapshot(union, lost));
  } catch {
    return refusal("too-large", noteText.tooLarge[lang], counter.count, notes);
  }

  // The last sync: the marks and the give-backs.
  for (const [id, groups] of paint) writeGroups(worksheetById.get(id) as Excel.Worksheet, groups, true);
  for (const [id, groups] of restore) writeGroups(worksheetById.get(id) as Excel.Worksheet, groups, false);
  await counter.sync();
  if (restoredCount > 0) await writeSnapshot(settings, buildSnapshot(next, lost));

  return { ok: true, marked, restored: restoredCount, keptUserFills: kept, notes, syncs: counter.count };
}

async function clearMarksUnguarded(
  context: Excel.RequestContext,
  options: { lang?: Lang } = {},
): Promise<ClearResult | Refusal> {
  const lang = options.lang ?? hostLang();
  const settings = documentSettings();
  if (!supports("mark") || !settings) return unsupported("mark", lang);
  const counter = syncCounter(context);
  const notes: Note[] = [];
  const snapshot = readSnapshot(settings);
  if (!snapshot) return { ok: true, restored: 0, keptUserFills: 0, notes, syncs: 0 };

  // What each marked cell shows now.
  const { sheets, missing } = await loadFills(context, counter, priorSheets(snapshot));
  let restored = 0;
  let kept = 0;
  const writes: { worksheet: Excel.Worksheet; groups: Map<FillKey, Cell[]> }[] = [];
  for (const sheet of sheets) {
    const cells = savedCells(sheet.wanted.saved);
    const groups = new Map<FillKey, Cell[]>();
    for (const [k, fill] of sheet.fills) {
      const entry = cells.get(k);
      if (!entry) continue;
      if (fill === entry.mark) {
        push(groups, entry.fill, cellFromKey(k));
        restored++;
      } else kept++;
    }
    writes.push({ worksheet: sheet.worksheet, groups });
  }
  notes.push(...keptFillsNote(kept, lang));
  for (const { name } of missing)
    notes.push({
      code: "marks.sheet-missing",
      sheet: name,
      message: fillText(noteText.clearSheetMissing[lang], { sheet: name }),
    });

  // The last sync: own fills back; then the snapshot keeps only what could not be given back.
  for (const { worksheet, groups } of writes) writeGroups(worksheet, groups, false);
  if (writes.some((w) => w.groups.size > 0)) await counter.sync();
  const lost = missing.flatMap((w) => (w.saved ? [w.saved] : []));
  await writeSnapshot(settings, lost.length > 0 ? { v: 1, sheets: lost } : null);
  return { ok: true, restored, keptUserFills: kept, notes, syncs: counter.count };
}

/** markFindings, answering a protected sheet or a cell being edited with a refusal in words. */
export const markFindings = guarded(markFindingsUnguarded);

/** clearMarks, answering a protected sheet or a cell being edited with a refusal in words. */
export const clearMarks = guarded(clearMarksUnguarded);
