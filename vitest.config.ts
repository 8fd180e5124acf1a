import { defineConfig } from "vitest/config";

// One project per runtime: the core and command line in Node; the Worker in workerd and the
// task pane and pages in Chromium join as their own projects.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      "worker/vitest.config.ts",
      {
        // Broken and odd workbooks, byte mutations and the command line on them (test/robust).
        test: {
          name: "robust",
          include: ["test/robust/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
        },
      },
      {
        // The local stack as `npm start` runs it: wrangler dev, D1 on disk, the command line.
        test: {
          name: "stack",
          include: ["test/stack/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      {
        // The built task pane in headless Chromium against a real wrangler dev (test/browser).
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        // A newcomer's first hour: npm start, the CLI, the pane in Chromium, the rankings page.
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 240_000,
          hookTimeout: 400_000,
        },
      },
    ],
  },
});
