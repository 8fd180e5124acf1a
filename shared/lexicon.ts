/**
 * The one table of header synonyms. Labels are compared after normalizeText (simplified script,
 * half-width, lower case, no spaces), so only simplified forms are listed here.
 *
 * `synonyms` match by equality or containment (longest wins); `keys` are the characters a label
 * no list names still carries (主要目标 → 目标, 责任人（科室） → 责任), tried only when no synonym fits.
 */

export interface FieldSpec {
  /** The standard label, shown when the column is missing. */
  label: { "zh-CN": string; en: string };
  required: boolean;
  synonyms: readonly string[];
  keys: readonly string[];
}

function field(
  zh: string,
  en: string,
  required: boolean,
  synonyms: string[],
  keys: string[] = [],
): FieldSpec {
  return { label: { "zh-CN": zh, en }, required, synonyms, keys };
}

export const taskFields = {
  category: field(
    "星级任务",
    "Star",
    false,
    [
      "星级任务",
      "重点任务",
      "所属星级",
      "类别",
      "任务类别",
      "星级",
      "任务类型",
      "所属任务",
      "category",
      "star",
    ],
    ["星级", "类别", "类型"],
  ),
  name: field(
    "项目名称",
    "Project",
    true,
    ["项目名称", "小项目", "具体项目", "任务内容", "项目", "工作项目", "任务名称", "project", "task"],
    ["项目", "任务", "事项"],
  ),
  target: field(
    "目标任务",
    "Target",
    true,
    ["目标任务", "工作目标", "目标要求", "工作要求", "具体目标", "任务目标", "目标", "target", "goal"],
    ["目标", "要求", "标准"],
  ),
  owner: field(
    "责任人",
    "Owner",
    true,
    ["责任人", "负责人", "牵头人", "责任领导", "具体负责人", "owner", "responsible"],
    ["责任", "负责", "牵头"],
  ),
  deadline: field(
    "时间节点",
    "Deadline",
    true,
    ["时间节点", "完成时限", "完成时间", "时间要求", "时限", "截止时间", "截止日期", "deadline", "due"],
    ["时限", "时间", "期限", "节点", "日期"],
  ),
  status: field(
    "完成情况",
    "Status",
    false,
    ["完成情况", "进展状态", "推进情况", "当前状态", "状态", "进展情况", "status"],
    ["状态", "情况"],
  ),
  progress: field(
    "完成进度",
    "Progress",
    false,
    ["完成进度", "进度", "完成比例", "进展", "完成率", "progress", "%"],
    ["进度", "比例"],
  ),
  evidence: field(
    "佐证材料",
    "Evidence",
    false,
    ["佐证材料", "佐证资料", "佐证", "证明材料", "支撑材料", "evidence"],
    ["佐证", "证明"],
  ),
  note: field("备注", "Note", false, ["备注", "说明", "note", "remark"]),
  selfScore: field("自评得分", "Self-score", false, ["自评得分", "自评分", "自评", "self-score"], ["自评"]),
  index: field("序号", "No.", false, ["序号", "编号", "no.", "no", "#"]),
} as const satisfies Record<string, FieldSpec>;

export const activityFields = {
  date: field("日期", "Date", true, ["日期", "活动日期", "时间", "date"], ["日期", "时间"]),
  activity: field("活动", "Activity", true, ["活动", "活动名称", "比评活动", "activity"], ["活动"]),
  cycle: field("周期", "Cycle", false, ["周期", "频次", "cycle"]),
  score: field("成绩", "Score", true, ["成绩", "得分", "分数", "score"], ["成绩", "得分"]),
  rank: field("名次", "Rank", false, ["名次", "排名", "rank"]),
} as const satisfies Record<string, FieldSpec>;

export const landmarkFields = {
  standard: field("标准", "Standard", true, ["标准", "四个一", "创建标准", "standard"], ["标准"]),
  status: field("完成情况", "Status", true, ["完成情况", "状态", "进展状态", "status"], ["情况", "状态"]),
  evidence: field(
    "佐证材料",
    "Evidence",
    false,
    ["佐证材料", "佐证资料", "佐证", "证明材料", "evidence"],
    ["佐证"],
  ),
} as const satisfies Record<string, FieldSpec>;

export type TaskField = keyof typeof taskFields;
export type ActivityField = keyof typeof activityFields;
export type LandmarkField = keyof typeof landmarkFields;

/** Labels on the info sheet (基本信息) or in a title row, by what they give. */
export const infoLabels = {
  branchName: ["单位名称", "填报单位", "报送单位", "单位", "支部名称", "党支部"],
  branchCode: ["单位代码", "支部代码", "代码", "编码"],
  period: ["填报周期", "报送月份", "填报月份", "报送周期", "统计周期"],
  reportDate: ["填报时间", "填报日期", "报送时间", "报送日期"],
} as const;

/** The three stars: a category cell containing one of these keys (any script) belongs to that star. */
export const starKeys = {
  model: ["模范", "model"],
  service: ["服务", "service"],
  vanguard: ["先锋", "vanguard"],
} as const;
export type Star = keyof typeof starKeys;

/**
 * A star named as a star (模范星, not the 服务 of 服务群众): what a section row, a title or a column
 * with no star header must say before it gives projects a star. Normalized forms.
 */
export const starNames: Record<Star, readonly string[]> = {
  model: ["模范星", "modelstar"],
  service: ["服务星", "servicestar"],
  vanguard: ["先锋星", "vanguardstar"],
};
export const stars = Object.keys(starKeys) as Star[];

export type Status = "not-started" | "in-progress" | "done" | "accepted";
export const statusWords: Record<Status, readonly string[]> = {
  "not-started": ["未启动", "未开始", "尚未启动", "not started", "not-started"],
  "in-progress": ["推进中", "进行中", "正在推进", "实施中", "in progress", "in-progress"],
  done: ["已完成", "完成", "done", "completed"],
  accepted: ["已验收", "通过验收", "已达标", "验收通过", "accepted"],
};

/** What ticks a status sub-column (完成情况 → 已完成 | 推进中 | 未启动), normalized. */
export const tickMarks: readonly string[] = ["√", "✓", "✔", "☑", "●", "是", "x", "v"];

/**
 * Sub-columns named by an answer rather than a status (是否完成 → 是 | 否): the status a tick in
 * them gives. 否 says only "not done", so it gives none and the list's blank-status rule decides.
 */
export const tickAnswers: Readonly<Record<string, string | null>> = { 是: "已完成", 否: null };

/** What staff write when nobody is named yet. */
export const ownerPlaceholders = [
  "待定",
  "无",
  "暂无",
  "未定",
  "待明确",
  "不详",
  "tbd",
  "n/a",
  "na",
  "略",
  "空",
  "?",
  "-",
  "—",
  "–",
  "/",
  "\\",
];

/** Stock phrases that say nothing about the target by themselves. */
export const stockPhrases = [
  "按要求完成",
  "抓好落实",
  "持续推进",
  "按时完成",
  "落实到位",
  "按要求",
  "按计划",
  "完成任务",
];

/** Rows that are not projects: notes and totals under the table. */
export const noteRowPrefixes = ["注", "说明", "备注", "填表说明", "合计", "总计", "小计", "note"];
