/**
 * `juxing admin … --server URL --admin-token T` — the campaign office's commands, one table of
 * them, each a thin call to the admin API (docs/api.md).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { UsageError } from "./args.ts";
import { backupCommand } from "./backup.ts";
import { apiUrl, callApi, errorMessage, ServerUnreachable } from "./http.ts";
import type { Output } from "./output.ts";

type Flags = Record<string, string | boolean | undefined>;

interface Action {
  usage: string;
  request(flags: Flags): Promise<{ method: string; path: string; body?: unknown }>;
  /** What a person reads; `--json` prints the server's answer instead. */
  human(answer: Record<string, unknown>): string;
}

function need(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

function integer(flags: Flags, name: string): number | undefined {
  const value = flags[name];
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number`);
  return n;
}

async function rubric(flags: Flags): Promise<unknown> {
  const path = flags.rubric;
  if (typeof path !== "string") return undefined;
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--rubric ${path}: ${(error as Error).message}`);
  }
}

async function campaignFields(flags: Flags) {
  const fields = {
    name: flags.name,
    year: integer(flags, "year"),
    expectedProjects: integer(flags, "expected-projects"),
    ranking: flags.ranking,
    rubric: await rubric(flags),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

const tokenNotice = (a: Record<string, unknown>) =>
  `token: ${a.token}\n(shown once — give it to the branch now; only its hash is kept on the server)`;

const actions: Record<string, Action> = {
  "campaign create": {
    usage:
      "campaign create --id ID --name NAME --year YYYY [--expected-projects N] [--ranking dense|competition] [--rubric FILE]",
    request: async (f) => ({
      method: "POST",
      path: "api/v1/admin/campaigns",
      body: { id: need(f, "id"), ...(await campaignFields(f)) },
    }),
    human: (a) => `campaign ${a.id} created`,
  },
  "campaign update": {
    usage:
      "campaign update --id ID [--name NAME] [--year YYYY] [--expected-projects N] [--ranking dense|competition] [--rubric FILE]",
    request: async (f) => ({
      method: "PUT",
      path: `api/v1/admin/campaigns/${encodeURIComponent(need(f, "id"))}`,
      body: await campaignFields(f),
    }),
    human: (a) => `campaign ${a.id} updated`,
  },
  "branch create": {
    usage: "branch create --code CODE --name NAME --campaign ID",
    request: async (f) => ({
      method: "POST",
      path: "api/v1/admin/branches",
      body: { code: need(f, "code"), name: need(f, "name"), campaign: need(f, "campaign") },
    }),
    human: (a) => `branch ${a.code} (${a.name}) created\n${tokenNotice(a)}`,
  },
  "branch rotate-token": {
    usage: "branch rotate-token --code CODE",
    request: async (f) => ({
      method: "POST",
      path: `api/v1/admin/branches/${encodeURIComponent(need(f, "code"))}/token`,
    }),
    human: (a) => `branch ${a.code}: new token issued; the old one no longer works\n${tokenNotice(a)}`,
  },
  "branch disable": {
    usage: "branch disable --code CODE",
    request: async (f) => ({
      method: "POST",
      path: `api/v1/admin/branches/${encodeURIComponent(need(f, "code"))}/disable`,
    }),
    human: (a) => `branch ${a.code} disabled; its token no longer works`,
  },
  "sessions revoke": {
    usage: "sessions revoke",
    request: async () => ({ method: "POST", path: "api/v1/admin/sessions/revoke" }),
    human: (a) => `${a.revoked} viewer session(s) ended; leaders sign in again with the viewer key`,
  },
  "audit list": {
    usage: "audit list [--before SEQ]",
    request: async (f) => ({
      method: "GET",
      path: `api/v1/admin/audit${typeof f.before === "string" ? `?before=${encodeURIComponent(f.before)}` : ""}`,
    }),
    human: (a) =>
      (
        (a.entries as {
          seq: number;
          at: string;
          actor: string;
          address: string;
          action: string;
          target: string | null;
        }[]) ?? []
      )
        .map(
          (e) =>
            `${String(e.seq).padStart(6)} ${e.at} ${e.actor.padEnd(6)} ${e.action.padEnd(20)} ${e.target ?? ""}  (${e.address})`,
        )
        .concat(a.next ? [`older: juxing admin audit list --before ${a.next}`] : [])
        .join("\n"),
  },
  "branch list": {
    usage: "branch list [--campaign ID]",
    request: async (f) => ({
      method: "GET",
      path: `api/v1/admin/branches${typeof f.campaign === "string" ? `?campaign=${encodeURIComponent(f.campaign)}` : ""}`,
    }),
    human: (a) =>
      ((a.branches as { code: string; name: string; campaign: string; disabled: boolean }[]) ?? [])
        .map(
          (b) =>
            `${b.code.padEnd(8)} ${b.campaign.padEnd(14)} ${b.disabled ? "disabled " : "         "}${b.name}`,
        )
        .join("\n"),
  },
};

export function adminUsage(): string {
  return [...Object.values(actions).map((a) => a.usage), "export OUT.jsonl", "import IN.jsonl"]
    .map((usage) => `  juxing admin ${usage} --server URL --admin-token T [--json]`)
    .join("\n");
}

export async function adminCommand(args: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      server: { type: "string" },
      "admin-token": { type: "string" },
      json: { type: "boolean", default: false },
      id: { type: "string" },
      name: { type: "string" },
      year: { type: "string" },
      "expected-projects": { type: "string" },
      ranking: { type: "string" },
      rubric: { type: "string" },
      code: { type: "string" },
      campaign: { type: "string" },
      before: { type: "string" },
    },
  });
  const server = values.server ?? process.env.JUXING_SERVER;
  const token = values["admin-token"] ?? process.env.JUXING_ADMIN_TOKEN;
  const verb = positionals[0];
  if ((verb === "export" || verb === "import") && positionals.length <= 2) {
    if (!server) throw new UsageError("--server URL is required (or JUXING_SERVER)");
    if (!token) throw new UsageError("--admin-token T is required (or JUXING_ADMIN_TOKEN)");
    return backupCommand(verb, positionals[1], server, token, io);
  }
  const action = actions[positionals.slice(0, 2).join(" ")];
  if (!action || positionals.length > 2)
    throw new UsageError(`unknown admin command "${positionals.join(" ")}"\n${adminUsage()}`);
  if (!server) throw new UsageError("--server URL is required (or JUXING_SERVER)");
  if (!token) throw new UsageError("--admin-token T is required (or JUXING_ADMIN_TOKEN)");

  const { method, path, body } = await action.request(values);
  try {
    const answer = await callApi(method, apiUrl(server, path), { token, body });
    if (answer.status >= 400) {
      io.err(errorMessage(answer));
      return 1;
    }
    io.out(
      values.json
        ? JSON.stringify(answer.body, null, 2)
        : action.human(answer.body as Record<string, unknown>),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ServerUnreachable)) throw error;
    io.err(`cannot reach ${server}: ${error.message}`);
    return 3;
  }
}
