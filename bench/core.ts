/**
 * Core benchmark (docs/quality.md): validate + score of a 20,000-row list against ExcelJS's read of the
 * same file, and the 14-row canonical list.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { readBook } from "../cli/xlsx.ts";
import { analyzeBook } from "../shared/analyze.ts";
import { starTaskOptions, template } from "../shared/template.ts";

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const stars = starTaskOptions;
const statuses = ["未启动", "推进中", "推进中", "已完成", "已验收"];
const deadlines = ["2023年12月31日前", "每季度", "年底前", "每月", "2023-09-30", "三季度末", "11月底前"];

/**
 * A task list of `rows` projects in the canonical layout, as an .xlsx file in memory. About one
 * row in ten carries a defect (placeholder owner, vague deadline or target, missing evidence),
 * as a real list does before its owners clean it.
 */
export async function generateList(rows: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(template.tasks.name);
  ws.addRow(["县直机关“聚星点亮”示范引领行动重点任务清单"]);
  ws.mergeCells("A1:J1");
  ws.addRow(template.tasks.columns.map((column) => column.header));
  for (let i = 0; i < rows; i++) {
    const status = statuses[i % statuses.length] as string;
    const finished = status === "已完成" || status === "已验收";
    const row = ws.addRow([
      i + 1,
      stars[i % 3],
      `项目${i + 1}`,
      i % 31 === 0 ? "按要求完成" : `完成第${i + 1}项重点工作，形成材料1份`,
      i % 37 === 0 ? "待定" : `责任人${i % 40}`,
      i % 5 === 0
        ? new Date(Date.UTC(2023, 6 + (i % 6), 28))
        : i % 29 === 0
          ? "长期坚持"
          : deadlines[i % deadlines.length],
      status,
      finished ? 1 : status === "推进中" ? (i % 9) / 10 : 0,
      finished && i % 23 !== 0 ? "台账" : "",
      null,
    ]);
    row.getCell(8).numFmt = "0%";
    if (i % 5 === 0) row.getCell(6).numFmt = 'yyyy"年"m"月"d"日"';
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function timeMs(fn: () => unknown, repeat = 1): number {
  const start = performance.now();
  for (let i = 0; i < repeat; i++) fn();
  return (performance.now() - start) / repeat;
}

async function timeAsyncMs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function coreBench(): Promise<Figure[]> {
  const asOf = "2023-06-30";
  const big = await generateList(20_000);
  // Reads and analyses alternate, so a machine that slows down part-way slows both alike; the
  // reader's garbage is collected in between (npm run bench exposes gc), so that neither phase
  // pays for the other's.
  const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const reads: number[] = [];
  const analyses: number[] = [];
  for (let round = 0; round < 3; round++) {
    let book: Awaited<ReturnType<typeof readBook>> | undefined;
    reads.push(await timeAsyncMs(async () => (book = await readBook(big))));
    const loaded = book as NonNullable<typeof book>;
    collectGarbage();
    for (let i = 0; i < 2; i++) analyzeBook(loaded, { asOf }); // warm up the JIT
    for (let i = 0; i < 3; i++) analyses.push(timeMs(() => analyzeBook(loaded, { asOf })));
    collectGarbage();
  }
  const read = median(reads);
  const analyze = median(analyses);

  const canonical = await readBook(
    readFileSync(join(import.meta.dirname, "..", "test", "fixtures", "workbooks", "canonical.xlsx")),
  );
  for (let i = 0; i < 200; i++) analyzeBook(canonical, { asOf }); // warm up the JIT
  const small = timeMs(() => analyzeBook(canonical, { asOf }), 2000);

  return [
    { name: "core.read-20000-rows (ExcelJS)", value: read, unit: "ms" },
    { name: "core.validate-score-20000-rows", value: analyze, unit: "ms" },
    { name: "core.ratio-validate-to-read", value: analyze / read, unit: "ratio", target: "≤ 0.1" },
    { name: "core.validate-score-canonical-14-rows", value: small, unit: "ms", target: "< 1" },
  ];
}
