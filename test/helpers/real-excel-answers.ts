/**
 * Answers recorded in a real Excel by the Script Lab snippet of docs/real-excel.md (or, in
 * documented.json, what Microsoft's documentation and issue tracker say), turned into options for
 * the simulated host, so the adapter suite can be run against what each Excel actually answered.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FakeHostOptions } from "./fake-office/index.ts";

export interface FillAnswer {
  color: string | null;
  pattern: string | null;
  patternColor?: string | null;
  tintAndShade?: number | null;
}

interface Outcome {
  outcome: "ok" | "error" | "null";
  code: string | null;
}

export interface RealExcelAnswers {
  source: string;
  excel: { version: string; platform: string };
  fills: { noFill: FillAnswer; solidWhite?: FillAnswer } & Record<string, FillAnswer | undefined>;
  sheetIds: { changedOnReopen: boolean };
  mergedAreas513: Outcome;
  read20000x12: Outcome;
  mark20000: Outcome;
}

export const REAL_EXCEL_DIR = join(import.meta.dirname, "../fixtures/real-excel");

export function realExcelAnswers(): { file: string; answers: RealExcelAnswers }[] {
  return readdirSync(REAL_EXCEL_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => ({ file, answers: JSON.parse(readFileSync(join(REAL_EXCEL_DIR, file), "utf8")) }));
}

/** The simulated host answering as that Excel did. */
export function hostOptionsFrom(answers: RealExcelAnswers): FakeHostOptions {
  const read = answers.read20000x12;
  return {
    noFillPattern: answers.fills.noFill.pattern,
    mergedAreaOverflow: answers.mergedAreas513.outcome === "null" ? "null" : "throw",
    // A 240,000-cell read that failed or came back empty: anything that large answers so.
    oversizedRead:
      read.outcome === "ok"
        ? null
        : { cells: 20_000 * 12 - 1, answer: read.outcome === "null" ? "null" : "GeneralException" },
  };
}
