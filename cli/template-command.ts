/** `juxing template OUT.xlsx` — the canonical workbook a branch starts from. */
import { parseArgs } from "node:util";
import { UsageError } from "./args.ts";
import type { Output } from "./output.ts";
import { writeTemplate } from "./template.ts";

export async function templateCommand(args: string[], io: Output): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [out] = positionals;
  if (!out || positionals.length > 1)
    throw new UsageError("name one output file, e.g. juxing template 重点任务清单.xlsx");
  await writeTemplate(out);
  io.out(out);
  return 0;
}
