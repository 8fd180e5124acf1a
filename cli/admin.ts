/**
 * `juxing admin … --server URL --admin-token T` — the campaign office's commands, one table of
 * them, each a thin call to the admin API (docs/api.md).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type ApiClient, ApiFailure, apiClient, systemTimers } from "../shared/api/client.ts";
import {
  eventCreatedAnswer,
  eventListAnswer,
  eventStateAnswer,
  judgeCreatedAnswer,
} from "../shared/api/events.ts";
import {
  calendarLinkAnswer,
  channelAnswer,
  channelClearedAnswer,
  channelTestAnswer,
  notifyRunAnswer,
} from "../shared/api/notify.ts";
import { UsageError } from "./args.ts";
import { backupCommand } from "./backup.ts";
import { checkedServer, failureText, ServerUnreachable } from "./http.ts";
import type { Output } from "./output.ts";

type Flags = Record<string, string | boolean | undefined>;

interface Action {
  usage: string;
  /** One call through the typed client; the answer for `--json`, and what a person reads. */
  run(flags: Flags, client: ApiClient): Promise<{ answer: unknown; text: string }>;
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

/** `--window-days 5`, or `--window-days none` for a month that never closes. */
function windowDays(flags: Flags): number | null | undefined {
  if (flags["window-days"] === "none") return null;
  return integer(flags, "window-days");
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
    acceptance: flags.acceptance,
    activities: flags.activities,
    timezone: flags.timezone,
    windowDays: windowDays(flags),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

const campaignSettings =
  " [--acceptance reviewed|self] [--activities judged|self] [--timezone ZONE] [--window-days N|none]";

const tokenNotice = (a: { token: string }) =>
  `token: ${a.token}\n(shown once — give it to the branch now; only its hash is kept on the server)`;

/** The channel a notify command is about: a branch's (--code) or the campaign office's (--campaign). */
function notifyPath(flags: Flags): { path: string; label: string } {
  const code = typeof flags.code === "string" && flags.code !== "" ? flags.code : null;
  const campaign = typeof flags.campaign === "string" && flags.campaign !== "" ? flags.campaign : null;
  if ((code === null) === (campaign === null))
    throw new UsageError("give --code CODE (a branch's channel) or --campaign ID (the office's), not both");
  return code !== null
    ? { path: `api/v1/admin/branches/${encodeURIComponent(code)}/notify`, label: `branch ${code}` }
    : {
        path: `api/v1/admin/campaigns/${encodeURIComponent(campaign as string)}/notify`,
        label: `campaign ${campaign} (office)`,
      };
}

const actions: Record<string, Action> = {
  "campaign create": {
    usage: `campaign create --id ID --name NAME --year YYYY [--expected-projects N] [--ranking dense|competition] [--rubric FILE]${campaignSettings}`,
    run: async (f, client) => {
      const answer = await client.admin.createCampaign({ id: need(f, "id"), ...(await campaignFields(f)) });
      return { answer, text: `campaign ${answer.id} created` };
    },
  },
  "campaign update": {
    usage: `campaign update --id ID [--name NAME] [--year YYYY] [--expected-projects N] [--ranking dense|competition] [--rubric FILE]${campaignSettings}`,
    run: async (f, client) => {
      const answer = await client.admin.updateCampaign(need(f, "id"), await campaignFields(f));
      return { answer, text: `campaign ${answer.id} updated` };
    },
  },
  "branch create": {
    usage: "branch create --code CODE --name NAME --campaign ID",
    run: async (f, client) => {
      const answer = await client.admin.createBranch({
        code: need(f, "code"),
        name: need(f, "name"),
        campaign: need(f, "campaign"),
      });
      return { answer, text: `branch ${answer.code} (${answer.name}) created\n${tokenNotice(answer)}` };
    },
  },
  "branch rotate-token": {
    usage: "branch rotate-token --code CODE",
    run: async (f, client) => {
      const answer = await client.admin.rotateToken(need(f, "code"));
      return {
        answer,
        text: `branch ${answer.code}: new token issued; the old one no longer works\n${tokenNotice(answer)}`,
      };
    },
  },
  "branch disable": {
    usage: "branch disable --code CODE",
    run: async (f, client) => {
      const answer = await client.admin.disableBranch(need(f, "code"));
      return { answer, text: `branch ${answer.code} disabled; its token no longer works` };
    },
  },
  "reviewer create": {
    usage: "reviewer create --campaign ID --name NAME",
    run: async (f, client) => {
      const answer = await client.admin.createReviewer({
        campaign: need(f, "campaign"),
        name: need(f, "name"),
      });
      return {
        answer,
        text: `reviewer ${answer.id} (${answer.name}) created for ${answer.campaign}\ntoken: ${answer.token}\n(shown once — give it to the reviewer now; they sign in at /login with it)`,
      };
    },
  },
  "reviewer disable": {
    usage: "reviewer disable --id ID",
    run: async (f, client) => {
      const answer = await client.admin.disableReviewer(need(f, "id"));
      return {
        answer,
        text: `reviewer ${answer.id} disabled; its token no longer works and ${answer.sessionsEnded} session(s) ended`,
      };
    },
  },
  "reviewer list": {
    usage: "reviewer list [--campaign ID]",
    run: async (f, client) => {
      const answer = await client.admin.listReviewers(
        typeof f.campaign === "string" ? f.campaign : undefined,
      );
      const text = answer.reviewers
        .map(
          (r) =>
            `${r.id.padEnd(12)} ${r.campaign.padEnd(14)} ${r.disabled ? "disabled " : "         "}${r.name}`,
        )
        .join("\n");
      return { answer, text };
    },
  },
  reopen: {
    usage: "reopen --campaign ID --branch CODE --period YYYY-MM --until YYYY-MM-DD",
    run: async (f, client) => {
      const answer = await client.admin.reopen({
        campaign: need(f, "campaign"),
        branch: need(f, "branch"),
        period: need(f, "period"),
        until: need(f, "until"),
      });
      return {
        answer,
        text: `${answer.period} reopened for ${answer.branch} until the end of ${answer.until}`,
      };
    },
  },
  "sessions revoke": {
    usage: "sessions revoke",
    run: async (_f, client) => {
      const answer = await client.admin.revokeSessions();
      return {
        answer,
        text: `${answer.revoked} viewer session(s) ended; leaders sign in again with the viewer key`,
      };
    },
  },
  "audit list": {
    usage: "audit list [--before SEQ]",
    run: async (f, client) => {
      const answer = await client.admin.audit(typeof f.before === "string" ? f.before : undefined);
      const text = answer.entries
        .map(
          (e) =>
            `${String(e.seq).padStart(6)} ${e.at} ${e.actor.padEnd(6)} ${e.action.padEnd(20)} ${e.target ?? ""}  (${e.address})`,
        )
        .concat(answer.next ? [`older: juxing admin audit list --before ${answer.next}`] : [])
        .join("\n");
      return { answer, text };
    },
  },
  "notify set": {
    usage: "notify set --code CODE|--campaign ID --kind wecom|dingtalk|feishu|webhook --url URL [--secret S]",
    run: async (f, client) => {
      const { path, label } = notifyPath(f);
      const body = {
        kind: need(f, "kind"),
        url: need(f, "url"),
        ...(typeof f.secret === "string" ? { secret: f.secret } : {}),
      };
      const answer = await client.call("PUT", path, channelAnswer, { body });
      return {
        answer,
        text: `${label}: ${answer.kind} channel set (url ${answer.url}${answer.secret ? `, secret ${answer.secret}` : ""})\ntry it: juxing admin notify test ${label.startsWith("branch") ? `--code ${answer.ref}` : `--campaign ${answer.ref}`}`,
      };
    },
  },
  "notify clear": {
    usage: "notify clear --code CODE|--campaign ID",
    run: async (f, client) => {
      const { path, label } = notifyPath(f);
      const answer = await client.call("DELETE", path, channelClearedAnswer);
      return { answer, text: answer.cleared ? `${label}: channel cleared` : `${label} had no channel` };
    },
  },
  "notify test": {
    usage: "notify test --code CODE|--campaign ID",
    run: async (f, client) => {
      const { path, label } = notifyPath(f);
      const answer = await client.call("POST", `${path}/test`, channelTestAnswer);
      return {
        answer,
        text: answer.ok
          ? `${label}: test message delivered`
          : `${label}: test message failed — ${answer.error}`,
      };
    },
  },
  "notify calendar": {
    usage: "notify calendar --code CODE",
    run: async (f, client) => {
      const code = need(f, "code");
      const answer = await client.call(
        "GET",
        `api/v1/admin/branches/${encodeURIComponent(code)}/calendar-link`,
        calendarLinkAnswer,
      );
      return {
        answer,
        text: `${answer.url}\n(a secret link: anyone with it reads branch ${code}'s time nodes; subscribe to it in Outlook or a phone calendar)`,
      };
    },
  },
  "notify run": {
    usage: "notify run",
    run: async (_f, client) => {
      const answer = await client.call("POST", "api/v1/admin/notify/run", notifyRunAnswer);
      return {
        answer,
        text: `${answer.day}: ${answer.sent} sent, ${answer.failed} failed (retried at the next run), ${answer.skipped} already sent today`,
      };
    },
  },
  "branch list": {
    usage: "branch list [--campaign ID]",
    run: async (f, client) => {
      const answer = await client.admin.listBranches(typeof f.campaign === "string" ? f.campaign : undefined);
      const text = answer.branches
        .map(
          (b) =>
            `${b.code.padEnd(8)} ${b.campaign.padEnd(14)} ${b.disabled ? "disabled " : "         "}${b.name}`,
        )
        .join("\n");
      return { answer, text };
    },
  },
  "event create": {
    usage:
      "event create --campaign ID --name NAME --period YYYY-MM|YYYY-Qn|YYYY --date YYYY-MM-DD [--branches C1,C2] [--trim N]",
    run: async (f, client) => {
      const branches =
        typeof f.branches === "string" ? f.branches.split(/[,\s]+/).filter(Boolean) : undefined;
      const trim = integer(f, "trim");
      const body = {
        campaign: need(f, "campaign"),
        name: need(f, "name"),
        period: need(f, "period"),
        date: need(f, "date"),
        ...(branches ? { branches } : {}),
        ...(trim === undefined ? {} : { trim }),
      };
      const answer = await client.call("POST", "api/v1/admin/events", eventCreatedAnswer, { body });
      return {
        answer,
        text: `event ${answer.id} created
next: juxing admin judge create --event ${answer.id} --name NAME (one per judge)`,
      };
    },
  },
  ...Object.fromEntries(
    (["close", "reopen"] as const).map((verb) => [
      `event ${verb}`,
      {
        usage: `event ${verb} --id ID`,
        run: async (f: Flags, client: ApiClient) => {
          const id = need(f, "id");
          const answer = await client.call(
            "POST",
            `api/v1/admin/events/${encodeURIComponent(id)}/${verb}`,
            eventStateAnswer,
          );
          return {
            answer,
            text: answer.closed
              ? `event ${answer.id} closed: its result is published and counts in the branches' scores`
              : `event ${answer.id} reopened: judges may score again; its result no longer counts until closed`,
          };
        },
      } satisfies Action,
    ]),
  ),
  "event list": {
    usage: "event list [--campaign ID]",
    run: async (f, client) => {
      const query = typeof f.campaign === "string" ? `?campaign=${encodeURIComponent(f.campaign)}` : "";
      const answer = await client.call("GET", `api/v1/events${query}`, eventListAnswer);
      const text = answer.events
        .map(
          (e) =>
            `${String(e.id).padStart(4)} ${e.date} ${e.period.padEnd(8)} ${(e.closed ? "closed" : "open").padEnd(7)} ${String(e.judges).padStart(2)} judges ${String(e.branches).padStart(3)} branches  ${e.name}`,
        )
        .join("\n");
      return { answer, text: text || "no events" };
    },
  },
  "judge create": {
    usage: "judge create --event ID --name NAME",
    run: async (f, client) => {
      const event = need(f, "event");
      const answer = await client.call(
        "POST",
        `api/v1/admin/events/${encodeURIComponent(event)}/judges`,
        judgeCreatedAnswer,
        { body: { name: need(f, "name") } },
      );
      return {
        answer,
        text: `judge ${answer.id} (${answer.name}) for event ${answer.event}\ntoken: ${answer.token}\n(shown once — give it to the judge, who signs in with it at /login on a phone; valid for this event only)`,
      };
    },
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
      kind: { type: "string" },
      url: { type: "string" },
      secret: { type: "string" },
      period: { type: "string" },
      date: { type: "string" },
      branches: { type: "string" },
      trim: { type: "string" },
      event: { type: "string" },
      acceptance: { type: "string" },
      activities: { type: "string" },
      timezone: { type: "string" },
      "window-days": { type: "string" },
      branch: { type: "string" },
      until: { type: "string" },
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
  // Most commands are two words (`reviewer create`); `reopen` is one.
  const twoWords = actions[positionals.slice(0, 2).join(" ")];
  const action = twoWords ?? actions[positionals[0] ?? ""];
  if (!action || positionals.length > (twoWords ? 2 : 1))
    throw new UsageError(`unknown admin command "${positionals.join(" ")}"\n${adminUsage()}`);
  if (!server) throw new UsageError("--server URL is required (or JUXING_SERVER)");
  if (!token) throw new UsageError("--admin-token T is required (or JUXING_ADMIN_TOKEN)");

  try {
    const client = apiClient({
      server: checkedServer(server),
      token,
      fetch,
      timers: systemTimers,
      timeoutMs: 60_000,
    });
    const { answer, text } = await action.run(values, client);
    io.out(values.json ? JSON.stringify(answer, null, 2) : text);
    return 0;
  } catch (error) {
    if (error instanceof ServerUnreachable) {
      io.err(`cannot reach ${server}: ${error.message}`);
      return 3;
    }
    if (!(error instanceof ApiFailure)) throw error;
    if (error.kind === "network" || error.kind === "timeout") {
      io.err(`cannot reach ${server}: ${error.message}`);
      return 3;
    }
    io.err(failureText(error));
    return 1;
  }
}
