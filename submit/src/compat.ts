/**
 * What the page needs beyond Chromium 80 — the base of the browsers shipped in 信创 systems (360
 * 安全浏览器信创版, 奇安信可信浏览器, UOS 浏览器 are Chromium 8x) — supplied only where missing.
 * Syntax is lowered by esbuild (target chrome80); these are the library calls the page and the
 * core make that came later.
 */
export function installCompat(): void {
  if (!Array.prototype.at) {
    // Chromium 92
    Object.defineProperty(Array.prototype, "at", {
      configurable: true,
      writable: true,
      value<T>(this: T[], index: number): T | undefined {
        const i = Math.trunc(index) || 0;
        return this[i < 0 ? this.length + i : i];
      },
    });
  }
  if (!String.prototype.replaceAll) {
    // Chromium 85
    Object.defineProperty(String.prototype, "replaceAll", {
      configurable: true,
      writable: true,
      value(this: string, search: string, replacement: string): string {
        return this.split(search).join(replacement);
      },
    });
  }
  if (!Element.prototype.replaceChildren) {
    // Chromium 86
    Object.defineProperty(Element.prototype, "replaceChildren", {
      configurable: true,
      writable: true,
      value(this: Element, ...nodes: (Node | string)[]): void {
        this.textContent = "";
        this.append(...nodes);
      },
    });
  }
  const g = globalThis as { structuredClone?: (value: unknown) => unknown };
  // Chromium 98; the page clones only JSON data (the outbox's state).
  g.structuredClone ??= (value) => JSON.parse(JSON.stringify(value));
  const timeout = (AbortSignal as { timeout?: (ms: number) => AbortSignal }).timeout;
  if (!timeout) {
    // Chromium 103
    (AbortSignal as unknown as { timeout: (ms: number) => AbortSignal }).timeout = (ms) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), ms);
      return controller.signal;
    };
  }
}

/** A version 4 UUID from getRandomValues (crypto.randomUUID is Chromium 92). */
export function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
