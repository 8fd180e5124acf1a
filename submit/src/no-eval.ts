/**
 * The page's CSP allows no eval. Told so, zod does not probe `new Function` — a probe it catches,
 * but which browsers report as a CSP violation, and Firefox as a page error. It probes when a
 * schema is built, at module load, so this module is the page's first import.
 */
import * as z from "zod";

z.config({ jitless: true });
