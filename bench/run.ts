/** `npm run bench`: every benchmark in one run; prints the figures and writes bench/results.json. */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { coreBench, type Figure } from "./core.ts";
import { serverBench } from "./server.ts";

const suites: Record<string, () => Promise<Figure[]>> = { core: coreBench, server: serverBench };

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

const results = {
  date: new Date().toISOString(),
  machine: {
    cores: availableParallelism(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  },
  figures,
};
writeFileSync(join(import.meta.dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
