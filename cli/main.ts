/**
 * `juxing <command> …` — one table of commands, each a module of its own, loaded only when it
 * runs: `validate` never loads ExcelJS (only `template` writes with it) nor the HTTP client.
 */
import { UsageError } from "./args.ts";
import { type Output, processOutput } from "./output.ts";

export type Command = (args: string[], io: Output) => Promise<number>;

const commands: Record<string, { load: () => Promise<Command>; summary: string }> = {
  validate: {
    load: async () => (await import("./validate.ts")).validateCommand,
    summary:
      "validate FILE|DIR... [--as-of YYYY-MM-DD] [--json] [--csv FILE] [--rubric FILE] [--lang zh-CN|en]",
  },
  template: {
    load: async () => (await import("./template-command.ts")).templateCommand,
    summary: "template OUT.xlsx",
  },
  sync: {
    load: async () => (await import("./sync.ts")).syncCommand,
    summary:
      "sync FILE --server URL --token T [--as-of YYYY-MM-DD] [--period YYYY-MM] [--campaign ID] [--branch CODE] [--json]",
  },
  reviews: {
    load: async () => (await import("./reviews.ts")).reviewsCommand,
    summary: "reviews --server URL --token T [--period YYYY-MM] [--json] [--lang zh-CN|en]",
  },
  outbox: {
    load: async () => (await import("./outbox-command.ts")).outboxCommand,
    summary: "outbox list [--json] | outbox discard ID",
  },
  admin: {
    load: async () => (await import("./admin.ts")).adminCommand,
    summary: "admin <campaign|branch> <action> … (see below)",
  },
};

export const EXIT_USAGE = 2;

export async function usage(): Promise<string> {
  const { adminUsage } = await import("./admin.ts");
  return ["juxing — 聚星 重点任务清单校验 / key-task list checker", "", "Usage:"]
    .concat(Object.values(commands).map((c) => `  juxing ${c.summary}`))
    .concat(["", "Admin:", adminUsage()])
    .join("\n");
}

export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(await usage());
    return name ? 0 : EXIT_USAGE;
  }
  const command = commands[name];
  if (!command) {
    io.err(`juxing: unknown command "${name}"\n\n${await usage()}`);
    return EXIT_USAGE;
  }
  try {
    const run = await command.load();
    return await run(args, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      io.err(`juxing ${name}: ${error.message}\n\n${await usage()}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
