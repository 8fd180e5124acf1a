/**
 * docs/ is the project's contract: it must name every finding code and every schema of the API,
 * and code comments cite it rather than a document outside the repository.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as eventSchemas from "../../shared/api/events.ts";
import * as notifySchemas from "../../shared/api/notify.ts";
import * as schemas from "../../shared/api/schemas.ts";
import { findingCodes } from "../../shared/findings.ts";

const root = join(import.meta.dirname, "..", "..");
const doc = (name: string) => readFileSync(join(root, "docs", name), "utf8");

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => join(root, dir, f));
}

describe("docs/", () => {
  it("lists every finding code in the catalogue of docs/workbook.md", () => {
    const workbook = doc("workbook.md");
    expect(findingCodes.filter((code) => !workbook.includes(`\`${code}\``))).toEqual([]);
  });

  it("names every answer schema of the API in docs/api.md", () => {
    const api = doc("api.md");
    const names = [
      ...Object.keys(schemas),
      ...Object.keys(eventSchemas),
      ...Object.keys(notifySchemas),
    ].filter((name) => /Answer$|Request$/.test(name));
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => !api.includes(name) && name !== "scoreAnswer")).toEqual([]);
  });

  it("is what the code cites: no comment points to a specification outside the repository", () => {
    const citing = ["shared", "cli", "addin", "submit", "worker/src", "scripts", "bench"]
      .flatMap(sources)
      .filter((file) => /\bSPEC\b/.test(readFileSync(file, "utf8")));
    expect(citing).toEqual([]);
  });
});
