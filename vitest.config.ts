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
    ],
  },
});
