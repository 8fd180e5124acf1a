/**
 * Mutation fuzzing of submission bodies (docs/api.md, docs/quality.md): a valid body, then one to three
 * structural mutations (drop, replace with an odd value, add a key, wrap in an array or object,
 * grow an array, swap a type) and sometimes one on the JSON text (a duplicated key, a cut, a stray
 * character, a BOM) or on the Content-Type. Pure — no Worker or Node API — so the Worker test runs
 * it in workerd and the bench runs it against `wrangler dev`.
 */
import fc from "fast-check";
import type { Submission } from "../../shared/submission.ts";

const stars = ["创建“模范星”", "选树“服务星”", "锻造“先锋星”"];

/** A full body (every optional part present, so every field can be mutated) that the server accepts. */
export function validBody(campaign: string, branch: string, period = "2023-06"): Submission {
  const projects = Array.from({ length: 14 }, (_, i) => {
    const row = i + 3;
    return {
      sheet: "重点任务清单",
      row,
      cells: {
        category: { cell: `B${row}`, value: stars[i % 3] as string },
        name: { cell: `C${row}`, value: `项目${i + 1}：开展主题党日活动` },
        target: { cell: `D${row}`, value: "全年开展主题党日活动12次，覆盖全体党员" },
        owner: { cell: `E${row}`, value: `王${i + 1}` },
        deadline: { cell: `F${row}`, value: i % 2 ? "2023年12月31日" : 45291 },
        status: { cell: `G${row}`, value: i % 4 ? "已验收" : "推进中" },
        progress: { cell: `H${row}`, value: i % 4 ? 1 : 0.6 },
        evidence: { cell: `I${row}`, value: `佐证材料${i + 1}.pdf` },
        note: { cell: `J${row}`, value: null },
      },
    };
  });
  return {
    campaign,
    branch,
    period,
    asOf: `${period}-28`,
    workbook: { name: "重点任务清单.xlsx", sha256: "b".repeat(64) },
    labels: { name: "项目名称", owner: "责任人", deadline: "时间节点", target: "目标任务" },
    projects,
    activities: [1, 2, 3].map((n) => ({
      sheet: "亮晒比评",
      row: n + 1,
      cells: {
        date: { cell: `A${n + 1}`, value: `2023-0${n}-15` },
        activity: { cell: `B${n + 1}`, value: "模范机关大比拼" },
        score: { cell: `D${n + 1}`, value: 80 + n },
      },
    })),
    landmark: ["一个品牌", "一套标准制度", "一份经验材料", "一个现场讲解点"].map((standard, i) => ({
      sheet: "红地标",
      row: i + 2,
      cells: {
        standard: { cell: `A${i + 2}`, value: standard },
        status: { cell: `B${i + 2}`, value: i < 2 ? "已完成" : "推进中" },
        evidence: { cell: `C${i + 2}`, value: i < 2 ? "照片.jpg" : null },
      },
    })),
    client: { app: "cli", version: "0.1.0" },
  };
}

/** Values that have broken parsers before: numbers at the edges, look-alike dates, periods, cells. */
const oddValues: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  1e308,
  -1e308,
  5e-324,
  2 ** 53 + 1,
  1_048_577,
  2_958_466,
  -693_594,
  "",
  " ",
  "\u0000",
  "NaN",
  "Infinity",
  "-Infinity",
  "null",
  "undefined",
  "[object Object]",
  "__proto__",
  "constructor",
  "1e999",
  "0x10",
  "１２３",
  "2023-02-30",
  "2023-02-29",
  "2024-02-29",
  "2023-13-01",
  "2023-00-10",
  "0000-00-00",
  "9999-12-31",
  "+275760-09-13",
  "2023-06-31T00:00:00Z",
  "2023-06-28T23:59:60Z",
  "2023-6-5",
  "２０２３-０６-３０",
  "2023-06",
  "2023-00",
  "2023-13",
  "2023-Q2",
  "2023",
  "2022-12",
  "2024-01",
  "-2023-06",
  "A0",
  "a1",
  "XFD1048576",
  "XFE1",
  "AAAA1",
  "A01",
  "A10485760",
  "$A$1",
  "A 1",
  "Ａ１",
  "addin",
  "excel",
  "‮gnp.exe",
  "e\u0301\u0301\u0301",
  "\ud800",
  "😀".repeat(600),
  '=HYPERLINK("http://x")',
  "<script>alert(1)</script>",
  "'; DROP TABLE submissions; --",
  "%00%ff",
  [],
  {},
  [null],
  { value: null },
  { cell: "A1", value: "x" },
  [{ cell: "A1", value: "x" }],
];

/** Nested arrays or objects `depth` levels deep (the server refuses past 64). */
function nested(depth: number, asArray: boolean): unknown {
  let value: unknown = "底";
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...oddValues) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 120 }), fc.boolean())
      .map(([depth, asArray]) => nested(depth, asArray)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1_000, max: 400_000 }), fc.constantFrom("长", "a", " ", "\\"))
      .map(([n, unit]) => unit.repeat(n)),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const topKeys = [
  "campaign",
  "branch",
  "period",
  "asOf",
  "workbook",
  "labels",
  "projects",
  "activities",
  "landmark",
  "client",
];
const oddKeys = [
  "__proto__",
  "constructor",
  "prototype",
  "",
  " ",
  "id",
  "score",
  "rank",
  "数据",
  "x".repeat(300),
];

type Mutation =
  | { op: "drop" | "wrap-array" | "wrap-object" | "retype"; at: Pick }
  | { op: "cell"; n: number; value: unknown }
  | { op: "set"; at: Pick; value: unknown }
  | { op: "add"; at: Pick; key: string; value: unknown }
  | { op: "grow"; at: Pick; times: number };

/** Where a mutation lands: half the time a top-level field, else any node of the body. */
interface Pick {
  top: boolean;
  n: number;
}

type TextMutation =
  | { op: "dup-key-before" | "dup-key-after"; key: string; value: unknown }
  | { op: "cut" | "stray"; at: number; char: string }
  | { op: "bom" | "nan-literal" | "padding" };

const pick: fc.Arbitrary<Pick> = fc.record({ top: fc.boolean(), n: fc.nat() });

/**
 * Scalars a cell may hold under the schema, chosen to trouble the rules and the scoring the server
 * runs on them (serials far outside Excel's range, look-alike dates and statuses, 2,000 characters).
 */
const oddScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...oddValues.filter((v) => typeof v !== "object" || v === null)),
  fc.constantFrom(
    "已完成",
    "已验收",
    "推进中",
    "未启动",
    "每月",
    "长期坚持",
    "2023年13月",
    "十二月底前",
    "120%",
    "-5%",
    "待定",
  ),
  fc.constantFrom("年".repeat(2000), "9".repeat(2000), "2023年6月".repeat(285), "每".repeat(2000)),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -100_000, max: 3_000_000 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("cell" as const), n: fc.nat(), value: oddScalar }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("drop" as const), at: pick }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant("set" as const), at: pick, value: oddValue }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("add" as const),
      at: pick,
      key: fc.oneof(fc.constantFrom(...oddKeys, ...topKeys), fc.string({ maxLength: 12 })),
      value: oddValue,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constantFrom("wrap-array" as const, "wrap-object" as const), at: pick }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("retype" as const), at: pick }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("grow" as const),
      at: pick,
      times: fc.oneof(fc.integer({ min: 2, max: 60 }), fc.constantFrom(986, 987, 1200, 2_000)),
    }),
  },
);

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constantFrom("dup-key-before" as const, "dup-key-after" as const),
      key: fc.constantFrom(...topKeys),
      value: oddValue,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom("cut" as const, "stray" as const),
      at: fc.nat(),
      char: fc.constantFrom("\u0000", "}", "{", '"', ",", "\\", "\uFEFF", "é", "\n"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constantFrom("bom" as const, "nan-literal" as const, "padding" as const) }),
  },
);

const contentTypes = [
  "application/json",
  "application/json; charset=utf-8",
  "application/vnd.juxing+json",
  "application/json;charset=latin1",
  "text/plain",
  "application/x-www-form-urlencoded",
  "",
];

export interface FuzzCase {
  /** What was done, for the failure message. */
  mutations: (Mutation | TextMutation)[];
  contentType: string;
  text: string;
}

type Node = Record<string, unknown> | unknown[];

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null;
}

/** Every (parent, key) in the tree, parents before children. */
function slots(root: Node): [Node, string | number][] {
  const out: [Node, string | number][] = [];
  const walk = (node: Node) => {
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const key of keys) {
      out.push([node, key]);
      const child = (node as Record<string | number, unknown>)[key];
      if (isNode(child)) walk(child);
    }
  };
  walk(root);
  return out;
}

function retype(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return Number.isNaN(Number(value)) ? [value] : Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === null) return "null";
  return JSON.stringify(value);
}

/**
 * A private copy of a generated value: the odd values are shared constants and fast-check's JSON
 * values are frozen, and later mutations edit what they land on.
 */
function fresh(value: unknown): unknown {
  return isNode(value) ? structuredClone(value) : value;
}

function applyMutation(root: { body: unknown }, m: Mutation): void {
  const body = root.body;
  if (!isNode(body)) {
    if (m.op === "set") root.body = fresh(m.value);
    return;
  }
  const all = slots(body);
  if (m.op === "cell") {
    // A source row's cell value: { cell: "B3", value } under projects, activities or landmark.
    const cells = all.filter(([parent, key]) => key === "value" && isNode(parent) && "cell" in parent);
    const slot = cells[m.n % Math.max(cells.length, 1)];
    if (slot) (slot[0] as Record<string, unknown>).value = m.value;
    return;
  }
  const top = all.filter(([parent]) => parent === body);
  const pool = m.at.top && top.length ? top : all;
  const slot = pool[m.at.n % Math.max(pool.length, 1)];
  if (!slot) {
    if (m.op === "set") root.body = fresh(m.value);
    return;
  }
  const [parent, key] = slot;
  const record = parent as Record<string | number, unknown>;
  const value = record[key];
  switch (m.op) {
    case "drop":
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete record[key];
      return;
    case "set":
      record[key] = fresh(m.value);
      return;
    case "add": {
      const target = isNode(value) && !Array.isArray(value) ? value : parent;
      if (Array.isArray(target)) target.push(fresh(m.value));
      // defineProperty so "__proto__" becomes an own key, as JSON.parse on the server makes it.
      else
        Object.defineProperty(target, m.key, {
          value: fresh(m.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return;
    }
    case "wrap-array":
      record[key] = [value];
      return;
    case "wrap-object":
      record[key] = { value };
      return;
    case "retype":
      record[key] = retype(value);
      return;
    case "grow": {
      const list = Array.isArray(value) ? value : Array.isArray(parent) ? parent : null;
      if (!list || list.length === 0) return;
      const seed = list[0];
      const copies = Array.from({ length: m.times }, () => structuredClone(seed));
      list.push(...copies);
      return;
    }
  }
}

function applyText(text: string, m: TextMutation): string {
  switch (m.op) {
    case "dup-key-before":
      // JSON.parse keeps the last of duplicated keys: the original value still wins here…
      return text.startsWith("{")
        ? `{${JSON.stringify(m.key)}:${JSON.stringify(m.value) ?? "null"},${text.slice(1)}`
        : text;
    case "dup-key-after":
      // …and the injected one wins here.
      return text.endsWith("}") && text.length > 2
        ? `${text.slice(0, -1)},${JSON.stringify(m.key)}:${JSON.stringify(m.value) ?? "null"}}`
        : text;
    case "cut":
      return text.slice(0, m.at % Math.max(text.length, 1));
    case "stray": {
      const at = m.at % Math.max(text.length, 1);
      return `${text.slice(0, at)}${m.char}${text.slice(at)}`;
    }
    case "bom":
      return `\uFEFF${text}`;
    case "nan-literal":
      return text.replace(/:(-?\d+(\.\d+)?)/, ":NaN");
    case "padding":
      return `${" ".repeat(50_000)}${text}`;
  }
}

/** Fuzz cases grown from `valid`. */
export function fuzzCases(valid: Submission): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
      text: fc.option(textMutation, { freq: 5 }),
      contentType: fc.oneof(
        { weight: 12, arbitrary: fc.constant(contentTypes[0] as string) },
        { weight: 1, arbitrary: fc.constantFrom(...contentTypes) },
      ),
    })
    .map(({ mutations, text, contentType }) => {
      const root = { body: structuredClone(valid) as unknown };
      for (const m of mutations) applyMutation(root, m);
      let json = JSON.stringify(root.body) ?? "null";
      if (text) json = applyText(json, text);
      return { mutations: text ? [...mutations, text] : mutations, contentType, text: json };
    });
}

/** The case for a failure message: the mutations without their bulk. */
export function describeCase(c: FuzzCase): string {
  return JSON.stringify({ contentType: c.contentType, mutations: c.mutations }, (_, v) =>
    typeof v === "string" && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v,
  ).slice(0, 2000);
}

export interface FuzzTally {
  seed: number;
  cases: number;
  retries: number;
  accepted: number;
  rejected: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  /** A 2xx answer with no row behind it, or a retried key answered differently. */
  lost: number;
  /** A row stored for a rejected body, or a second row for one key. */
  doubled: number;
  seconds: number;
}

export function emptyTally(): FuzzTally {
  return {
    seed: 0,
    cases: 0,
    retries: 0,
    accepted: 0,
    rejected: 0,
    byStatus: {},
    serverErrors: 0,
    lost: 0,
    doubled: 0,
    seconds: 0,
  };
}

export interface FuzzTarget {
  /** Sends the case under `key`; the submission id when the answer carries one. */
  send(c: FuzzCase, key: string): Promise<{ status: number; submissionId?: string }>;
  /** Submissions stored for the fuzzed branch. */
  stored(): Promise<number>;
}

/**
 * Runs up to `runs` cases (stopping after `timeLimitMs`), one at a time so the stored count can
 * be checked after each: +1 for a 2xx, unchanged otherwise. Every `retryEvery`-th case is sent
 * again under the same key, as a client does whose answer was lost: same status, same submission
 * id, no new row. Failures are collected (not thrown) so the figures come out whole.
 */
export async function runFuzz(
  valid: Submission,
  target: FuzzTarget,
  options: { runs: number; timeLimitMs: number; seed?: number; retryEvery?: number },
): Promise<{ tally: FuzzTally; failures: string[]; slowest: string[] }> {
  const tally = emptyTally();
  const slow: { ms: number; what: string }[] = [];
  const failures: string[] = [];
  const fail = (what: string, c: FuzzCase) => {
    if (failures.length < 20) failures.push(`${what}: ${describeCase(c)}`);
  };
  const seed = options.seed ?? Date.now() % 2 ** 31;
  tally.seed = seed;
  const retryEvery = options.retryEvery ?? 10;
  let expected = await target.stored();
  let key = 0;
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(fuzzCases(valid), async (c) => {
      tally.cases += 1;
      const idempotencyKey = `fuzz-${seed}-${++key}-${tally.cases}`;
      const sentAt = Date.now();
      const first = await target.send(c, idempotencyKey);
      slow.push({ ms: Date.now() - sentAt, what: `${first.status} ${describeCase(c).slice(0, 300)}` });
      if (slow.length > 40) slow.sort((a, b) => b.ms - a.ms).splice(10);
      const count = (status: number) => {
        tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
        if (status >= 500 || status < 200) {
          tally.serverErrors += 1;
          fail(`status ${status}`, c);
        }
      };
      count(first.status);
      const ok = first.status >= 200 && first.status < 300;
      if (ok) tally.accepted += 1;
      else tally.rejected += 1;
      const after = await target.stored();
      if (ok && after === expected) {
        tally.lost += 1;
        fail("answered 2xx, nothing stored", c);
      } else if (after > expected + (ok ? 1 : 0)) {
        tally.doubled += 1;
        fail(ok ? "stored twice" : `stored for a rejected body (${first.status})`, c);
      }
      expected = after;
      if (tally.cases % retryEvery === 0) {
        tally.retries += 1;
        const again = await target.send(c, idempotencyKey);
        count(again.status);
        const afterRetry = await target.stored();
        if (afterRetry !== expected) {
          tally.doubled += 1;
          fail("a retry under the same key stored another row", c);
        }
        if (again.status !== first.status || (ok && again.submissionId !== first.submissionId)) {
          tally.lost += 1;
          fail(
            `a retry was answered ${again.status} ${again.submissionId} after ${first.status} ${first.submissionId}`,
            c,
          );
        }
        expected = afterRetry;
      }
    }),
    {
      numRuns: options.runs,
      seed,
      interruptAfterTimeLimit: options.timeLimitMs,
      markInterruptAsFailure: false,
    },
  );
  tally.seconds = (Date.now() - started) / 1000;
  const slowest = slow
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((s) => `${s.ms} ms ${s.what}`);
  return { tally, failures, slowest };
}
