/**
 * No message shows a raw placeholder (issue 15): the core is run on lists that provoke every code
 * of the catalogue, in both languages, and every message it renders with the parameters its
 * finding carries must be filled. A code no list provokes fails the test too, so a new code needs
 * a row here.
 */
import { describe, expect, it } from "vitest";
import { analyzeBook } from "../../shared/analyze.ts";
import { catalogue, type Finding, findingCodes, langs, renderFinding } from "../../shared/findings.ts";
import type { Book, CellValue } from "../../shared/grid.ts";

const asOf = "2023-06-30";
const header = ["星级任务", "项目名称", "目标任务", "责任人", "时间节点", "完成情况", "完成进度", "佐证材料"];
const sheet = (name: string, values: CellValue[][]): Book["sheets"][number] => ({ name, values, merges: [] });

/** Lists written wrong in every way the catalogue names. */
const books: Book[] = [
  {
    sheets: [
      sheet("基本信息", [
        ["单位名称", "县财政局机关党支部"],
        ["填报周期", "2023-06"],
      ]),
      sheet("重点任务清单", [
        header,
        ["创建“模范星”", "学习", "每月学习1次，形成记录", "王建华", "每月", "推进中", "50%", null],
        ["创建“模范星”", "学习", "每月学习1次，形成记录", "待定", "2023年13月", "进行中了", "150%", null],
        ["先进星", null, "按要求完成", null, null, "已完成", "50%", null],
        ["创建“模范星”", "比武", null, "全体党员", "长期坚持", "未启动", "30%", null],
        ["选树“服务星”", "评选", "评选服务星2名", "李红梅", 2023.1, "推进中", "50%", null],
        ["选树“服务星”", "走访", "走访企业50家", "陈晓燕", "2023-03-31", "推进中", "50%", null],
        ["锻造“先锋星”", "志愿服务", "开展志愿服务6次", "赵磊", "2023-05-31", "已完成", "100%", "齐全"],
      ]),
    ],
  },
  // No branch, no period, a column twice and one missing.
  {
    sheets: [
      sheet("Sheet1", [
        ["项目名称", "目标任务", "负责人", "责任人"],
        ["学习", "每月学习1次，形成记录", "王建华", "李红梅"],
      ]),
    ],
    fileName: "清单.xlsx",
  },
  // No table at all.
  { sheets: [sheet("Sheet1", [["姓名", "电话"]])] },
  // No star anywhere.
  {
    sheets: [
      sheet("Sheet1", [
        header.slice(1),
        ["学习", "每月学习1次，形成记录", "王建华", "每月", "推进中", "50%", "记录"],
      ]),
    ],
  },
];

describe("every message of the catalogue", () => {
  // Findings are data; each is rendered in both languages at the edge (renderFinding).
  const findings = langs.flatMap((lang) =>
    books.flatMap((book) =>
      analyzeBook(book, { asOf }).findings.map((f): Finding & { message: string } => ({
        ...f,
        message: renderFinding(f, lang),
      })),
    ),
  );

  it("is provoked by the lists above", () => {
    const seen = new Set(findings.map((f) => f.code));
    expect(findingCodes.filter((code) => !seen.has(code))).toEqual([]);
  });

  it.each(findingCodes)(
    "%s renders with its finding's parameters in both languages, no {placeholder} left",
    (code) => {
      const rendered = findings.filter((f) => f.code === code);
      expect(rendered.length).toBeGreaterThanOrEqual(2);
      for (const finding of rendered) {
        expect(finding.message, `${code}: ${finding.message}`).not.toMatch(/[{}]/);
        expect(finding.severity).toBe(catalogue[code].severity);
      }
    },
  );
});
