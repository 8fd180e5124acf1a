/** Nothing a client sends gets a 5xx (docs/quality.md): odd paths, methods, headers and bodies. */
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, call, createBranch, createCampaign, submission, VIEWER } from "./helpers.ts";

let token = "";

beforeAll(async () => {
  await createCampaign({ id: "rob-2023" });
  token = await createBranch("rob", "rob-2023");
});

describe("every bad request is a 4xx in the error shape", () => {
  it("odd paths, queries, methods and credentials", async () => {
    const paths = [
      "/api/v1/rankings?campaign=%E0%A4%A&period=%",
      "/api/v1/rankings?campaign=rob-2023&campaign=x&period=2023",
      "/api/v1/branches/%ZZ/history",
      "/api/v1/branches/%00/latest",
      `/api/v1/branches/${"x".repeat(5000)}/history`,
      "/api/v1/campaigns/%2e%2e",
      "/api/v1/campaigns/rob-2023/extra",
      "/api/v1/admin/branches/%ZZ/token",
      "/api/v1/admin/campaigns/rob-2023",
      "/api/v1//submissions",
      "/api/v1/submissions/",
      "/addin/../../etc/passwd",
      "/login?next=%ZZ",
    ];
    const methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
    const tokens = [undefined, VIEWER, ADMIN, token, "x".repeat(600), "jxb_"];
    for (const path of paths) {
      for (const method of methods) {
        for (const t of tokens) {
          // Its own address: these wrong credentials lock it out (429, still a 4xx) within the
          // minute, and must not lock out the rest of this file.
          const res = await call(path, {
            method,
            headers: { "CF-Connecting-IP": "192.0.2.77" },
            ...(t ? { token: t } : {}),
          });
          expect(res.status, `${method} ${path} ${t?.slice(0, 8)}`).toBeLessThan(500);
          await res.arrayBuffer();
        }
      }
    }
  });

  it("odd bodies on every write route", async () => {
    const bodies: [string, string][] = [
      ["application/json", ""],
      ["application/json", "null"],
      ["application/json", "[]"],
      ["application/json", '"x"'],
      ["application/json", "1e999"],
      ["application/json", '{"__proto__": {"admin": true}}'],
      ["application/json", "\uFEFF{}"],
      ["application/json", `{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`],
      ["application/json; charset=latin1", "{}"],
      ["text/plain", "{}"],
      ["multipart/form-data; boundary=x", "--x\r\nbroken"],
      ["application/x-www-form-urlencoded", "key=%ZZ&next=%"],
    ];
    const routes: [string, string, string][] = [
      ["POST", "/api/v1/submissions", token],
      ["POST", "/api/v1/admin/campaigns", ADMIN],
      ["PUT", "/api/v1/admin/campaigns/rob-2023", ADMIN],
      ["POST", "/api/v1/admin/branches", ADMIN],
      ["POST", "/login", ""],
      ["POST", "/logout", ""],
    ];
    for (const [method, path, t] of routes) {
      for (const [type, body] of bodies) {
        const res = await call(path, {
          method,
          body,
          redirect: "manual",
          headers: {
            "Content-Type": type,
            "Idempotency-Key": crypto.randomUUID(),
            ...(t ? { Authorization: `Bearer ${t}` } : {}),
          },
        });
        expect(res.status, `${method} ${path} ${type} ${body.slice(0, 20)}`).toBeLessThan(500);
        if (res.status >= 400 && res.headers.get("Content-Type")?.includes("json")) {
          const json = (await res.json()) as { error?: { code?: string; message?: string } };
          expect(typeof json.error?.code).toBe("string");
          expect(JSON.stringify(json)).not.toMatch(/at \w+ \(|\.ts:\d+/);
        }
      }
    }
  });

  it("field values at and past every schema limit", async () => {
    const base = submission({ campaign: "rob-2023", branch: "rob" });
    const variants: unknown[] = [
      { ...base, workbook: { name: "", sha256: "a".repeat(64) } },
      { ...base, workbook: { name: "x", sha256: "A".repeat(64) } },
      { ...base, asOf: "2023-06-31" },
      { ...base, period: "2023-6" },
      { ...base, campaign: "" },
      { ...base, branch: "rob", projects: [{ sheet: "s", row: 0, cells: {} }] },
      { ...base, projects: [{ sheet: "s", row: 1, cells: { owner: { cell: "a1", value: "x" } } }] },
      {
        ...base,
        projects: [{ sheet: "s", row: 1, cells: { owner: { cell: "A1", value: "x".repeat(2001) } } }],
      },
      { ...base, projects: [{ sheet: "s", row: 1, cells: { nope: { cell: "A1", value: "x" } } }] },
      { ...base, labels: { owner: 5 } },
      { ...base, client: { app: "cli", version: "" } },
    ];
    for (const body of variants) {
      const res = await call("/api/v1/submissions", {
        method: "POST",
        token,
        json: body,
        headers: { "Idempotency-Key": crypto.randomUUID() },
      });
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(422);
    }
  });
});
