/** `npm run bench`: every benchmark in one run; prints the figures and writes bench/results.json. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { coreBench, type Figure } from "./core.ts";
import { excelBench } from "./excel.ts";
import { judgesBench } from "./judges.ts";
import { loadBench, robustBench } from "./load.ts";
import { readerBench } from "./reader.ts";
import { serverBench } from "./server.ts";

/** Results beyond the figure list, by suite: `excel` keeps its cases as an object. */
const sections: Record<string, unknown> = {};

const suites: Record<string, () => Promise<Figure[]>> = {
  core: coreBench,
  server: serverBench,
  load: loadBench,
  robust: robustBench,
  reader: readerBench,
  judges: judgesBench,
  async excel() {
    const { figures, excel } = await excelBench();
    sections.excel = excel;
    return figures;
  },
};

const only = process.argv.slice(2);
const figures: Figure[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  for (const figure of await run()) {
    figures.push(figure);
    const value = figure.value < 10 ? figure.value.toFixed(4) : figure.value.toFixed(1);
    console.log(
      `${figure.name.padEnd(44)} ${value.padStart(12)} ${figure.unit.padEnd(8)} ${figure.target ?? ""}`,
    );
  }
}

// A run of some suites keeps the other suites' last figures (each figure says when it was taken).
const file = join(import.meta.dirname, "results.json");
const taken = new Date().toISOString();
const fresh = figures.map((figure) => ({ ...figure, taken }));
const previous = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
const earlier: (Figure & { taken?: string })[] = previous.figures ?? [];
const names = new Set(fresh.map((f) => f.name));
const results = {
  date: taken,
  machine: {
    cores: availableParallelism(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  },
  figures: [...earlier.filter((f) => !names.has(f.name)), ...fresh],
  // The Excel cases (syncs, largest request and response in bytes), kept from the last excel run.
  excel: sections.excel ? { taken, cases: sections.excel } : previous.excel,
};
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
