/**
 * Demo workbooks: the canonical layout filled the way a branch would, month by month, with each
 * branch keeping its list a little better or worse than the next. Deterministic per branch and
 * month, so every fresh `npm start` shows the same rankings.
 */
import ExcelJS from "exceljs";
import { isoMonth } from "../../shared/dates.ts";
import { template } from "../../shared/template.ts";

const projects: [star: string, name: string, target: string][] = [
  ["创建“模范星”", "对标达标创标行动", "对照模范机关创建标准完成自查评估，形成创标方案1份"],
  ["创建“模范星”", "政治机关建设", "每季度开展理论学习中心组专题学习不少于1次"],
  ["创建“模范星”", "模范机关大比拼", "参加县直机关模范机关大比拼，综合排名进入前10名"],
  ["创建“模范星”", "学习大研讨", "每月开展1次“学习大研讨”，每次形成研讨材料1份"],
  ["创建“模范星”", "组织生活质量提升", "规范“三会一课”，组织生活记录完整率达到100%"],
  ["选树“服务星”", "擦亮窗口·服务群众我示范", "窗口服务群众满意度达到98%以上"],
  ["选树“服务星”", "“一支部一特色”志愿服务队", "组建1支特色志愿服务队，全年开展志愿服务不少于12次"],
  ["选树“服务星”", "网格连心·组团服务", "党员到社区网格报到率100%，每季度开展组团服务1次"],
  ["选树“服务星”", "服务星大评选", "每季度评选“服务星”1名，年底推荐县级“服务星”1名"],
  ["选树“服务星”", "服务品牌大推介", "打造服务品牌1个，在县级平台推介1次"],
  ["锻造“先锋星”", "技能大比武", "组织业务技能比武1次，党员参与率达到90%以上"],
  ["锻造“先锋星”", "党员先锋岗", "设立党员先锋岗2个，办事时限压缩30%"],
  ["锻造“先锋星”", "红地标创建", "按“四个一”标准打造党建“红地标”1个"],
  ["锻造“先锋星”", "精品教学路线学习", "组织党员参加精品教学路线学习1次"],
];
const owners = ["王建华", "李红梅", "赵志刚", "陈晓燕", "周伟", "吴静", "孙磊"];
const deadlines = ["2023年6月30日前", "每季度", "2023年12月底前", "每月", "2023-09-30", "年底前", "三季度末"];
const activities = ["学习大研讨", "模范机关大比拼", "技能大比武", "服务星大评选", "服务品牌大推介"];
const landmark = ["一个党建品牌", "一套规范化制度", "一份经验材料", "一个现场讲解点"];

/** mulberry32: a tiny seeded generator, so demo data is the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoBranch {
  code: string;
  name: string;
}

/** The workbook a branch reports for `month` (1–12 of `year`); `diligence` 0–1 sets how well it keeps it. */
export async function demoWorkbook(
  branch: DemoBranch,
  year: number,
  month: number,
  diligence: number,
): Promise<Uint8Array> {
  const rand = random(branch.code.split("").reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7) + month);
  const progressed = Math.min(1, (month / 12) * (0.6 + diligence));
  const wb = new ExcelJS.Workbook();

  const info = wb.addWorksheet("基本信息");
  info.addRows([
    ["项目", "内容"],
    ["单位名称", branch.name],
    ["单位代码", branch.code],
    ["填报周期", isoMonth(year, month)],
  ]);

  const ws = wb.addWorksheet(template.tasks.name);
  ws.addRow([`县直机关“聚星点亮”示范引领行动${year}年重点任务清单`]);
  ws.mergeCells("A1:J1");
  ws.addRow(template.tasks.columns.map((column) => column.header));
  projects.forEach(([star, name, target], i) => {
    const r = rand();
    const share = Math.max(0, Math.min(1, progressed + (r - 0.5) * 0.6));
    const status = share >= 0.95 ? (r > 0.4 ? "已验收" : "已完成") : share > 0.05 ? "推进中" : "未启动";
    const sloppy = rand() > 0.55 + diligence * 0.45;
    ws
      .addRow([
        i + 1,
        star,
        name,
        sloppy && i % 3 === 0 ? "按要求完成" : target,
        sloppy && i % 4 === 1 ? "待定" : owners[(i + month) % owners.length],
        sloppy && i % 5 === 2 ? "长期坚持" : deadlines[i % deadlines.length],
        status,
        status === "推进中" ? Math.round(share * 10) / 10 : status === "未启动" ? 0 : 1,
        status === "推进中" || status === "未启动" || (sloppy && i % 2 === 0) ? "" : "工作台账、照片",
        null,
      ])
      .getCell(8).numFmt = "0%";
  });

  const act = wb.addWorksheet("亮晒比评");
  act.addRow(["日期", "活动", "周期", "成绩", "名次", "备注"]);
  for (let m = 1; m <= month; m++) {
    const row = act.addRow([
      new Date(Date.UTC(year, m - 1, 25)),
      activities[m % activities.length],
      m % 3 === 0 ? "季度" : "月度",
      Math.round(70 + diligence * 20 + rand() * 10),
      null,
      null,
    ]);
    row.getCell(1).numFmt = 'yyyy"年"m"月"d"日"';
  }

  const red = wb.addWorksheet("红地标");
  red.addRow(["标准", "完成情况", "佐证材料"]);
  landmark.forEach((item, i) => {
    const done = progressed * 4 > i + 0.5;
    red.addRow([item, done ? "已完成" : "推进中", done ? `${item}材料` : ""]);
  });

  return new Uint8Array(await wb.xlsx.writeBuffer());
}
