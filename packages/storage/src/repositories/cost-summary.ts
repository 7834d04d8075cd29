import {
  COST_COMPONENTS,
  type CostComponent,
  type CostComponents,
  startOfLocalDay,
  zeroComponents,
} from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";

export const COST_GROUPS = ["project", "businessUnit", "language", "vendor", "annotator"] as const;
export type CostGroup = (typeof COST_GROUPS)[number];

const GROUP_COLUMN = {
  project: "project_id",
  businessUnit: "business_unit_id",
  language: "language",
  vendor: "vendor",
  annotator: "annotator_id",
} as const;

/** Who may see which rows: a vendor's people only, one person only, or everyone (both undefined). */
export interface CostScope {
  vendor?: string;
  annotatorId?: number;
}

/** One group of the cost summary (the public contract row, in integer minor units of `currency`). */
export interface CostSummaryRow {
  /** The group's id (project, business unit or annotator id; language or vendor); "(none)" for none. */
  key: string;
  /** The group's current name (projects, business units, annotators), else the key. */
  label: string;
  currency: string;
  total: number;
  acceptedLabels: number;
  /** total / acceptedLabels, unrounded; null without accepted labels. */
  perAcceptedLabel: number | null;
  components: CostComponents;
}

/**
 * The summary's one aggregate query. The ledger has no index on time alone (each index costs
 * every judgment a page write), so a range over every project probes `cost_ledger_project` once
 * per project in `projectIds` (and once for rows of no project) instead of scanning; one
 * person's range uses `cost_ledger_annotator`.
 */
export function costSummaryQuery(
  db: Kysely<DB>,
  options: { from: number; to: number; groupBy: CostGroup; scope: CostScope; projectIds: readonly number[] },
) {
  const column = GROUP_COLUMN[options.groupBy];
  let query = db
    .selectFrom("cost_ledger")
    .select([
      sql<string | number | null>`${sql.ref(column)}`.as("group_key"),
      "currency",
      "component",
      (eb) => eb.fn.sum<number>("amount_minor").as("amount"),
      (eb) => eb.fn.sum<number>("accepted_labels").as("labels"),
    ])
    .where("at", ">=", options.from)
    .where("at", "<", options.to)
    .groupBy([sql.ref(column), "currency", "component"]);
  const { scope, projectIds } = options;
  if (scope.vendor !== undefined) query = query.where("vendor", "=", scope.vendor);
  if (scope.annotatorId !== undefined) return query.where("annotator_id", "=", scope.annotatorId);
  return query.where((eb) =>
    eb.or([...(projectIds.length > 0 ? [eb("project_id", "in", [...projectIds])] : []), eb("project_id", "is", null)]),
  );
}

/**
 * Cost per accepted label by group over [from, to), from the ledger by its time indexes: one
 * aggregate query grouped by (group, currency, component), folded into rows. The components of a
 * row add up to its total exactly (integer sums of the same rows). Groups with amounts in two
 * currencies give one row per currency: amounts of different currencies are never added.
 */
export async function summarizeCost(
  db: Kysely<DB>,
  options: { from: number; to: number; groupBy: CostGroup; scope: CostScope },
): Promise<CostSummaryRow[]> {
  const projectIds = (await db.selectFrom("projects").select("id").execute()).map((p) => p.id);
  const cells = await costSummaryQuery(db, { ...options, projectIds }).execute();
  const rows = new Map<string, CostSummaryRow>();
  for (const cell of cells) {
    const key = cell.group_key === null ? "(none)" : String(cell.group_key);
    const id = `${key}\u0000${cell.currency}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        key,
        label: key,
        currency: cell.currency,
        total: 0,
        acceptedLabels: 0,
        perAcceptedLabel: null,
        components: zeroComponents(),
      };
      rows.set(id, row);
    }
    const amount = Number(cell.amount);
    row.total += amount;
    row.acceptedLabels += Number(cell.labels);
    if ((COST_COMPONENTS as readonly string[]).includes(cell.component))
      row.components[cell.component as CostComponent] += amount;
  }
  const result = [...rows.values()];
  for (const row of result) row.perAcceptedLabel = row.acceptedLabels > 0 ? row.total / row.acceptedLabels : null;
  await nameGroups(db, options.groupBy, result);
  return result.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.currency < b.currency ? -1 : 1));
}

async function nameGroups(db: Kysely<DB>, groupBy: CostGroup, rows: CostSummaryRow[]): Promise<void> {
  const ids = rows.map((r) => Number(r.key)).filter(Number.isSafeInteger);
  if (ids.length === 0) return;
  const table = { project: "projects", businessUnit: "business_units", annotator: "users" } as const;
  if (groupBy !== "project" && groupBy !== "businessUnit" && groupBy !== "annotator") return;
  const names = await db.selectFrom(table[groupBy]).select(["id", "name"]).where("id", "in", ids).execute();
  const byId = new Map(names.map((n) => [String(n.id), n.name]));
  for (const row of rows) row.label = byId.get(row.key) ?? row.label;
}

/**
 * Judgments in [from, to) that no rate card priced: those of the hourly activity (hours that start
 * in the range) minus the judgments the ledger paid then (its signed `judgments` counts, so a
 * rejection's correction rows cancel out). Hour granularity: a range edge inside an hour counts
 * that hour's activity whole.
 */
export async function countUnpricedJudgments(
  db: Kysely<DB>,
  options: { from: number; to: number; scope: CostScope },
): Promise<number> {
  const { from, to, scope } = options;
  const hourFrom = Math.floor(from / 3_600_000) * 3_600_000;
  let activity = db
    .selectFrom("activity_hourly")
    .select((eb) => eb.fn.sum<number>("judgments").as("n"))
    .where("hour", ">=", hourFrom)
    .where("hour", "<", to);
  if (scope.annotatorId !== undefined) activity = activity.where("annotator_id", "=", scope.annotatorId);
  if (scope.vendor !== undefined) {
    const vendor = scope.vendor;
    activity = activity.where("annotator_id", "in", (eb) =>
      eb.selectFrom("users").select("id").where("vendor", "=", vendor),
    );
  }
  let paid = db
    .selectFrom("cost_ledger")
    .select((eb) => eb.fn.sum<number>("judgments").as("n"))
    .where("at", ">=", hourFrom)
    .where("at", "<", to)
    .where("kind", "=", "judgment");
  if (scope.annotatorId !== undefined) paid = paid.where("annotator_id", "=", scope.annotatorId);
  else {
    const projects = (await db.selectFrom("projects").select("id").execute()).map((p) => p.id);
    if (projects.length === 0) return 0;
    paid = paid.where("project_id", "in", projects);
  }
  if (scope.vendor !== undefined) paid = paid.where("vendor", "=", scope.vendor);
  const [done, priced] = await Promise.all([activity.executeTakeFirst(), paid.executeTakeFirst()]);
  return Math.max(0, Number(done?.n ?? 0) - Number(priced?.n ?? 0));
}

/** An annotator's pay on one UTC day in one project and currency. */
export interface EarningsDay {
  day: number;
  projectId: number | null;
  currency: string;
  payMinor: number;
  activeMs: number;
  judgments: number;
}

/**
 * What `annotatorId` was paid in [from, to) by day and project: every ledger row of theirs except
 * fees and vendor markups (those are the platform's and the vendor's, not pay). Days are local days
 * of `timeZone` (UTC by default), folded from hourly sums, so a day that changes clocks counts its
 * 23 or 25 hours.
 */
export async function earningsOf(
  db: Kysely<DB>,
  options: { annotatorId: number; from: number; to: number; timeZone?: string | undefined },
): Promise<EarningsDay[]> {
  const hour = sql<number>`at - (at % 3600000)`;
  const rows = await db
    .selectFrom("cost_ledger")
    .select([
      hour.as("hour"),
      "project_id",
      "currency",
      (eb) => eb.fn.sum<number>("amount_minor").as("pay"),
      (eb) => eb.fn.sum<number>("active_ms").as("active_ms"),
      (eb) => eb.fn.sum<number>("judgments").as("judgments"),
    ])
    .where("annotator_id", "=", options.annotatorId)
    .where("at", ">=", options.from)
    .where("at", "<", options.to)
    .where("kind", "<>", "fee")
    .groupBy([hour, "project_id", "currency"])
    .execute();
  const timeZone = options.timeZone ?? "UTC";
  const days = new Map<string, EarningsDay>();
  for (const r of rows) {
    const day = startOfLocalDay(Number(r.hour), timeZone);
    const key = `${day} ${r.project_id} ${r.currency}`;
    const earned = days.get(key) ?? {
      day,
      projectId: r.project_id,
      currency: r.currency,
      payMinor: 0,
      activeMs: 0,
      judgments: 0,
    };
    earned.payMinor += Number(r.pay);
    earned.activeMs += Number(r.active_ms);
    earned.judgments += Number(r.judgments);
    days.set(key, earned);
  }
  return [...days.values()].sort((a, b) => a.day - b.day || (a.projectId ?? 0) - (b.projectId ?? 0));
}
