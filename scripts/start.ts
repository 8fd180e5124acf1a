/**
 * `npm start`: the local stack on its embedded defaults. Creates .dev.vars on first run, builds the
 * task pane, applies the D1 migrations, runs wrangler dev on 127.0.0.1:${PORT:-8787}, seeds the
 * demo campaign when the local database is empty, and prints where to go.
 *
 * It ends everything it started on Ctrl-C, SIGTERM, SIGHUP or its starter's death, at any moment
 * (lib/lifecycle.ts, whose handlers are in place before this module's first line runs, and
 * lib/leash.ts, which ends wrangler's tree even when this process is killed outright).
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type SeededEvents, seedEvents } from "./demo/events.ts";
import { type SeededReviewer, seedReviews } from "./demo/reviews.ts";
import { demoCampaign, seedDemo } from "./demo/seed.ts";
import { onShutdown, watchStarter } from "./lib/lifecycle.ts";
import {
  applyMigrations,
  databaseIsEmpty,
  ensureDir,
  root,
  startDevServer,
  stopAllServers,
} from "./lib/stack.ts";
import { startReceiver } from "./notify-receiver.ts";

onShutdown(stopAllServers);
watchStarter();

const port = Number(process.env.PORT ?? 8787);
/** The day the demo's reminders take as today: inside the 2023 demo campaign, with lists due soon. */
const DEMO_REMINDER_DAY = "2023-06-25";
const DEMO_NOTIFY_BRANCH = "czj";
// JUXING_STATE_DIR lets the tests run `npm start` beside a developer's own local database.
const persistTo = process.env.JUXING_STATE_DIR ?? join(root, ".wrangler", "state");
const tokensFile = join(persistTo, "demo-tokens.json");
const judgesFile = join(persistTo, "demo-judges.json");
const reviewerFile = join(persistTo, "demo-reviewer.json");

/** The demo branch's WeCom-style robot and the office's plain webhook, both the local receiver. */
async function wireDemoChannels(server: string, adminToken: string, receiverUrl: string): Promise<void> {
  const put = async (path: string, body: unknown) => {
    const res = await fetch(`${server}/api/v1/admin/${path}/notify`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok)
      console.log(`could not wire the demo's reminders (${path}): ${res.status} ${await res.text()}`);
  };
  await put(`branches/${DEMO_NOTIFY_BRANCH}`, {
    kind: "wecom",
    url: `${receiverUrl}/wecom/${DEMO_NOTIFY_BRANCH}`,
  });
  await put(`campaigns/${demoCampaign.campaign.id}`, { kind: "webhook", url: `${receiverUrl}/office` });
}

function devVars(): Record<string, string> {
  const file = join(root, ".dev.vars");
  if (!existsSync(file)) {
    copyFileSync(join(root, ".dev.vars.example"), file);
    console.log("created .dev.vars from .dev.vars.example");
  }
  const vars: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(line);
    if (match) vars[match[1] as string] = match[2] as string;
  }
  return vars;
}

/** The task pane and the /submit page into dist/public, the command line's bundle into dist/cli. */
async function buildAddin(): Promise<void> {
  for (const [file, name] of [
    ["build-addin.ts", "buildAddin"],
    ["build-submit.ts", "buildSubmit"],
    ["build-cli.ts", "buildCli"],
  ] as const) {
    const build = join(root, "scripts", file);
    if (!existsSync(build)) continue;
    const run = ((await import(build)) as Record<string, (() => Promise<unknown>) | undefined>)[name];
    if (run) await run();
  }
}

const vars = devVars();
await buildAddin();
ensureDir(persistTo);
console.log("applying D1 migrations to the local database…");
await applyMigrations(persistTo);
const fresh = await databaseIsEmpty(persistTo);

// The demo's group robot: a receiver inside this process, so it stops when npm start does.
const receiver = await startReceiver(0);

console.log(`starting wrangler dev on http://127.0.0.1:${port} …`);
const server = await startDevServer({
  port,
  persistTo,
  output: "inherit",
  // GET /__scheduled?cron=… runs the daily reminders; the demo campaign is 2023's, so they run as
  // of a day inside it (docs/operations.md "Reminders").
  testScheduled: true,
  vars: { PUBLIC_URL: `http://127.0.0.1:${port}`, NOTIFY_TODAY: DEMO_REMINDER_DAY },
});

let tokens: Record<string, string> = {};
if (fresh) {
  console.log("seeding the demo campaign juxing-2023 (17 branches, 2023-01 … 2023-06)…");
  tokens = await seedDemo(server.url, vars.ADMIN_TOKEN ?? "dev-admin");
  writeFileSync(tokensFile, JSON.stringify(tokens, null, 2));
  console.log("seeding the demo's judged events (two closed, one open, 7 judges each)…");
  writeFileSync(
    judgesFile,
    JSON.stringify(await seedEvents(server.url, vars.ADMIN_TOKEN ?? "dev-admin", demoCampaign), null, 2),
  );
  console.log("seeding the demo's verification (a reviewer; claims accepted, returned and pending)…");
  writeFileSync(
    reviewerFile,
    JSON.stringify(await seedReviews(server.url, vars.ADMIN_TOKEN ?? "dev-admin", demoCampaign), null, 2),
  );
} else if (existsSync(tokensFile)) {
  tokens = JSON.parse(readFileSync(tokensFile, "utf8"));
}
// The receiver's port is new at every start: point the demo branch and office at it again.
await wireDemoChannels(server.url, vars.ADMIN_TOKEN ?? "dev-admin", receiver.url);

const reviewer: SeededReviewer | null = existsSync(reviewerFile)
  ? JSON.parse(readFileSync(reviewerFile, "utf8"))
  : null;
const judges: SeededEvents | null = existsSync(judgesFile)
  ? JSON.parse(readFileSync(judgesFile, "utf8"))
  : null;

console.log(`
聚星 Juxing is running — local stack, demo data, embedded defaults.

  Rankings (leaders)   ${server.url}/rankings        viewer key: ${vars.VIEWER_KEY}
  Task pane            ${server.url}/addin/taskpane.html
  API                  ${server.url}/api/v1/rankings?campaign=juxing-2023&period=2023-06
  Health               ${server.url}/healthz
  Admin token          ${vars.ADMIN_TOKEN}
  On-site judging      ${server.url}/events

Demo branch tokens (campaign juxing-2023):
${Object.entries(tokens)
  .map(([code, token]) => `  ${code.padEnd(5)} ${token}`)
  .join("\n")}

${
  reviewer
    ? `Reviewer of the campaign office (sign in at ${server.url}/login with this token, then ${server.url}/review):
  ${reviewer.name} ${reviewer.token}

`
    : ""
}${
  judges
    ? `Judge of the open event "${judges.open.name}" (sign in at ${server.url}/login, then ${server.url}/judge):
  ${judges.open.judges[0]?.name ?? ""} ${judges.open.judges[0]?.token ?? ""}
Projector view: ${server.url}/events/${judges.open.id}/screen

`
    : ""
}Reminders (督办)     ${server.url}/supervision
  Branch ${DEMO_NOTIFY_BRANCH} and the office are wired to a local receiver that prints here what it gets.
  Run the daily job (as of ${DEMO_REMINDER_DAY}; a second run the same day sends nothing):
  curl "${server.url}/__scheduled?cron=30+0+*+*+*"

Try:  npm run juxing -- sync test/fixtures/workbooks/canonical.xlsx --server ${server.url} --token ${tokens.czj ?? "<czj token>"}
Stop with Ctrl-C. Delete .wrangler/ to start again from an empty database.
`);
// The leash's pipe keeps this process alive until a signal or the starter's death ends it.
