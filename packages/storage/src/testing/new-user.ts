import type { Role, User } from "@quorum/core";
import type { Database } from "../database.js";
// The public API, not repository paths: repositories are moving into use cases.
import { insertUser } from "../index.js";
import { TEST_NOW } from "./test-now.js";

export interface NewTestUser {
  role?: Role;
  /** Unique in the process when left out (`annotator-7@test.local`). */
  email?: string;
  name?: string;
  languages?: string[];
  skills?: Record<string, number>;
  vendor?: string | null;
  now?: number;
}

let sequence = 0;

/** Inserts a user who cannot sign in (the password hash is not a hash); an admin unless `role` says otherwise. */
export async function newUser(database: Database, options: NewTestUser = {}): Promise<User> {
  const role = options.role ?? "admin";
  const n = ++sequence;
  return insertUser(
    database.db,
    {
      email: options.email ?? `${role}-${n}@test.local`,
      name: options.name ?? `${role} ${n}`,
      passwordHash: "x",
      role,
      languages: options.languages ?? [],
      skills: options.skills ?? {},
      vendor: options.vendor ?? null,
    },
    options.now ?? TEST_NOW,
  );
}

/** An annotator with the given languages, skills and vendor (none by default). */
export function newAnnotator(database: Database, options: Omit<NewTestUser, "role"> = {}): Promise<User> {
  return newUser(database, { ...options, role: "annotator" });
}
