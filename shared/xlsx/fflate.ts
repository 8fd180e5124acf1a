/**
 * The inflater for hosts without a native one — browsers and Workers (DecompressionStream is
 * asynchronous, and newer than the browsers /submit supports; docs/reader.md): fflate, JavaScript.
 */
import { inflateSync } from "fflate";
import type { Inflate } from "./package.ts";

export const fflateInflate: Inflate = (data, size) => inflateSync(data, { out: new Uint8Array(size) });
