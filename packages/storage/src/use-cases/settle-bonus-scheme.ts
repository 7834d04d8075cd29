import {
  type BonusFacts,
  bonusFactsOf,
  type CostEvent,
  controlKindOf,
  DomainError,
  type GoldFeedbackPolicy,
  notFound,
  parseGoldPolicy,
  settleBonuses,
} from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { Database } from "../database.js";
import { type BonusScheme, getBonusScheme, updateBonusScheme } from "../repositories/bonus-schemes.js";
import { appendLedgerRows, ledgerRow } from "../repositories/cost-ledger.js";
import type { DB } from "../schema.js";
import { inTransaction, lockForUpdate, writeAudit } from "../transaction.js";

/**
 * What each person did in [from, to) that the scheme's rule reads, by core's `bonusFactsOf` from
 * their judgments (grouped alike, or one by one in time order for a streak) and how each was served.
 */
async function bonusFacts(
  db: Kysely<DB>,
  scheme: BonusScheme,
  feedback: GoldFeedbackPolicy,
  from: number,
  to: number,
): Promise<BonusFacts[]> {
  const inWindow = db
    .selectFrom("judgments as j")
    .leftJoin("assignments as a", (join) =>
      join.onRef("a.project_id", "=", "j.project_id").onRef("a.id", "=", "j.assignment_id"),
    )
    .where("j.project_id", "=", scheme.projectId)
    .where("j.created_at", ">=", from)
    .where("j.created_at", "<", to);
  const rows =
    scheme.rule.kind === "streak"
      ? await inWindow
          .select(["j.annotator_id", "j.verdict", "j.gold_correct", "a.served_as", sql<number>`1`.as("count")])
          .orderBy("j.annotator_id")
          .orderBy("j.created_at")
          .orderBy("j.id")
          .execute()
      : await inWindow
          .select((eb) => [
            "j.annotator_id",
            "j.verdict",
            "j.gold_correct",
            "a.served_as",
            eb.fn.countAll().as("count"),
          ])
          .groupBy(["j.annotator_id", "j.verdict", "j.gold_correct", "a.served_as"])
          .orderBy("j.annotator_id")
          .execute();
  const facts = bonusFactsOf(
    rows.map((row) => ({
      annotatorId: Number(row.annotator_id),
      verdict: row.verdict,
      goldCorrect: row.gold_correct === null ? null : Number(row.gold_correct) === 1,
      servedAs: controlKindOf(row.served_as),
      count: Number(row.count),
    })),
    feedback,
  );
  if (scheme.rule.kind === "surge") {
    const pay = await db
      .selectFrom("cost_ledger")
      .select((eb) => ["annotator_id", eb.fn.sum<string | number>("amount_minor").as("pay")])
      .where("project_id", "=", scheme.projectId)
      .where("at", ">=", from)
      .where("at", "<", to)
      .where("kind", "=", "judgment")
      .where("language", "=", scheme.rule.language!)
      .where("currency", "=", scheme.currency)
      .where("annotator_id", "is not", null)
      .groupBy("annotator_id")
      .execute();
    const payOf = new Map(pay.map((row) => [Number(row.annotator_id), Number(row.pay)]));
    for (const f of facts) f.languagePayMinor = payOf.get(f.annotatorId) ?? 0;
  }
  return facts;
}

/** Whether the language's queue is behind: an open task in it is past its deadline at `at`. */
async function queueBehind(db: Kysely<DB>, projectId: number, language: string, at: number): Promise<boolean> {
  const row = await db
    .selectFrom("tasks")
    .select("id")
    .where("project_id", "=", projectId)
    .where("language", "=", language)
    .where("status", "=", "open")
    .where("deadline_key", "<", at)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface BonusSettlement {
  scheme: BonusScheme;
  /** Ledger rows written by this call (0 when the period was settled already). */
  rows: number;
  paidMinor: number;
}

/**
 * Settles a bonus scheme for the work since its last settlement up to `until`: core's
 * `settleBonuses` (capped by what is left of the budget) becomes one ledger row of kind `bonus`
 * per person, keyed `bonus:<scheme>:<person>:<until>`. Idempotent: settling up to a time already
 * settled writes nothing, and the source keys forbid a second payment of one period.
 */
export async function settleBonusScheme(
  database: Database,
  id: number,
  actor: { id: number; now: number; until?: number },
): Promise<BonusSettlement> {
  return inTransaction(database, async (trx) => {
    await lockForUpdate(trx.selectFrom("bonus_schemes").select("id").where("id", "=", id), database.dialect).execute();
    const scheme = await getBonusScheme(trx, id);
    if (scheme.status === "closed") throw new DomainError("conflict", "The scheme is closed");
    const until = Math.min(actor.until ?? actor.now, actor.now);
    if (until <= scheme.settledTo) return { scheme, rows: 0, paidMinor: 0 };
    const project = await trx
      .selectFrom("projects")
      .select(["business_unit_id", "schema", "gold_policy"])
      .where("id", "=", scheme.projectId)
      .executeTakeFirst();
    if (!project) throw notFound("Project");
    const { feedback } = parseGoldPolicy(JSON.parse(project.gold_policy));
    const facts = await bonusFacts(trx, scheme, feedback, scheme.settledTo, until);
    const behind =
      scheme.rule.kind === "surge" ? await queueBehind(trx, scheme.projectId, scheme.rule.language!, until) : false;
    const awards = settleBonuses(scheme.rule, facts, {
      remainingBudgetMinor: scheme.budgetMinor - scheme.spentMinor,
      queueBehind: behind,
    });
    const people = awards.length
      ? await trx
          .selectFrom("users")
          .select(["id", "vendor"])
          .where(
            "id",
            "in",
            awards.map((a) => a.annotatorId),
          )
          .execute()
      : [];
    const vendorOf = new Map(people.map((p) => [Number(p.id), p.vendor]));
    const taskType = (JSON.parse(project.schema) as { type?: string }).type ?? null;
    const rows = awards.map((award) => {
      const event: CostEvent = {
        kind: "bonus",
        amountMinor: award.amountMinor,
        currency: scheme.currency,
        projectId: scheme.projectId,
        businessUnitId: project.business_unit_id === null ? null : Number(project.business_unit_id),
        vendor: vendorOf.get(award.annotatorId) ?? null,
        annotatorId: award.annotatorId,
        language: scheme.rule.kind === "surge" ? scheme.rule.language! : null,
        taskType,
        taskId: null,
        isGold: false,
        judgmentOrdinal: null,
        rejected: false,
        at: until,
      };
      return ledgerRow(event, {
        sourceKey: `bonus:${scheme.id}:${award.annotatorId}:${until}`,
        note: `${scheme.name}: ${award.reason}`,
        createdBy: actor.id,
      });
    });
    const written = await appendLedgerRows(trx, rows);
    const paidMinor = written === rows.length ? awards.reduce((sum, a) => sum + a.amountMinor, 0) : 0;
    await updateBonusScheme(trx, id, { spentMinor: scheme.spentMinor + paidMinor, settledTo: until });
    await writeAudit(trx, {
      projectId: scheme.projectId,
      actorId: actor.id,
      action: "bonus_scheme.settle",
      details: { id, until, rows: written, paidMinor },
      now: actor.now,
    });
    return {
      scheme: { ...scheme, spentMinor: scheme.spentMinor + paidMinor, settledTo: until },
      rows: written,
      paidMinor,
    };
  });
}
