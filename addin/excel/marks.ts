/**
 * Marking findings in the sheet and taking the marks away again, leaving the user's own fills as
 * they were. Two syncs each, whatever the number of findings:
 *
 *   mark   sync 1  the current fill of every cell to mark (and of cells an earlier marking left);
 *          sync 2  one fill colour per severity, written through RangeAreas in bulk.
 *   clear  sync 1  the current fill of every marked cell;
 *          sync 2  each cell's own fill put back (cells that had none: fill.clear()).
 *
 * The snapshot of the user's fills lives in the document's add-in settings
 * (Office.context.document.settings, key SNAPSHOT_KEY): it is saved with the workbook, survives a
 * pane reload, is invisible to the user and to other readers of the file (a hidden sheet would be
 * read by the command line and every other tool), and costs no sync. It holds sheet ids, cell
 * addresses and colours — never a token. It is saved *before* the marks are written, so a failed
 * write leaves a snapshot that describes cells still in their own fill, which is harmless:
 *
 * A cell is given back its own fill only while it still shows our mark. A cell the user has since
 * painted keeps their paint, both when clearing and when marking again; marking again without
 * clearing keeps the fill from before the first marking, and takes the marks off cells whose
 * findings are gone.
 *
 * Limits: the snapshot is keyed by address, so rows inserted or deleted between Mark and Clear
 * shift the marks away from it (such cells keep the mark colour and can be cleared by hand). Sheets
 * are keyed by id, so renaming a sheet is fine; a sheet deleted meanwhile costs one extra sync to
 * find out which.
 */
import { type Finding, type Lang, type Severity, severityOrder } from "../../shared/findings.ts";
import { areaAddress } from "../../shared/grid.ts";
import { type Cell, cellKey, cellOf, chunkAddresses, compact, expand } from "./addresses.ts";
import { errorCode, type Note, type Refusal, refusal, syncCounter, unsupported } from "./outcome.ts";
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
  tooLarge: {
    "zh-CN": "问题单元格过多，无法保存标注前的填充色，未进行标注。请先修正部分问题后再标注。",
    en: "Too many cells to mark: their own fills could not be saved, so nothing was marked. Fix some findings first.",
  },
} satisfies Record<string, Record<Lang, string>>;

interface WantedSheet {
  /** Name (for findings) or id (for a snapshot) to find the sheet by. */
  key: string;
  name: string;
  /** Whether the cells are to be marked now or were marked before. */
  role: "target" | "prior";
  cells: Cell[];
}

/** One sheet's cells with their loaded fill proxies. */
interface LoadedSheet {
  id: string | null;
  name: string;
  role: WantedSheet["role"];
  worksheet: Excel.Worksheet;
  cells: Map<string, { cell: Cell; fill: Excel.RangeFill }>;
}

function fillKey(fill: Excel.RangeFill): FillKey {
  const pattern = fill.pattern as string | null;
  if (pattern === "None") return "";
  const color = (fill.color ?? "").toUpperCase();
  if (pattern === "Solid" || pattern === null) return color;
  return `${color}|${pattern}|${(fill.patternColor ?? "").toUpperCase()}`;
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

/** Queues a fill load for every cell, finding sheets by name (findings) or id (snapshot). */
function queueFillLoads(context: Excel.RequestContext, wanted: WantedSheet[]): LoadedSheet[] {
  return wanted.map(({ key, name, role, cells }) => {
    const worksheet = context.workbook.worksheets.getItem(key);
    worksheet.load("id,name");
    const loaded = new Map<string, { cell: Cell; fill: Excel.RangeFill }>();
    for (const cell of cells) {
      const k = cellKey(cell);
      if (loaded.has(k)) continue;
      const fill = worksheet.getCell(cell.row, cell.col).format.fill;
      fill.load("color,pattern,patternColor");
      loaded.set(k, { cell, fill });
    }
    return { id: null, name, role, worksheet, cells: loaded };
  });
}

/**
 * Sync 1 of mark and clear. When a sheet has gone, the batch fails with ItemNotFound; one more sync
 * learns which sheets exist, and the loads are repeated for those.
 */
async function loadFills(
  context: Excel.RequestContext,
  counter: ReturnType<typeof syncCounter>,
  wanted: WantedSheet[],
): Promise<{ sheets: LoadedSheet[]; missing: string[] }> {
  let sheets = queueFillLoads(context, wanted);
  let missing: string[] = [];
  try {
    await counter.sync();
  } catch (error) {
    if (errorCode(error) !== "ItemNotFound") throw error;
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/id,items/name");
    await counter.sync();
    const present = new Set(worksheets.items.flatMap((ws) => [ws.id, ws.name.toLowerCase()]));
    const exists = (key: string) => present.has(key) || present.has(key.toLowerCase());
    missing = wanted.filter((w) => !exists(w.key)).map((w) => w.name);
    const remaining = wanted.filter((w) => exists(w.key));
    sheets = queueFillLoads(context, remaining);
    if (remaining.length > 0) await counter.sync();
  }
  for (const sheet of sheets) sheet.id = sheet.worksheet.id;
  return { sheets, missing };
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

function snapshotIndex(
  snapshot: MarkSnapshot | null,
): Map<string, Map<string, { mark: string; fill: FillKey }>> {
  const index = new Map<string, Map<string, { mark: string; fill: FillKey }>>();
  for (const sheet of snapshot?.sheets ?? []) {
    const cells = new Map<string, { mark: string; fill: FillKey }>();
    for (const group of sheet.groups)
      for (const cell of expand(group.cells))
        cells.set(cellKey(cell), { mark: group.mark, fill: group.fill });
    index.set(sheet.id, cells);
  }
  return index;
}

/** A snapshot being put together: sheet id → its name and its cells (by cellKey). */
type SnapshotDraft = Map<
  string,
  { name: string; cells: Map<string, { cell: Cell; mark: string; fill: FillKey }> }
>;

function buildSnapshot(entries: SnapshotDraft): MarkSnapshot {
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
  return { v: 1, sheets };
}

function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

// ----------------------------------------------------------------------------------------------

export async function markFindings(
  context: Excel.RequestContext,
  findings: readonly Finding[],
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
  const prior = snapshotIndex(previous);
  // Sync 1: fills of the cells to mark (by sheet name) and of the earlier marking (by sheet id).
  const wanted: WantedSheet[] = [
    ...[...targets].map(([name, cells]) => ({
      key: name,
      name,
      role: "target" as const,
      cells: [...cells.values()].map((t) => t.cell),
    })),
    ...(previous?.sheets ?? []).map((s) => ({
      key: s.id,
      name: s.name,
      role: "prior" as const,
      cells: s.groups.flatMap((g) => expand(g.cells)),
    })),
  ];
  const { sheets: loaded, missing } = await loadFills(context, counter, wanted);
  for (const name of missing) {
    if (targets.has(name))
      notes.push({
        code: "marks.sheet-missing",
        sheet: name,
        message: fillText(noteText.sheetMissing[lang], { sheet: name }),
      });
  }

  // Decide each cell: what to paint, what to give back, what the snapshot keeps.
  const marked: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let restoredCount = 0;
  let kept = 0;
  const next: SnapshotDraft = new Map();
  const interim: SnapshotDraft = new Map();
  const paint = new Map<string, Map<FillKey, Cell[]>>();
  const restore = new Map<string, Map<FillKey, Cell[]>>();
  const worksheetById = new Map<string, Excel.Worksheet>();
  const currentFill = new Map<string, Map<string, FillKey>>();
  for (const sheet of loaded) {
    const id = sheet.id as string;
    worksheetById.set(id, sheet.worksheet);
    const fills = currentFill.get(id) ?? new Map<string, FillKey>();
    for (const [k, { fill }] of sheet.cells) fills.set(k, fillKey(fill));
    currentFill.set(id, fills);
  }
  const sheetName = new Map(loaded.map((s) => [s.id as string, s.worksheet.name]));

  for (const sheet of loaded) {
    const cells = sheet.role === "target" ? targets.get(sheet.name) : undefined;
    if (!cells || sheet.id === null) continue;
    const id = sheet.id;
    const before = prior.get(id);
    const fills = currentFill.get(id) as Map<string, FillKey>;
    const entry = next.get(id) ?? { name: sheetName.get(id) ?? sheet.name, cells: new Map() };
    next.set(id, entry);
    const sheetPaint = paint.get(id) ?? new Map<FillKey, Cell[]>();
    paint.set(id, sheetPaint);
    for (const [k, { cell, severity }] of cells) {
      const current = fills.get(k) ?? "";
      const earlier = before?.get(k);
      // Still showing our earlier mark: its own fill is the one from before that marking.
      const own = earlier && current === earlier.mark ? earlier.fill : current;
      if (earlier && current !== earlier.mark) kept++;
      const mark = markColors[severity];
      entry.cells.set(k, { cell, mark, fill: own });
      push(sheetPaint, mark, cell);
      marked[severity]++;
    }
  }
  // Cells of the earlier marking that are not marked now: back to their own fill, if still ours.
  for (const [id, cells] of prior) {
    const fills = currentFill.get(id);
    if (!fills) continue; // the sheet is gone
    const now = next.get(id)?.cells;
    const sheetRestore = restore.get(id) ?? new Map<FillKey, Cell[]>();
    restore.set(id, sheetRestore);
    const carry = interim.get(id) ?? { name: sheetName.get(id) ?? id, cells: new Map() };
    interim.set(id, carry);
    for (const [k, { mark, fill }] of cells) {
      if (now?.has(k)) continue;
      const [row = 0, col = 0] = k.split(",").map(Number);
      if (fills.get(k) === mark) {
        push(sheetRestore, fill, { row, col });
        carry.cells.set(k, { cell: { row, col }, mark, fill });
        restoredCount++;
      } else kept++;
    }
  }
  if (kept > 0)
    notes.push({
      code: "marks.kept-user-fill",
      sheet: null,
      message: fillText(noteText.keptUserFill[lang], { n: kept }),
    });

  // The snapshot goes first: the cells being given back stay in it until the write has happened.
  const union = new Map(next);
  for (const [id, carry] of interim) {
    const entry = union.get(id);
    if (!entry) union.set(id, carry);
    else union.set(id, { name: entry.name, cells: new Map([...carry.cells, ...entry.cells]) });
  }
  try {
    await writeSnapshot(settings, buildSnapshot(union));
  } catch {
    return refusal("too-large", noteText.tooLarge[lang], counter.count, notes);
  }

  // Sync 2: the marks and the give-backs.
  for (const [id, groups] of paint) writeGroups(worksheetById.get(id) as Excel.Worksheet, groups, true);
  for (const [id, groups] of restore) writeGroups(worksheetById.get(id) as Excel.Worksheet, groups, false);
  await counter.sync();
  if (restoredCount > 0) await writeSnapshot(settings, buildSnapshot(next));

  return { ok: true, marked, restored: restoredCount, keptUserFills: kept, notes, syncs: counter.count };
}

export async function clearMarks(
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

  // Sync 1: what each marked cell shows now.
  const prior = snapshotIndex(snapshot);
  const { sheets } = await loadFills(
    context,
    counter,
    snapshot.sheets.map((s) => ({
      key: s.id,
      name: s.name,
      role: "prior" as const,
      cells: s.groups.flatMap((g) => expand(g.cells)),
    })),
  );
  let restored = 0;
  let kept = 0;
  const writes: { worksheet: Excel.Worksheet; groups: Map<FillKey, Cell[]> }[] = [];
  for (const sheet of sheets) {
    const cells = prior.get(sheet.id as string);
    if (!cells) continue;
    const groups = new Map<FillKey, Cell[]>();
    for (const [k, { cell, fill }] of sheet.cells) {
      const entry = cells.get(k);
      if (!entry) continue;
      if (fillKey(fill) === entry.mark) {
        push(groups, entry.fill, cell);
        restored++;
      } else kept++;
    }
    writes.push({ worksheet: sheet.worksheet, groups });
  }
  if (kept > 0)
    notes.push({
      code: "marks.kept-user-fill",
      sheet: null,
      message: fillText(noteText.keptUserFill[lang], { n: kept }),
    });

  // Sync 2: own fills back; then the snapshot goes.
  for (const { worksheet, groups } of writes) writeGroups(worksheet, groups, false);
  if (writes.some((w) => w.groups.size > 0)) await counter.sync();
  await writeSnapshot(settings, null);
  return { ok: true, restored, keptUserFills: kept, notes, syncs: counter.count };
}
