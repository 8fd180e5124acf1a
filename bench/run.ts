/** `npm run bench`: every benchmark in one run; prints the figures and writes bench/results.json. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { coreBench, type Figure } from "./core.ts";
import { loadBench, robustBench } from "./load.ts";
import { serverBench } from "./server.ts";

const suites: Record<string, () => Promise<Figure[]>> = {
  core: coreBench,
  server: serverBench,
  load: loadBench,
  robust: robustBench,
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
const earlier: (Figure & { taken?: string })[] = existsSync(file)
  ? (JSON.parse(readFileSync(file, "utf8")).figures ?? [])
  : [];
const names = new Set(fresh.map((f) => f.name));
const results = {
  date: taken,
  machine: {
    cores: availableParallelism(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  },
  figures: [...earlier.filter((f) => !names.has(f.name)), ...fresh],
};
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
