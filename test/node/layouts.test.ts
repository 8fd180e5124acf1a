/** Layouts the fixtures do not show: the core must find the table in each without configuration. */

import { describe, expect, it } from "vitest";
import { analyzeBook } from "../../shared/analyze.ts";
import { renderFinding } from "../../shared/findings.ts";
import type { Area, Book, CellValue } from "../../shared/grid.ts";
import { type BranchInfo, infoFromLine } from "../../shared/info.ts";
import { activityFields, type FieldSpec, landmarkFields, taskFields } from "../../shared/lexicon.ts";
import { normalizeText } from "../../shared/text.ts";

const asOf = "2023-06-30";
const row = (category: string | null, name: string, owner = "王建华") =>
  [
    category,
    name,
    "组织党员参加专题学习1次以上",
    owner,
    "2023年12月底前",
    "推进中",
    "50%",
    null,
  ] as CellValue[];

function book(values: CellValue[][], merges: Area[] = [], name = "Sheet1"): Book {
  return { sheets: [{ name, values, merges }] };
}

function codes(b: Book) {
  return analyzeBook(b, { asOf }).findings.map((f) => `${f.code}@${f.cell ?? "-"}`);
}

describe("headers", () => {
  it("has every synonym and key written as labels are compared: normalized, never empty", () => {
    // A label is normalized before it meets the words; a word in any other form could never match.
    for (const fields of [taskFields, activityFields, landmarkFields]) {
      for (const spec of Object.values(fields) as FieldSpec[]) {
        for (const word of [...spec.synonyms, ...spec.keys]) {
          expect(word).not.toBe("");
          expect(normalizeText(word)).toBe(word);
        }
      }
    }
  });

  it("reads English headers", () => {
    const r = analyzeBook(
      book([
        ["Star", "Project", "Target", "Owner", "Deadline", "Status", "Progress %", "Evidence"],
        row("Model star", "Study"),
      ]),
      { asOf },
    );
    expect(r.table?.columns).toMatchObject({
      name: { column: "B" },
      owner: { column: "D" },
      deadline: { column: "E" },
      progress: { column: "G" },
    });
    expect(r.projects).toHaveLength(1);
    expect(r.projects[0]?.category).toBe("model");
  });

  it("falls back to key characters for labels no list names", () => {
    const r = analyzeBook(
      book([
        ["类别", "工作任务", "主要目标", "责任人（科室）", "完成时限要求"],
        ["模范星", "学习", "每月学习1次形成记录", "李红梅", "每月"],
      ]),
      { asOf },
    );
    expect(r.table?.columns).toMatchObject({
      name: { column: "B" },
      target: { column: "C" },
      owner: { column: "D" },
      deadline: { column: "E" },
    });
    expect(r.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("reports a missing required column and a duplicate one", () => {
    const found = codes(
      book([
        ["项目名称", "目标任务", "负责人", "责任人"],
        ["学习", "每月学习1次形成记录", "李红梅", "王建华"],
      ]),
    );
    expect(found).toContain("column.missing@-");
    expect(found).toContain("column.duplicate@D1");
  });

  it("says so when no sheet holds a task table", () => {
    expect(
      codes(
        book([
          ["姓名", "电话"],
          ["张敏", "123"],
        ]),
      ),
    ).toContain("sheet.task-table-missing@-");
  });

  it("takes the best sheet, not the first", () => {
    const b: Book = {
      sheets: [
        { name: "说明", values: [["填表说明"], ["请按模板填写"]], merges: [] },
        {
          name: "清单",
          values: [
            ["项目名称", "目标任务", "责任人", "时间节点"],
            ["学习", "每月学习1次形成记录", "李红梅", "每月"],
          ],
          merges: [],
        },
      ],
    };
    expect(analyzeBook(b, { asOf }).table?.sheet).toBe("清单");
  });

  it("reads a two-level header written without vertical merges", () => {
    const values: CellValue[][] = [
      ["星级任务", "项目名称", "目标任务", "责任人", "时间节点", "完成情况", null, null],
      [null, null, null, null, null, "推进情况", "完成比例", "证明材料"],
      row("创建“模范星”", "学习"),
    ];
    const r = analyzeBook(book(values, [{ top: 0, left: 5, bottom: 0, right: 7 }]), { asOf });
    expect(r.table?.headerRows).toEqual([1, 2]);
    expect(r.table?.columns).toMatchObject({
      status: { column: "F" },
      progress: { column: "G" },
      evidence: { column: "H" },
    });
  });
});

describe("rows", () => {
  const header = [
    "星级任务",
    "项目名称",
    "目标任务",
    "责任人",
    "时间节点",
    "完成情况",
    "完成进度",
    "佐证材料",
  ];

  it("carries a blank category down and skips blank, note and total rows", () => {
    const values: CellValue[][] = [
      header,
      row("选树“服务星”", "A"),
      row(null, "B"),
      [],
      row(null, "C"),
      ["合计", null, "3项"],
      ["注：进度按百分比填写"],
    ];
    const r = analyzeBook(book(values), { asOf });
    expect(r.projects.map((p) => [p.name, p.category])).toEqual([
      ["A", "service"],
      ["B", "service"],
      ["C", "service"],
    ]);
  });

  it("takes a merged section heading as the category of the rows under it", () => {
    const values: CellValue[][] = [
      ["项目名称", "目标任务", "责任人", "时间节点", "完成情况"],
      ["一、锻造“先锋星”"],
      ["比武", "组织技能比武1次以上", "赵志刚", "每季度", "推进中"],
    ];
    const r = analyzeBook(book(values, [{ top: 1, left: 0, bottom: 1, right: 4 }]), { asOf });
    expect(r.projects).toHaveLength(1);
    expect(r.projects[0]?.category).toBe("vanguard");
  });

  it("puts an unknown category finding on the top-left of its merge, once", () => {
    const values: CellValue[][] = [header, row("先进星", "A"), row(null, "B"), row(null, "C")];
    const found = codes(book(values, [{ top: 1, left: 0, bottom: 3, right: 0 }]));
    expect(found.filter((c) => c.startsWith("category.unknown"))).toEqual(["category.unknown@A2"]);
  });
});

describe("branch and period", () => {
  const cases: [string, Partial<BranchInfo>][] = [
    [
      "填报单位：县财政局机关党支部　　填报时间：2023年6月30日",
      { name: "县财政局机关党支部", period: "2023-06" },
    ],
    [
      "报送单位：县交通运输局机关党支部（盖章）  报送时间：2023年5月",
      { name: "县交通运输局机关党支部", period: "2023-05" },
    ],
    ["单位（盖章）：县农业农村局机关党支部", { name: "县农业农村局机关党支部", period: null }],
    [
      "填報單位：縣公安局機關黨支部　填報時間：2023年6月30日",
      { name: "縣公安局機關黨支部", period: "2023-06" },
    ],
    [
      "填报单位:县教育体育局机关党支部 单位代码:jyj 填报周期:2023-07",
      { name: "县教育体育局机关党支部", code: "jyj", period: "2023-07" },
    ],
  ];
  it.each(cases)("reads %s", (line, want) => {
    const info: BranchInfo = { name: null, code: null, period: null };
    infoFromLine(line, info);
    expect(info).toMatchObject(want);
  });

  it("warns when neither is written", () => {
    const found = codes(
      book([
        ["项目名称", "目标任务", "责任人", "时间节点"],
        ["学习", "每月学习1次形成记录", "李红梅", "每月"],
      ]),
    );
    expect(found).toContain("info.branch-missing@-");
    expect(found).toContain("info.period-missing@-");
  });
});

describe("odd cells", () => {
  const header = ["项目名称", "目标任务", "责任人", "时间节点"];

  it("takes a header merged across two columns as one column, not a duplicate", () => {
    const values: CellValue[][] = [
      ["项目名称", "目标任务", null, "责任人", "时间节点"],
      ["学习", "每月学习1次", "形成记录", "李红梅", "每月"],
    ];
    const found = codes(book(values, [{ top: 0, left: 1, bottom: 0, right: 2 }]));
    expect(found.filter((c) => c.startsWith("column."))).toEqual([]);
  });

  it("does not take TRUE for an owner", () => {
    expect(codes(book([header, ["学习", "每月学习1次形成记录", true, "每月"]]))).toContain(
      "owner.placeholder@C2",
    );
  });

  it("validates a sheet with one stray cell at XFD1048576 without walking every empty row's width", () => {
    const values: CellValue[][] = [header, ["学习", "每月学习1次形成记录", "李红梅", "每月"]];
    const report = analyzeBook(
      {
        sheets: [
          {
            name: "清单",
            values,
            merges: [{ top: 1_048_575, left: 16_383, bottom: 1_048_575, right: 16_383 }],
          },
        ],
      },
      { asOf },
    );
    const stray: Book = {
      sheets: [
        { name: "清单", values: [...values, ...Array.from({ length: 200_000 }, () => [])], merges: [] },
      ],
    };
    (stray.sheets[0]?.values[200_001] as CellValue[])[16_383] = "x";
    const far = analyzeBook(stray, { asOf });
    expect(report.projects).toHaveLength(1);
    expect(far.projects).toHaveLength(1);
  });
});

describe("ticked status sub-columns", () => {
  const header: CellValue[][] = [
    ["项目名称", "目标任务", "责任人", "时间节点", "是否完成", null, "完成进度"],
    [null, null, null, null, "是", "否", null],
  ];
  const merges: Area[] = [
    { top: 0, left: 4, bottom: 0, right: 5 },
    ...[0, 1, 2, 3, 6].map((col) => ({ top: 0, left: col, bottom: 1, right: col })),
  ];
  const project = (yes: CellValue, no: CellValue, progress: CellValue = null): CellValue[] => [
    "学习",
    "每月学习1次，形成记录",
    "李红梅",
    "每月",
    yes,
    no,
    progress,
  ];

  it("reads 是 as done and 否 as no status, under a two-row header with no finding on its words", () => {
    const r = analyzeBook(
      book([...header, project("√", null), project(null, "✓", "50%"), project(null, "√")], merges),
      {
        asOf,
      },
    );
    expect(r.table?.headerRows).toEqual([1, 2]);
    expect(r.projects.map((p) => p.status)).toEqual(["done", "in-progress", "not-started"]);
    expect(r.findings.filter((f) => f.row !== null && f.row <= 2)).toEqual([]);
  });

  it("reports a row ticked twice as a status it cannot read, at the first tick", () => {
    const r = analyzeBook(book([...header, project("√", "√")], merges), { asOf });
    expect(r.findings.filter((f) => f.code === "status.unknown")).toMatchObject([{ cell: "E3" }]);
  });
});

describe("branch and period from the title, labelled cells and the file name", () => {
  const table: CellValue[][] = [
    ["项目名称", "目标任务", "责任人", "时间节点"],
    ["学习", "每月学习1次形成记录", "李红梅", "每月"],
  ];

  it("reads a title that names them, in either script", () => {
    for (const [title, name] of [
      ["县水务局机关党支部“聚星点亮”重点任务清单（2023年6月）", "县水务局机关党支部"],
      ["縣水務局機關黨支部“聚星點亮”重點任務清單（2023年6月）", "縣水務局機關黨支部"],
    ] as const) {
      const r = analyzeBook(book([[title], ...table]), { asOf });
      expect([r.branch.name, r.period]).toEqual([name, "2023-06"]);
    }
  });

  it("reads a label cell and the value beside it above the table", () => {
    const r = analyzeBook(
      book([["填报单位", null, "县林业局机关党支部", "报送月份", "2023年5月"], ...table]),
      { asOf },
    );
    expect([r.branch.name, r.period]).toEqual(["县林业局机关党支部", "2023-05"]);
  });

  it("reads the file name when the workbook says nothing, and says where it looked when that fails too", () => {
    const named: Book = { ...book(table), fileName: "附件2-县民政局机关党支部2023年6月重点任务清单.xlsx" };
    const r = analyzeBook(named, { asOf });
    expect([r.branch.name, r.period]).toEqual(["县民政局机关党支部", "2023-06"]);
    const unnamed = analyzeBook({ ...book(table), fileName: "清单.xlsx" }, { asOf });
    const missing = unnamed.findings.find((f) => f.code === "info.branch-missing");
    const message = missing ? renderFinding(missing, "en") : "";
    expect(message).toContain("Sheet1");
    expect(message).toContain("清单.xlsx");
  });

  it("lets the info sheet win over the title and the title over the file name", () => {
    const b: Book = {
      sheets: [
        { name: "基本信息", values: [["单位名称", "县财政局机关党支部"]], merges: [] },
        { name: "清单", values: [["县水务局机关党支部重点任务清单（2023年5月）"], ...table], merges: [] },
      ],
      fileName: "县民政局机关党支部2023年4月.xlsx",
    };
    const r = analyzeBook(b, { asOf });
    expect([r.branch.name, r.period]).toEqual(["县财政局机关党支部", "2023-05"]);
  });
});
