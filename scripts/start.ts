/**
 * `npm start` until the server lands: validates the fixture workbooks with the command line, so a
 * newcomer sees what Juxing reports.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { main } from "../cli/main.ts";

const workbooks = join(import.meta.dirname, "..", "test", "fixtures", "workbooks");
const files = readdirSync(workbooks)
  .filter((f) => f.endsWith(".xlsx"))
  .map((f) => join(workbooks, f));
process.exitCode = (await main(["validate", ...files, "--as-of", "2023-06-30"])) === 2 ? 2 : 0;
