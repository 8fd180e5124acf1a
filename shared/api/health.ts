/** GET /healthz (docs/api.md): how a client knows that a server is Juxing. */
import * as z from "zod";

export const healthAnswer = z.object({ ok: z.literal(true) });
