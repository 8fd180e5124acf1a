/**
 * The Juxing Worker (docs/overview.md, docs/api.md): the sync API, the rankings API, viewer sessions, the rankings
 * pages and the task pane's static files, on Hono with D1.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv, Bindings } from "./env.ts";
import { errorResponse, notFound, onError } from "./errors.ts";
import { notifyNow } from "./notify/clock.ts";
import { dailyRun } from "./notify/run.ts";
import { admin } from "./routes/admin.ts";
import { auditPage } from "./routes/audit-page.ts";
import { branches } from "./routes/branches.ts";
import { calendar } from "./routes/calendar.ts";
import { campaigns } from "./routes/campaigns.ts";
import { eventPages } from "./routes/event-pages.ts";
import { events } from "./routes/events.ts";
import { pages } from "./routes/pages.ts";
import { rankings, rankingsCsvRoute } from "./routes/rankings.ts";
import { reviewPages } from "./routes/review-page.ts";
import { reviews } from "./routes/reviews.ts";
import { session } from "./routes/session.ts";
import { submissions } from "./routes/submissions.ts";
import { supervision } from "./routes/supervision.ts";
import { whoami } from "./routes/whoami.ts";
import { corsPaths, noStoreByDefault, securityHeaders, taskPaneCors } from "./security.ts";
import { serveAsset, serveSubmitPage } from "./static.ts";

const MAX_BODY_BYTES = 1024 * 1024;

const app = new Hono<AppEnv>();

app.use("*", securityHeaders);
app.use("*", noStoreByDefault);
for (const path of corsPaths) app.use(path, taskPaneCors);
app.use(
  "*",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => errorResponse(c, 413, "payload_too_large", "The body is larger than 1 MB."),
  }),
);

app.get("/healthz", (c) => c.json({ ok: true }));

// Chained, so that the routes' types (paths, validated inputs, answers) make up AppType.
const api = app
  .route("/api/v1/submissions", submissions)
  .route("/api/v1/rankings.csv", rankingsCsvRoute)
  .route("/api/v1/rankings", rankings)
  .route("/api/v1/campaigns", campaigns)
  .route("/api/v1/branches", calendar)
  .route("/api/v1/branches", branches)
  .route("/api/v1/reviews", reviews)
  .route("/api/v1/admin", admin)
  .route("/api/v1/events", events)
  .route("/api/v1/whoami", whoami);

/**
 * The API's routes as types, for Hono's typed client (`hc<AppType>`) and for the contract test
 * (worker/test/contract.test.ts) that every call of shared/api/client.ts names a route that exists.
 */
export type AppType = typeof api;
app.route("/", session);
app.route("/", reviewPages);
app.route("/", auditPage);
app.route("/", eventPages);
app.route("/", supervision);
app.route("/", pages);

// The task pane and any other built file (dist/public) for GET/HEAD outside the API.
app.get("/addin/*", serveAsset);
app.get("/submit", serveSubmitPage);
app.get("/submit/*", serveAsset);
app.notFound(async (c) => {
  if ((c.req.method === "GET" || c.req.method === "HEAD") && !c.req.path.startsWith("/api/")) {
    const asset = await serveAsset(c);
    if (asset.status !== 404) return asset;
  }
  return notFound(c);
});
app.onError(onError);

/**
 * The Cron Trigger (wrangler.jsonc `triggers.crons`, 08:30 in Beijing): the daily 督办 run
 * (docs/operations.md "Reminders"). Its tally goes to the log (Workers Logs when deployed).
 * Attached to the Hono app itself so that the tests keep reading the app's routes from the default
 * export while workerd finds both `fetch` and `scheduled` on it.
 */
async function scheduled(controller: ScheduledController, env: Bindings): Promise<void> {
  const result = await dailyRun(env.DB, {
    now: notifyNow(env, new Date(controller.scheduledTime)),
    fetch: (url, init) => fetch(url, init),
    publicUrl: env.PUBLIC_URL || null,
  });
  console.log("juxing daily run", JSON.stringify(result));
}

export default Object.assign(app, { scheduled });
