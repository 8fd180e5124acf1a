/**
 * GET /api/v1/whoami — what a token stands for. The command line and the task pane ask it so a
 * branch needs only its token: the branch code and campaign come from the server.
 */
import { Hono } from "hono";
import type { WhoamiAnswer } from "../../../shared/api/schemas.ts";
import { judgeOnly, requireReader } from "../auth.ts";
import type { AppEnv } from "../env.ts";

export const whoami = new Hono<AppEnv>().get("/", requireReader, (c) => {
  const principal = c.get("principal");
  if (principal.kind === "branch") {
    return c.json({
      role: "branch",
      branch: { code: principal.code, name: principal.name },
      campaign: principal.campaign,
    } satisfies WhoamiAnswer);
  }
  if (principal.kind === "reviewer") {
    return c.json({
      role: "reviewer",
      reviewer: { id: principal.id, name: principal.name },
      campaign: principal.campaign,
    } satisfies WhoamiAnswer);
  }
  // requireReader already refuses judges; this keeps the answer's type honest.
  if (principal.kind === "judge") throw judgeOnly();
  return c.json({ role: principal.kind } satisfies WhoamiAnswer);
});
