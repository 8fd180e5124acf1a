/**
 * `npm run bench -- reader` (issue 16): what a branch waits for — whole processes, as a user runs
 * them — for the 14-row canonical list and a 20,000-row one: `juxing validate`, against a plain
 * read of the same file by ExcelJS (the reader it replaced) and by openpyxl (another reader, the
 * yardstick; /usr/bin/python3 with python3-openpyxl, left out when absent), and Node's own start.
 * Runs are paired — each round runs every command once, in turn — so a machine that slows down
 * part-way slows all alike; medians are reported with the load average, as the machine is shared.
 * In-process read times of both readers follow.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { readWorkbook } from "../cli/read-workbook.ts";
import { readBook } from "../cli/xlsx.ts";
import type { Figure } from "./core.ts";
import { generateList } from "./core.ts";

const root = join(import.meta.dirname, "..");
const rounds = Number(process.env.BENCH_ROUNDS ?? 11);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function wallMs(command: string, args: string[]): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - started;
  // validate exits 1 for a list with error findings: only a crash or refusal spoils a figure.
  if (run.status === null || run.status > 1) throw new Error(`${command} ${args.join(" ")}: ${run.stderr}`);
  return ms;
}

/** A Python with openpyxl, or undefined. */
function openpyxlPython(): string | undefined {
  for (const python of ["/usr/bin/python3", "python3"]) {
    try {
      execFileSync(python, ["-c", "import openpyxl"], { stdio: "ignore" });
      return python;
    } catch {
      // try the next
    }
  }
  return undefined;
}

interface Contender {
  name: string;
  command: string;
  args: (file: string) => string[];
}

function contenders(python: string | undefined): Contender[] {
  const list: Contender[] = [
    { name: "node-startup", command: process.execPath, args: () => ["-e", "0"] },
    {
      name: "juxing-validate",
      command: process.execPath,
      args: (file) => [join(root, "bin", "juxing.js"), "validate", file, "--as-of", "2023-06-30"],
    },
    {
      name: "exceljs-read",
      command: process.execPath,
      args: (file) => [
        "--input-type=module",
        "-e",
        `import E from "exceljs"; await new E.Workbook().xlsx.readFile(${JSON.stringify(file)});`,
      ],
    },
  ];
  if (python)
    list.push({
      name: "openpyxl-read",
      command: python,
      // read_only is openpyxl's streaming mode: its fastest plain read of every cell.
      args: (file) => [
        "-c",
        "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1], read_only=True)\nfor ws in wb.worksheets:\n  for row in ws.iter_rows(values_only=True): pass",
        file,
      ],
    });
  return list;
}

function wholeProcess(label: string, file: string, python: string | undefined): Record<string, number> {
  const all = contenders(python);
  for (const c of all) wallMs(c.command, c.args(file)); // warm the disk cache and V8's compile cache
  const times: Record<string, number[]> = Object.fromEntries(all.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate who goes first, so no contender always runs right after the same one.
    for (let i = 0; i < all.length; i++) {
      const c = all[(round + i) % all.length] as Contender;
      times[c.name]?.push(wallMs(c.command, c.args(file)));
    }
  }
  const medians = Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, median(ms)]));
  process.stderr.write(`bench: reader ${label}: ${JSON.stringify(medians)}\n`);
  return medians;
}

function inProcessMs(read: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    read();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function inProcessAsyncMs(read: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await read();
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function readerBench(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), "juxing-reader-bench-"));
  const canonical = join(root, "test", "fixtures", "workbooks", "canonical.xlsx");
  const big = join(dir, "list-20000.xlsx");
  writeFileSync(big, await generateList(20_000));
  const python = openpyxlPython();
  const load = loadavg()[0] ?? 0;

  const small = wholeProcess("canonical", canonical, python);
  const large = wholeProcess("20000 rows", big, python);
  const loadAfter = loadavg()[0] ?? 0;

  const bigBytes = readFileSync(big);
  const streaming = inProcessMs(() => readWorkbook(bigBytes));
  const excelJs = await inProcessAsyncMs(() => readBook(bigBytes));

  const figures: Figure[] = [
    { name: "reader.load-average-1min", value: (load + loadAfter) / 2, unit: "procs", target: "2 cores" },
    { name: "reader.node-startup", value: small["node-startup"] as number, unit: "ms" },
    {
      name: "reader.validate-canonical (process)",
      value: small["juxing-validate"] as number,
      unit: "ms",
      target: "≤ 150",
    },
    { name: "reader.exceljs-read-canonical (process)", value: small["exceljs-read"] as number, unit: "ms" },
    {
      name: "reader.validate-20000-rows (process)",
      value: large["juxing-validate"] as number,
      unit: "ms",
    },
    { name: "reader.exceljs-read-20000-rows (process)", value: large["exceljs-read"] as number, unit: "ms" },
    {
      name: "reader.ratio-validate-to-exceljs-20000",
      value: (large["juxing-validate"] as number) / (large["exceljs-read"] as number),
      unit: "ratio",
      target: "≤ 0.5",
    },
    { name: "reader.streaming-read-20000-rows (in process)", value: streaming, unit: "ms" },
    { name: "reader.exceljs-read-20000-rows (in process)", value: excelJs, unit: "ms" },
  ];
  if (python) {
    figures.push(
      {
        name: "reader.openpyxl-read-canonical (process)",
        value: small["openpyxl-read"] as number,
        unit: "ms",
      },
      {
        name: "reader.openpyxl-read-20000-rows (process)",
        value: large["openpyxl-read"] as number,
        unit: "ms",
      },
      {
        name: "reader.ratio-validate-to-openpyxl-20000",
        value: (large["juxing-validate"] as number) / (large["openpyxl-read"] as number),
        unit: "ratio",
        target: "≤ 1",
      },
    );
  }
  return figures;
}
