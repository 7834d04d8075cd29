import { describe, expect, it } from "vitest";
import { MIGRATION_NAMES } from "./migrate.js";

describe("the migration list", () => {
  it("ends with the migration that sorts last, so the one added last runs last", () => {
    // Kysely runs migrations sorted by name and refuses to start on a database that has run a
    // migration sorting after one it has not: a new migration (added at the end of the list)
    // named before the latest would break every existing database on upgrade.
    expect(MIGRATION_NAMES.at(-1)).toBe([...MIGRATION_NAMES].sort().at(-1));
  });
});
