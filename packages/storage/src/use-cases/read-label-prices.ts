import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";

export interface LabelPrices {
  currency: string | null;
  /** Spend ÷ accepted labels over the project's ledger, minor units (rounded); null without both. */
  costPerAcceptedLabel: number | null;
  /** Pay ÷ judgments: what one more judgment per label costs (more overlap). */
  costPerJudgment: number | null;
  /** Gold accuracy over all the project's gold answers; null without any. */
  goldAccuracy: number | null;
}

/** What labels cost and how good they are in a project, from its ledger (main currency) and gold answers. */
export async function readLabelPrices(db: Kysely<DB>, projectId: number): Promise<LabelPrices> {
  const ledger = await db
    .selectFrom("cost_ledger")
    .select((eb) => [
      "currency",
      eb.fn.countAll<string | number>().as("rows"),
      eb.fn.sum<string | number>("amount_minor").as("spend"),
      eb.fn.sum<string | number>("accepted_labels").as("accepted"),
      eb.fn.sum<string | number>(sql`case when kind = 'judgment' then amount_minor else 0 end`).as("pay"),
      eb.fn.sum<string | number>("judgments").as("judgments"),
    ])
    .where("project_id", "=", projectId)
    .groupBy("currency")
    .orderBy("rows", "desc")
    .limit(1)
    .executeTakeFirst();
  const gold = await db
    .selectFrom("judgments")
    .select((eb) => [
      eb.fn.count<string | number>("gold_correct").as("answered"),
      eb.fn.sum<string | number | null>("gold_correct").as("correct"),
    ])
    .where("project_id", "=", projectId)
    .executeTakeFirstOrThrow();
  const accepted = Number(ledger?.accepted ?? 0);
  const judgments = Number(ledger?.judgments ?? 0);
  const answered = Number(gold.answered);
  return {
    currency: ledger?.currency ?? null,
    costPerAcceptedLabel: accepted > 0 ? Math.round(Number(ledger!.spend) / accepted) : null,
    costPerJudgment: judgments > 0 ? Math.round(Number(ledger!.pay) / judgments) : null,
    goldAccuracy: answered > 0 ? Number(gold.correct ?? 0) / answered : null,
  };
}
