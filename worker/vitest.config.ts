/**
 * Worker tests inside workerd with real D1 (@cloudflare/vitest-plugin): the bindings come from
 * wrangler.jsonc, the migrations are read here and applied by test/setup.ts, and the secrets and a
 * roomier submission rate limit are test-only bindings.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

// wrangler.jsonc serves dist/public (the built task pane); it may not be built yet.
mkdirSync(join(root, "dist", "public"), { recursive: true });

export default defineConfig(async () => {
  const migrations = await readD1Migrations(join(here, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: join(root, "wrangler.jsonc") },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_TOKEN: "test-admin",
            VIEWER_KEY: "test-viewer",
            // One server besides the pane's own, and two entries the CSP must leave out.
            PANE_SERVERS: "https://juxing.example.gov.cn, not-a-url http://plain.example.com",
          },
          // A roomy submission limit; the failed-authentication limit as deployed (20 a minute).
          ratelimits: {
            RATE_LIMITER: { namespace_id: "1001", simple: { limit: 100_000, period: 60 } },
            AUTH_LIMITER: { namespace_id: "1002", simple: { limit: 20, period: 60 } },
          },
        },
      }),
    ],
    // Workbook fixtures reach workerd as `?inline` imports (base64 data URLs): it has no disk.
    assetsInclude: ["**/*.xlsx"],
    test: {
      name: "worker",
      root: here,
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/setup.ts"],
      testTimeout: 60_000,
    },
  };
});
