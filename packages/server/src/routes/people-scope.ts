import { inPeopleScope, type PeopleScope, peopleScope, seesGold, type User } from "@quorum/core";
import { listUsers } from "@quorum/storage";
import type { Context } from "hono";
import type { AppEnv } from "../context.js";

/** What of other people one caller may be shown: core's `peopleScope` and `seesGold`, resolved to ids. */
export interface Visibility {
  scope: PeopleScope;
  /** Whether the person with this id is in the caller's scope. */
  sees(personId: number | null): boolean;
  /** Whether gold answers (and a judgment's match with one) may be shown. */
  gold: boolean;
}

/**
 * The caller's visibility. Everyone-scoped callers cost nothing; a vendor lead's team is read once
 * per request and filtered by the same core rule that filters the user list.
 */
export async function visibilityOf(c: Context<AppEnv>, viewer: User): Promise<Visibility> {
  const scope = peopleScope(viewer);
  const gold = seesGold(viewer);
  if (scope.kind === "everyone") return { scope, sees: () => true, gold };
  const team = new Set(
    (await listUsers(c.get("deps").database.db)).filter((person) => inPeopleScope(scope, person)).map((p) => p.id),
  );
  return { scope, sees: (id) => id !== null && team.has(id), gold };
}
