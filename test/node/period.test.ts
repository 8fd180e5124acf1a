/**
 * The one period rule (shared/period.ts): the task pane and the command line both call it, so for
 * the same workbook and day they send the same period and as-of. The table holds the cases where
 * they used to disagree (a June list synced on August 15 was June for `juxing sync` and August for
 * the pane) and the edges of the server's window.
 */
import { describe, expect, it } from "vitest";
import { submissionPeriod } from "../../shared/period.ts";
import { asOfAllowed } from "../../shared/submission.ts";

const table: [chosen: string | null, workbook: string | null, today: string, period: string, asOf: string][] =
  [
    // The workbook's month, sent after it: that month, judged as at its last day.
    [null, "2023-06", "2023-08-15", "2023-06", "2023-06-30"],
    [null, "2023-06", "2023-07-05", "2023-06", "2023-06-30"],
    [null, "2023-09", "2026-11-27", "2023-09", "2023-09-30"],
    // Sent while the month runs: judged as of today.
    [null, "2026-11", "2026-11-27", "2026-11", "2026-11-27"],
    [null, "2024-02", "2024-02-29", "2024-02", "2024-02-29"],
    // The user's choice wins over the workbook.
    ["2023-06", "2023-09", "2026-11-27", "2023-06", "2023-06-30"],
    ["2026-11", "2026-10", "2026-11-05", "2026-11", "2026-11-05"],
    // No period anywhere: the month of today.
    [null, null, "2026-11-27", "2026-11", "2026-11-27"],
    ["", null, "2024-01-01", "2024-01", "2024-01-01"],
    // A month not yet begun keeps its period; the server refuses it and says why.
    [null, "2026-12", "2026-11-27", "2026-12", "2026-11-27"],
  ];

describe("submissionPeriod", () => {
  it.each(table)("chosen %s, workbook %s, on %s → %s as of %s", (chosen, workbook, today, period, asOf) => {
    expect(submissionPeriod({ chosen, workbook, today })).toEqual({ period, asOf });
  });

  it("gives an as-of the server accepts for every period that has begun", () => {
    for (const [chosen, workbook, today] of table) {
      const result = submissionPeriod({ chosen, workbook, today });
      if (`${result.period}-01` <= today) expect(asOfAllowed(result.period, result.asOf, today)).toBe(true);
      else expect(asOfAllowed(result.period, result.asOf, today)).toBe(false);
    }
  });
});
