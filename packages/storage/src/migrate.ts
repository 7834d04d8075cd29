import { createHash } from "node:crypto";
import { type DatabaseIntrospector, type Kysely, type Migration, Migrator, sql } from "kysely";
import * as initial from "./migrations/20261122000000-initial.js";
import * as quality from "./migrations/20261122010000-quality.js";
import * as questions from "./migrations/20261122020000-questions.js";
import * as sqliteProjectOrder from "./migrations/20261122030000-sqlite-project-order.js";
import * as certification from "./migrations/20261123000000-certification.js";
import * as guidelineTranslations from "./migrations/20261123000000-guideline-translations.js";
import * as security from "./migrations/20261123000000-security.js";
import * as reviewUndo from "./migrations/20261123010000-review-undo.js";
import * as monitoring from "./migrations/20261123130000-monitoring.js";
import * as sso from "./migrations/20261201200000-sso.js";
import * as leaseServedAs from "./migrations/20261201201000-lease-served-as.js";
import * as reviewLeases from "./migrations/20261201202000-review-leases.js";
import * as qualityRollups from "./migrations/20261201203000-quality-rollups.js";
import * as taskExternalIds from "./migrations/20261201204000-task-external-ids.js";
import * as taskCounters from "./migrations/20261201211000-task-counters.js";
import * as cost from "./migrations/20261201220000-cost.js";
import * as costAnalysis from "./migrations/20261201221000-cost-analysis.js";
import * as budgetPlans from "./migrations/20261201230000-budget-plans.js";
import * as userTimeZone from "./migrations/20261202000000-user-time-zone.js";
import * as vendorsTeams from "./migrations/20261202010000-vendors-teams.js";
import * as recruitment from "./migrations/20261202020000-recruitment.js";
import * as wellbeing from "./migrations/20261202030000-wellbeing.js";
import * as support from "./migrations/20261202040000-support.js";
import * as presenceTiers from "./migrations/20261202041000-presence-tiers.js";
import * as intake from "./migrations/20261202050000-intake.js";
import * as batchDeadlines from "./migrations/20261202060000-batch-deadlines.js";
import * as reportSchedules from "./migrations/20261202061000-report-schedules.js";
import * as experiments from "./migrations/20261202070000-experiments.js";
import * as tierRouting from "./migrations/20261203020000-tier-routing.js";
import * as importTaskCounts from "./migrations/20261203030000-import-task-counts.js";
import * as activityTotals from "./migrations/20261203031000-activity-totals.js";
import * as activityFolds from "./migrations/20261204010000-totals-activity-folds.js";
import * as pgTaskInsertRowTrigger from "./migrations/20261204020000-pg-task-insert-row-trigger.js";
import * as armPayCurrency from "./migrations/20261204030000-arm-pay-currency.js";
import * as actionAppeals from "./migrations/20261205010000-action-appeals.js";
import * as passwordChangeRequired from "./migrations/20261205030000-password-change-required.js";
import * as ruleRestart from "./migrations/20261205040000-rule-restart.js";
import * as alertMessageParts from "./migrations/20261206040000-alert-message-parts.js";
import * as reviewItemsTask from "./migrations/20261207010000-review-items-task.js";
import * as reviewPolicy from "./migrations/20261207020000-review-policy.js";
import * as reviewItemsByPolicy from "./migrations/20261207050000-review-items-by-policy.js";
import * as reportSchedulePaused from "./migrations/20261208030000-report-schedule-paused.js";
import * as reportScheduleLastRun from "./migrations/20261209020000-report-schedule-last-run.js";
import * as usersRoleStatus from "./migrations/20261209020100-users-role-status.js";
import * as overlapPolicyChanges from "./migrations/20261210010000-overlap-policy-changes.js";
import * as alertWordingDeliveryStatus from "./migrations/20261210020000-alert-wording-delivery-status.js";
import { rebuildAllTaskCounters } from "./repositories/task-counters.js";
import type { DB } from "./schema.js";
import { rebuildAllQualityRollups } from "./use-cases/rebuild-quality-rollups.js";

/** Every migration, in order. Migrations are immutable once released: add a new file instead. */
const MIGRATIONS: Record<string, Migration> = {
  "20261122000000-initial": initial,
  "20261122010000-quality": quality,
  "20261122020000-questions": questions,
  "20261122030000-sqlite-project-order": sqliteProjectOrder,
  "20261123000000-certification": certification,
  "20261123000000-security": security,
  "20261123130000-monitoring": monitoring,
  "20261123000000-guideline-translations": guidelineTranslations,
  "20261123010000-review-undo": reviewUndo,
  "20261201200000-sso": sso,
  "20261201201000-lease-served-as": leaseServedAs,
  "20261201202000-review-leases": reviewLeases,
  "20261201203000-quality-rollups": qualityRollups,
  "20261201204000-task-external-ids": taskExternalIds,
  "20261201211000-task-counters": taskCounters,
  "20261201220000-cost": cost,
  "20261201221000-cost-analysis": costAnalysis,
  "20261201230000-budget-plans": budgetPlans,
  "20261202000000-user-time-zone": userTimeZone,
  "20261202041000-presence-tiers": presenceTiers,
  "20261202020000-recruitment": recruitment,
  "20261202010000-vendors-teams": vendorsTeams,
  "20261202060000-batch-deadlines": batchDeadlines,
  "20261202061000-report-schedules": reportSchedules,
  "20261202030000-wellbeing": wellbeing,
  "20261202070000-experiments": experiments,
  "20261202040000-support": support,
  "20261202050000-intake": intake,
  "20261203020000-tier-routing": tierRouting,
  "20261203030000-import-task-counts": importTaskCounts,
  "20261203031000-activity-totals": activityTotals,
  "20261204010000-totals-activity-folds": activityFolds,
  "20261204020000-pg-task-insert-row-trigger": pgTaskInsertRowTrigger,
  "20261204030000-arm-pay-currency": armPayCurrency,
  "20261205010000-action-appeals": actionAppeals,
  "20261205030000-password-change-required": passwordChangeRequired,
  "20261205040000-rule-restart": ruleRestart,
  "20261206040000-alert-message-parts": alertMessageParts,
  "20261207010000-review-items-task": reviewItemsTask,
  "20261207020000-review-policy": reviewPolicy,
  "20261207050000-review-items-by-policy": reviewItemsByPolicy,
  "20261208030000-report-schedule-paused": reportSchedulePaused,
  "20261209020000-report-schedule-last-run": reportScheduleLastRun,
  "20261209020100-users-role-status": usersRoleStatus,
  "20261210010000-overlap-policy-changes": overlapPolicyChanges,
  "20261210020000-alert-wording-delivery-status": alertWordingDeliveryStatus,
};

/** The names of the migrations this version knows, in order (a backup from a newer version has others). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

/**
 * A digest of every migration's name and code: tests key their migrated template databases by
 * it, so a new or edited migration gets a new template. (A change only in code a migration
 * imports is not seen.)
 */
export function migrationsFingerprint(): string {
  const hash = createHash("sha256");
  for (const [name, migration] of Object.entries(MIGRATIONS))
    hash.update(`${name}\0${String(migration.up)}\0${String(migration.down ?? "")}\0`);
  return hash.digest("hex").slice(0, 12);
}

/**
 * `db` with an introspector that only looks at `schema`. The migrator asks whether its bookkeeping
 * tables exist; Kysely's PostgreSQL introspector answers by listing every column of every table
 * of every schema, which grows with the database and fails ("schema ... does not exist") when
 * another schema is dropped meanwhile, as parallel test runs and other tenants do.
 */
function withSchemaIntrospection(db: Kysely<DB>, schema: string): Kysely<DB> {
  const introspection: DatabaseIntrospector = {
    getSchemas: async () =>
      (await sql<{ name: string }>`select nspname as name from pg_namespace where nspname = ${schema}`.execute(db))
        .rows,
    getTables: async () =>
      (
        await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = ${schema}`.execute(db)
      ).rows.map((row) => ({ name: row.name, schema, isView: false, columns: [] })),
    getMetadata: async () => ({ tables: await introspection.getTables() }),
  };
  // Kysely keeps its state in private fields, so members are read from (and bound to) the real instance.
  return new Proxy(db, {
    get(target, property) {
      if (property === "introspection") return introspection;
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Brings the database up to the latest schema. Returns the names of the migrations it applied. */
export async function migrateToLatest(db: Kysely<DB>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db: schema ? withSchemaIntrospection(db, schema) : db,
    provider: { getMigrations: async () => MIGRATIONS },
    // Kysely looks for its bookkeeping tables across all schemas unless told which one is ours.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const message = String((error as Error).message ?? error);
    // Kysely's words for a database that has run a migration this version does not have.
    const unknown = /previously executed migration (\S+) is missing/.exec(message);
    if (unknown)
      throw new Error(
        `This database was written by a newer version of Quorum (it has migration ${unknown[1]}, which this version does not know): run that version, or restore a backup made with this one`,
      );
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`migration ${failed?.migrationName ?? "(before any ran)"} failed: ${message}`);
  }
  const applied = (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
  // The roll-ups are sums over what is already stored: fill them once, when their table appears.
  if (applied.includes("20261201203000-quality-rollups")) await rebuildAllQualityRollups(db);
  if (applied.includes("20261201211000-task-counters")) await rebuildAllTaskCounters(db);
  return applied;
}
