import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * `annotator_quality.rule_base`: the annotator's counts (JSON: judgments, goldAnswered,
 * goldCorrect, fastAnswers) when their status last returned to ok, from which the automatic rules
 * count again (core's `countsSince`); null, from the start.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("annotator_quality").addColumn("rule_base", "text").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("annotator_quality").dropColumn("rule_base").execute();
}
