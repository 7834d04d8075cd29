import { describe, expect, it } from "vitest";
import { MIGRATION_NAMES } from "./migrate.js";

describe("the migration list", () => {
  it("is in the order Kysely runs it, so a new migration is added last and sorts last", () => {
    // Kysely runs migrations sorted by name and refuses to start on a database that has run a
    // migration sorting after one it has not: a new one named before the latest would break
    // every existing database on upgrade.
    expect(MIGRATION_NAMES).toEqual([...MIGRATION_NAMES].sort());
  });
});
