/**
 * The files a command line names. A folder stands for every workbook under it, at any depth, in
 * path order — lists arrive by email and the office saves them into one folder. Old .xls files are
 * included on purpose: each gets its "save it as .xlsx" message rather than being silently passed
 * over. Excel's lock files (~$名单.xlsx, left while a workbook is open) are not workbooks.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "./args.ts";

const workbookName = /\.xlsx?$/i;
const lockFile = /^~\$/;

export async function workbookPaths(args: readonly string[]): Promise<{ files: string[]; folders: number }> {
  const files: string[] = [];
  let folders = 0;
  for (const arg of args) {
    const isFolder = await stat(arg).then(
      (s) => s.isDirectory(),
      // A path that cannot be read is validated as a file, which reports why.
      () => false,
    );
    if (!isFolder) {
      files.push(arg);
      continue;
    }
    folders += 1;
    const entries = await readdir(arg, { recursive: true, withFileTypes: true });
    const found = entries
      .filter((entry) => entry.isFile() && workbookName.test(entry.name) && !lockFile.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
    if (found.length === 0) throw new UsageError(`no .xlsx files in the folder ${arg}`);
    files.push(...found);
  }
  return { files, folders };
}
