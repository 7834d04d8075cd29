import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * An experiment arm's pay per judgment carries its currency: `experiments.pay_currency` (ISO 4217)
 * is the currency of every arm's `payRateMinor` (they share it: an arm's pay must be in the one
 * currency of the project's rate cards when it is designed); null when no arm sets a pay, or for
 * an arm stored before this when it cannot be told. The backfill reads the cards in force for the
 * project (its own and the project-less ones) when the experiment was created, as the console's
 * form did: one currency sets it; none or several leave it null, and such an arm's pay is not
 * swapped into a card (the card's own rate pays) rather than paid in a currency no one chose.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table experiments add column pay_currency text`.execute(db);
  const experiments = await sql<{ id: number; project_id: number; arms: string; created_at: number }>`
    select id, project_id, arms, created_at from experiments`.execute(db);
  for (const experiment of experiments.rows) {
    const arms = JSON.parse(experiment.arms) as { payRateMinor?: number }[];
    if (!arms.some((arm) => arm.payRateMinor !== undefined)) continue;
    const at = Number(experiment.created_at);
    const cards = await sql<{ currency: string }>`select distinct currency from rate_cards
      where (project_id = ${experiment.project_id} or project_id is null)
        and effective_from <= ${at} and (effective_to is null or effective_to > ${at})`.execute(db);
    const only = cards.rows.length === 1 ? cards.rows[0]!.currency : null;
    if (only !== null) await sql`update experiments set pay_currency = ${only} where id = ${experiment.id}`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  await sql`alter table experiments drop column pay_currency`.execute(db);
}
