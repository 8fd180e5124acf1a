/** The command line as a user runs it: exit statuses, pure JSON on stdout, no stack traces. */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { workbooksDir } from "../helpers/fixtures.ts";

const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "juxing-cli-"));

async function juxing(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)("node", [join(root, "bin", "juxing.js"), ...args], {
      cwd: root,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const canonical = join(workbooksDir, "canonical.xlsx");
const findingKeys = ["code", "severity", "sheet", "cell", "row", "column", "value", "params"];
const broken: [string, Buffer, string][] = [
  ["empty.xlsx", Buffer.alloc(0), "file.empty"],
  ["truncated.xlsx", readFileSync(canonical).subarray(0, 4000), "file.unreadable"],
  ["notzip.xlsx", Buffer.from("序号,项目名称\n1,学习\n"), "file.not-xlsx"],
  [
    "old.xls",
    Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
    "file.legacy-xls",
  ],
];

describe("juxing validate", () => {
  it.each(broken)("gives %s ok:false with its code and exit status 2", async (name, bytes, code) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const result = await juxing("validate", file, "--json");
    expect(result.code).toBe(2);
    const json = JSON.parse(result.stdout);
    expect(json.files[0]).toMatchObject({ file, ok: false, error: { code } });
    expect(json.files[0].error.message.length).toBeGreaterThan(10);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("exits 1 when a file has an error-severity finding, 2 wins over 1", async () => {
    const messy = join(workbooksDir, "messy.xlsx");
    expect((await juxing("validate", messy, "--as-of", "2023-09-30", "--json")).code).toBe(1);
    expect((await juxing("validate", messy, join(dir, "missing.xlsx"), "--json")).code).toBe(2);
    expect((await juxing("validate", canonical, "--as-of", "2023-06-30")).code).toBe(0);
  });

  it("prints findings with cell addresses in the chosen language", async () => {
    const result = await juxing(
      "validate",
      join(workbooksDir, "messy.xlsx"),
      "--as-of",
      "2023-09-30",
      "--lang",
      "en",
    );
    expect(result.stdout).toContain("任务清单!E6");
    expect(result.stdout).toContain("No owner: every project needs a named responsible person.");
  });

  it("--json findings are data with params, their message rendered in --lang", async () => {
    const messy = join(workbooksDir, "messy.xlsx");
    const findingsIn = async (lang: string) =>
      JSON.parse((await juxing("validate", messy, "--as-of", "2023-09-30", "--json", "--lang", lang)).stdout)
        .files[0].findings as { code: string; params: object; message: string }[];
    const [en, zh] = [await findingsIn("en"), await findingsIn("zh-CN")];
    for (const f of en) expect(Object.keys(f)).toEqual([...findingKeys, "message"]);
    const overdue = en.find((f) => f.code === "deadline.overdue");
    expect(overdue?.params).toEqual({ date: "2023-08-31", asOf: "2023-09-30" });
    expect(overdue?.message).toBe("Due 2023-08-31, before the as-of date 2023-09-30, and not yet done.");
    expect(zh.find((f) => f.code === "deadline.overdue")?.message).toBe(
      "时间节点 2023-08-31 已过（校验日期 2023-09-30），项目尚未完成。",
    );
    // The same findings either way: only the message follows the reader.
    expect(zh.map(({ message: _, ...data }) => data)).toEqual(en.map(({ message: _, ...data }) => data));
  });

  it("scores with a rubric file and rejects a bad one with a clear message", async () => {
    const rubric = join(dir, "rubric.json");
    writeFileSync(rubric, JSON.stringify({ landmark: { points: 0 }, projects: { points: 90 } }));
    const good = JSON.parse(
      (await juxing("validate", canonical, "--as-of", "2023-06-30", "--json", "--rubric", rubric)).stdout,
    );
    expect(good.files[0].score.max).toBe(100);
    expect(good.files[0].score.byCategory.landmark).toBe(0);
    writeFileSync(rubric, JSON.stringify({ projects: { delivery: 7 } }));
    const bad = await juxing("validate", canonical, "--rubric", rubric);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("projects.delivery");
  });

  it("refuses a malformed --as-of", async () => {
    const result = await juxing("validate", canonical, "--as-of", "2023-02-30");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--as-of");
  });
});

describe("juxing validate DIR (the office's folder of emailed lists)", () => {
  it("prints every file's details, then the summary ranked by score, saves it as CSV; 2 wins", async () => {
    const folder = mkdtempSync(join(tmpdir(), "juxing-folder-"));
    for (const name of ["canonical", "messy", "traditional"]) {
      mkdirSync(join(folder, name === "messy" ? "六月" : "."), { recursive: true });
      copyFileSync(
        join(workbooksDir, `${name}.xlsx`),
        join(folder, name === "messy" ? "六月" : ".", `${name}.xlsx`),
      );
    }
    writeFileSync(join(folder, "broken.xlsx"), readFileSync(canonical).subarray(0, 4000));
    // Excel's lock file beside an open workbook, and a note: neither is a list.
    writeFileSync(join(folder, "~$canonical.xlsx"), Buffer.alloc(165));
    writeFileSync(join(folder, "说明.txt"), "六月清单");
    const csv = join(folder, "汇总.csv");

    const result = await juxing("validate", folder, "--as-of", "2023-09-30", "--lang", "en", "--csv", csv);
    expect(result.code).toBe(2);
    const out = result.stdout;
    const files = ["broken.xlsx", "canonical.xlsx", "traditional.xlsx", join("六月", "messy.xlsx")].map((f) =>
      join(folder, f),
    );
    // Details first, in path order, each under its file name.
    const details = files.map((f) => out.indexOf(`${f}\n`));
    expect(details.every((at) => at >= 0)).toBe(true);
    expect(out).not.toContain("~$canonical");
    const summaryAt = out.indexOf("Summary (ranked by score)");
    expect(summaryAt).toBeGreaterThan(Math.max(...details));
    const summary = out
      .slice(summaryAt)
      .split("\n")
      .slice(2)
      .filter((line) => line.trim());
    const order = ["canonical.xlsx", "traditional.xlsx", "messy.xlsx", "broken.xlsx"];
    expect(summary.map((line) => order.find((f) => line.includes(f)))).toEqual(order);
    expect(summary[0]).toMatch(/^\s*1\s.*县财政局机关党支部\s+2023-06\s+68\.80\s+★★\s+0\s+\d+$/);
    expect(summary[3]).toMatch(/^\s*—\s.*cannot read \(file\.unreadable\)/);

    const saved = readFileSync(csv, "utf8");
    expect(saved.startsWith("\uFEFFRank,File,Branch,Period,Score,Stars,Errors,Warnings\r\n")).toBe(true);
    const rows = saved.trim().split("\r\n").slice(1);
    expect(rows.map((row) => order.find((f) => row.includes(f)))).toEqual(order);
    expect(rows[0]).toContain(",县财政局机关党支部,2023-06,68.8,★★,0,");
  });

  it("says so when a folder holds no workbook", async () => {
    const empty = mkdtempSync(join(tmpdir(), "juxing-empty-"));
    const result = await juxing("validate", empty);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no .xlsx files");
  });
});

describe("juxing template", () => {
  it("writes a workbook that validates with no error and scores 0 without NaN", async () => {
    const out = join(dir, "模板.xlsx");
    expect((await juxing("template", out)).code).toBe(0);
    const result = await juxing("validate", out, "--as-of", "2023-06-30", "--json");
    expect(result.code).toBe(0);
    const [file] = JSON.parse(result.stdout).files;
    expect(file.findings.filter((f: { severity: string }) => f.severity === "error")).toEqual([]);
    expect(file.table.sheet).toBe("重点任务清单");
    expect(file.projects).toBe(0);
    expect(file.score.total).toBe(0);
    expect(Object.values(file.score.byCategory)).toEqual([0, 0, 0, 0, 0]);
    expect(file.score.clarityRate).toBe(0);
  });
});
