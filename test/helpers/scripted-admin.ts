/**
 * A scripted server for `juxing admin …` tests: it answers each "METHOD /path" with the status and
 * body given, records what the command sent, and `runAdmin` runs the command against it with its
 * output captured. The tests see what a campaign office would: the requests and the printed lines.
 */
import { createServer } from "node:http";
import { adminCommand } from "../../cli/admin.ts";

export interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: unknown;
}

const open = new Set<() => void>();

/** Closes every scripted server a test opened (call it in `afterEach`). */
export function closeScripted(): void {
  for (const close of open) close();
  open.clear();
}

export async function scripted(answers: Record<string, [number, unknown]>) {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      auth: req.headers.authorization,
      body: raw ? JSON.parse(raw) : null,
    });
    const [status, body] = answers[`${req.method} ${req.url}`] ?? [
      404,
      { error: { code: "not_found", message: "no" } },
    ];
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  open.add(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

export async function runAdmin(server: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await adminCommand([...args, "--server", server, "--admin-token", "adm"], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
