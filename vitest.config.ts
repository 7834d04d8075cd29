import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One id per test run, inherited by the test workers: the browser tests share the run's demo
// workspace, the database tests its migrated template databases.
process.env.QUORUM_TEST_RUN ??= `${process.pid}-${Date.now()}`;

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@quorum\/core$/, replacement: src("core") },
      {
        find: /^@quorum\/core\/export-rendering$/,
        replacement: fileURLToPath(new URL("./packages/core/src/export-rendering.ts", import.meta.url)),
      },
      { find: /^@quorum\/storage$/, replacement: src("storage") },
      { find: /^@quorum\/server$/, replacement: src("server") },
      {
        find: /^@quorum\/server\/reports$/,
        replacement: fileURLToPath(new URL("./packages/server/src/reports/render-cost-report.ts", import.meta.url)),
      },
      {
        find: /^@quorum\/server\/oidc-config$/,
        replacement: fileURLToPath(new URL("./packages/server/src/auth/oidc-config.ts", import.meta.url)),
      },
    ],
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "e2e/**/*.test.ts"],
    setupFiles: ["./vitest.setup.ts"],
    globalSetup: ["./e2e/support/remove-demo-template.ts", "./vitest.global-setup.ts"],
    testTimeout: 60_000,
    // expect.poll gives up after 1 s by default: on a loaded CI machine a page's second fetch, a
    // lazily loaded console chunk or a refetch after a change often takes longer than that.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
    fileParallelism: true,
    // Each worker keeps its modules between test files instead of evaluating the whole source graph
    // again for every file: that evaluation was about a third of the suite's CPU (the server's files
    // spent longer importing than testing). Test files therefore must not leave global state behind
    // (environment variables are restored where a test sets them; nothing is mocked by module).
    isolate: false,
    maxWorkers: 2,
  },
});
