/**
 * Settings' check of the server URL before it is saved. The pane's page may send only to its own
 * origin and to the servers its deployment lists in PANE_SERVERS (the Worker's connect-src,
 * worker/src/security.ts); the browser blocks anything else without saying so to the page except
 * through a `securitypolicyviolation` event. So a server is tried (`/healthz`) and:
 *   - blocked by that policy  → refused, with the reason and what to do;
 *   - unreachable             → saved with a warning (offline is normal; the outbox waits);
 *   - answering, not Juxing   → refused (a typo that reaches some other site).
 */
import { healthAnswer } from "../../shared/api/health.ts";
import type { Lang } from "../../shared/findings.ts";

export type ServerCheck =
  | { ok: true; warning?: string }
  | { ok: false; reason: "blocked" | "not-juxing"; message: string };

const text = {
  blocked: {
    "zh-CN":
      "此任务窗格只能连接它所在的服务器（{pane}）和部署时允许的服务器，不能连接 {server}。请改用 {pane}，或请管理员把 {server} 加入 PANE_SERVERS。",
    en: "This task pane may only connect to the server it came from ({pane}) and the servers its deployment allows, not {server}. Use {pane}, or ask the administrator to add {server} to PANE_SERVERS.",
  },
  notJuxing: {
    "zh-CN": "{server} 不是聚星服务器（/healthz 没有正确应答），请检查地址。",
    en: "{server} is not a Juxing server (/healthz did not answer as one); check the address.",
  },
  unreachable: {
    "zh-CN": "暂时连不上 {server}，设置已保存；联网后同步会自动发送。",
    en: "{server} cannot be reached right now; the settings were saved and sync will send once online.",
  },
} satisfies Record<string, Record<Lang, string>>;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "");
}

export interface CheckEnvironment {
  /** The pane's own origin (location.origin). */
  paneOrigin: string;
  fetch: typeof fetch;
  /** Where `securitypolicyviolation` events arrive (the page's document). */
  events?: Pick<EventTarget, "addEventListener" | "removeEventListener">;
  timeoutMs?: number;
}

export async function checkServer(server: string, lang: Lang, env: CheckEnvironment): Promise<ServerCheck> {
  const origin = new URL(server).origin;
  const values = { server: origin, pane: env.paneOrigin };
  if (origin === env.paneOrigin) return { ok: true };
  let blocked = false;
  const onViolation = (event: Event) => {
    const uri = (event as Event & { blockedURI?: string }).blockedURI ?? "";
    if (uri.startsWith(origin)) blocked = true;
  };
  env.events?.addEventListener("securitypolicyviolation", onViolation);
  try {
    const response = await env.fetch(`${server}/healthz`, {
      signal: AbortSignal.timeout(env.timeoutMs ?? 5_000),
    });
    const body = await response.json().catch(() => null);
    if (response.ok && healthAnswer.safeParse(body).success) return { ok: true };
    return { ok: false, reason: "not-juxing", message: fill(text.notJuxing[lang], values) };
  } catch {
    // The violation event is queued as a task: let it arrive before deciding.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (blocked) return { ok: false, reason: "blocked", message: fill(text.blocked[lang], values) };
    return { ok: true, warning: fill(text.unreachable[lang], values) };
  } finally {
    env.events?.removeEventListener("securitypolicyviolation", onViolation);
  }
}
