import { removeTestTemplates, testRun } from "./packages/storage/src/testing/template-databases.js";

/**
 * Vitest global setup: after the run, drops the run's migrated template databases (SQLite files,
 * PostgreSQL databases) and any test database a failed test left behind.
 */
export default function setup() {
  return async () => {
    const run = testRun();
    if (!run) return;
    await removeTestTemplates(run, process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  };
}
