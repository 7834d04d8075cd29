import { removeTestTemplates } from "./packages/storage/src/testing/template-databases.js";

/**
 * Vitest global setup: after the run, drops the run's migrated template databases (SQLite files,
 * PostgreSQL databases) and any test database a failed test left behind.
 */
export default function setup() {
  return async () => {
    const run = process.env.QUORUM_TEST_RUN;
    if (!run) return;
    await removeTestTemplates(
      run.toLowerCase().replace(/[^a-z0-9]/g, "_"),
      process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    );
  };
}
