/**
 * `juxing admin event …` and `juxing admin judge create` against a scripted server: what they send,
 * what they print, and an answer that does not fit its schema refused rather than cast.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeScripted, runAdmin as run, scripted } from "../helpers/scripted-admin.ts";

afterEach(closeScripted);

describe("juxing admin event and judge", () => {
  it("event create sends the event, with branches and trim when given, and says what comes next", async () => {
    const { url, seen } = await scripted({ "POST /api/v1/admin/events": [201, { id: 7 }] });
    const result = await run(
      url,
      "event",
      "create",
      "--campaign",
      "juxing-2023",
      "--name",
      "技能大比武",
      "--period",
      "2023-06",
      "--date",
      "2023-06-27",
      "--branches",
      "xwb,zzb",
      "--trim",
      "2",
    );
    expect(result).toMatchObject({ code: 0 });
    expect(result.out).toContain("event 7 created");
    expect(result.out).toContain("judge create --event 7");
    expect(seen[0]).toEqual({
      method: "POST",
      url: "/api/v1/admin/events",
      auth: "Bearer adm",
      body: {
        campaign: "juxing-2023",
        name: "技能大比武",
        period: "2023-06",
        date: "2023-06-27",
        branches: ["xwb", "zzb"],
        trim: 2,
      },
    });
  });

  it("judge create prints the token once; close, reopen and list say what happened", async () => {
    const { url, seen } = await scripted({
      "POST /api/v1/admin/events/7/judges": [201, { id: 3, name: "评委1", event: 7, token: "jxj_abc" }],
      "POST /api/v1/admin/events/7/close": [200, { id: 7, closed: true, closedAt: "2023-06-27T10:00:00Z" }],
      "POST /api/v1/admin/events/7/reopen": [200, { id: 7, closed: false, closedAt: null }],
      "GET /api/v1/events?campaign=juxing-2023": [
        200,
        {
          events: [
            {
              id: 7,
              campaign: "juxing-2023",
              name: "技能大比武",
              period: "2023-06",
              date: "2023-06-27",
              trim: null,
              closed: true,
              closedAt: "2023-06-27T10:00:00Z",
              branches: 17,
              judges: 7,
            },
          ],
        },
      ],
    });
    const judge = await run(url, "judge", "create", "--event", "7", "--name", "评委1");
    expect(judge.out).toContain("token: jxj_abc");
    expect(judge.out).toContain("shown once");
    expect(seen[0]?.body).toEqual({ name: "评委1" });
    expect((await run(url, "event", "close", "--id", "7")).out).toContain("event 7 closed");
    expect((await run(url, "event", "reopen", "--id", "7")).out).toContain("event 7 reopened");
    const list = await run(url, "event", "list", "--campaign", "juxing-2023");
    expect(list.out).toMatch(/7 2023-06-27 2023-06 +closed +7 judges +17 branches +技能大比武/);
    const json = await run(url, "event", "list", "--campaign", "juxing-2023", "--json");
    expect(JSON.parse(json.out).events[0].id).toBe(7);
  });

  it("an answer that does not fit is refused; a refusal prints the server's reason; missing flags are usage errors", async () => {
    const { url } = await scripted({
      "POST /api/v1/admin/events/7/close": [200, { id: "seven" }],
      "POST /api/v1/admin/events/8/close": [
        404,
        { error: { code: "event_not_found", message: "No event 8." } },
      ],
    });
    const odd = await run(url, "event", "close", "--id", "7");
    expect(odd.code).toBe(1);
    expect(odd.err).toContain("not what this version expects");
    const missing = await run(url, "event", "close", "--id", "8");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("No event 8.");
    await expect(run(url, "judge", "create", "--event", "7")).rejects.toThrow("--name is required");
  });
});
