import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/** One change that matters, with who made it and when. */
export interface AuditEntry {
  id: number;
  projectId: number | null;
  actorId: number | null;
  actorName: string | null;
  actorEmail: string | null;
  /** Dotted verb: `user.create`, `auth.token.revoke`, `project.update`, `review.accept`, ... */
  action: string;
  details: Record<string, unknown>;
  /** Epoch ms. */
  createdAt: number;
}

export interface AuditFilter {
  /** Keyset paging: entries with a smaller id than this (the `next` of the previous page). */
  before?: number | undefined;
  limit: number;
  /** An exact action (`user.update`) or a prefix ending in a dot (`auth.`). */
  action?: string | undefined;
  actorId?: number | undefined;
  projectId?: number | undefined;
  /** Epoch ms, inclusive. */
  since?: number | undefined;
  /** Epoch ms, exclusive. */
  until?: number | undefined;
}

/** A page of the audit log, newest first, read through the primary key (and the actor or action index). */
export async function listAuditLog(db: Kysely<DB>, filter: AuditFilter): Promise<AuditEntry[]> {
  let query = db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_id")
    .select([
      "audit_log.id",
      "audit_log.project_id",
      "audit_log.actor_id",
      "users.name",
      "users.email",
      "audit_log.action",
      "audit_log.details",
      "audit_log.created_at",
    ])
    .orderBy("audit_log.id", "desc")
    .limit(filter.limit);
  if (filter.before !== undefined) query = query.where("audit_log.id", "<", filter.before);
  if (filter.action !== undefined)
    query = filter.action.endsWith(".")
      ? query
          .where("audit_log.action", ">=", filter.action)
          .where("audit_log.action", "<", `${filter.action.slice(0, -1)}/`)
      : query.where("audit_log.action", "=", filter.action);
  if (filter.actorId !== undefined) query = query.where("audit_log.actor_id", "=", filter.actorId);
  if (filter.projectId !== undefined) query = query.where("audit_log.project_id", "=", filter.projectId);
  if (filter.since !== undefined) query = query.where("audit_log.created_at", ">=", filter.since);
  if (filter.until !== undefined) query = query.where("audit_log.created_at", "<", filter.until);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    projectId: row.project_id,
    actorId: row.actor_id,
    actorName: row.name,
    actorEmail: row.email,
    action: row.action,
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAt: row.created_at,
  }));
}

/** Every entry matching the filter, newest first, a page at a time (for exports). */
export async function* streamAuditLog(
  db: Kysely<DB>,
  filter: Omit<AuditFilter, "limit" | "before">,
  pageSize = 1000,
): AsyncGenerator<AuditEntry> {
  let before: number | undefined;
  for (;;) {
    const page = await listAuditLog(db, { ...filter, before, limit: pageSize });
    yield* page;
    if (page.length < pageSize) return;
    before = page[page.length - 1]!.id;
  }
}
