/**
 * The little of the web platform that the task pane (a browser), the command line (Node ≥ 22) and
 * the Worker (workerd) all give, declared here because shared/ is checked with no DOM and no Node
 * types (shared/tsconfig.json). Only shared/ sees these declarations; each host's program checks
 * the same code against its own, fuller types. Anything not listed is not for the core: the host
 * passes it in (fetch, storage, clock).
 */
interface AbortSignal {
  readonly aborted: boolean;
}
declare var AbortController: { new (): { readonly signal: AbortSignal; abort(): void } };

interface Headers {
  get(name: string): string | null;
}
interface Response {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: Headers;
  text(): Promise<string>;
}
interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

declare var crypto: {
  randomUUID(): string;
  subtle: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> };
};
declare var TextEncoder: { new (): { encode(text: string): Uint8Array } };
declare var TextDecoder: {
  new (label?: string, options?: { fatal?: boolean }): { decode(bytes?: Uint8Array): string };
};
declare function structuredClone<T>(value: T): T;
declare function setTimeout(fn: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
