/**
 * `juxing outbox list` and `juxing outbox discard ID` — what waits to be sent, and removing a
 * submission the server refused (or one nobody will send) once the user has seen why.
 */
import { parseArgs } from "node:util";
import { Outbox } from "../shared/api/outbox.ts";
import { UsageError } from "./args.ts";
import { fileStore } from "./outbox-store.ts";
import type { Output } from "./output.ts";

function openOutbox(): Outbox {
  return new Outbox({
    store: fileStore(),
    fetch: () => Promise.reject(new Error("the outbox command sends nothing")),
    clock: { now: () => Date.now(), setTimeout: () => null, clearTimeout: () => {} },
    token: () => "",
    autoSend: false,
  });
}

export async function outboxCommand(args: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false } },
  });
  const [action, id, ...rest] = positionals;
  const outbox = openOutbox();
  if (action === "list" && !id) {
    const items = outbox.state().items;
    if (values.json) {
      io.out(JSON.stringify({ items: items.map(({ body: _, ...item }) => item) }, null, 2));
      return 0;
    }
    if (items.length === 0) io.out("outbox empty");
    for (const item of items) {
      const why = item.lastError
        ? ` — ${item.lastError.message ?? item.lastError.kind}${item.lastError.status ? ` [${item.lastError.status}]` : ""}`
        : "";
      io.out(
        `${item.id}  ${item.state.padEnd(7)}  ${item.label.branch} ${item.label.period}  ${item.label.workbook}  → ${item.server}${why}`,
      );
    }
    return 0;
  }
  if (action === "discard" && id && rest.length === 0) {
    if (!outbox.discard(id)) {
      io.err(`no outbox item ${id} (juxing outbox list shows them)`);
      return 1;
    }
    io.out(`discarded ${id}`);
    return 0;
  }
  throw new UsageError("outbox list | outbox discard ID");
}
