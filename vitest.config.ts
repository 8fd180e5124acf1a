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
    ],
  },
});
