/**
 * A local stand-in for a group robot (docs/operations.md "Reminders"): an HTTP server on loopback
 * that prints every message it receives — the markdown of a WeCom or DingTalk message, the lines
 * of a Feishu post, or a plain webhook's JSON — and answers as the platforms document success
 * (`{"errcode":0,"errmsg":"ok"}`; Feishu `{"code":0,"msg":"success"}`).
 *
 * `npm start` runs one inside its own process (so stopping npm start stops it too) and wires a
 * demo branch and the demo office to it. Alone: `node scripts/notify-receiver.ts [port]`, then
 * `juxing admin notify set --code C --kind wecom --url http://127.0.0.1:<port>/wecom`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What a received body says, as a person reads it. */
export function describeMessage(body: unknown): string {
  if (typeof body !== "object" || body === null) return String(body);
  // The shapes of docs/operations.md "Reminders", read loosely: this only prints.
  const b = body as {
    msgtype?: string;
    markdown?: { text?: string; content?: string };
    msg_type?: string;
    content?: { post?: { zh_cn?: { title?: string; content?: { text?: string }[][] } } };
  };
  if (b.msgtype === "markdown") return String(b.markdown?.text ?? b.markdown?.content ?? "");
  if (b.msg_type === "post") {
    const post = b.content?.post?.zh_cn ?? {};
    const lines = (post.content ?? []).map((row) => row.map((e) => e.text ?? "").join(""));
    return [post.title ?? "", ...lines].join("\n");
  }
  return JSON.stringify(body, null, 2);
}

export async function startReceiver(
  port = 0,
  print: (text: string) => void = (text) => console.log(text),
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      raw += chunk;
    });
    req.on("end", () => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Not JSON: printed as it came.
      }
      const path = (req.url ?? "/").replace(/([?&](access_token|key|sign)=)[^&]*/g, "$1…");
      print(`\n── notify-receiver: ${req.method} ${path} ──\n${describeMessage(body)}\n`);
      res.setHeader("Content-Type", "application/json");
      res.end(req.url?.includes("feishu") ? '{"code":0,"msg":"success"}' : '{"errcode":0,"errmsg":"ok"}');
    });
  });
  server.listen(port, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  // The receiver must never keep npm start (or a test) alive on its own.
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

if (import.meta.main) {
  const { url } = await startReceiver(Number(process.argv[2] ?? 8790));
  // Kept alive by the ref'd stdin while run alone; Ctrl-C ends it.
  process.stdin.resume();
  console.log(`notify-receiver listening on ${url} — Ctrl-C to stop`);
}
