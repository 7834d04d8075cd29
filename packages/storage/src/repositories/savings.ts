import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.js";
import type { SavingsInitiativesTable } from "../schema-cost.js";

export interface SavingsInitiative {
  id: number;
  name: string;
  description: string;
  projectId: number | null;
  businessUnitId: number | null;
  currency: string;
  baselineMinor: number;
  baselineNote: string;
  startedAt: number;
  endedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

function toInitiative(row: Selectable<SavingsInitiativesTable>): SavingsInitiative {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    projectId: row.project_id === null ? null : Number(row.project_id),
    businessUnitId: row.business_unit_id === null ? null : Number(row.business_unit_id),
    currency: row.currency,
    baselineMinor: Number(row.baseline_minor),
    baselineNote: row.baseline_note,
    startedAt: Number(row.started_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function insertInitiative(
  db: Kysely<DB>,
  initiative: Omit<SavingsInitiative, "id" | "createdAt" | "updatedAt" | "endedAt"> & {
    endedAt: number | null;
    createdBy: number;
    now: number;
  },
): Promise<SavingsInitiative> {
  const row = await db
    .insertInto("savings_initiatives")
    .values({
      name: initiative.name,
      description: initiative.description,
      project_id: initiative.projectId,
      business_unit_id: initiative.businessUnitId,
      currency: initiative.currency,
      baseline_minor: initiative.baselineMinor,
      baseline_note: initiative.baselineNote,
      started_at: initiative.startedAt,
      ended_at: initiative.endedAt,
      created_by: initiative.createdBy,
      created_at: initiative.now,
      updated_at: initiative.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toInitiative(row);
}

export async function getInitiative(db: Kysely<DB>, id: number): Promise<SavingsInitiative | undefined> {
  const row = await db.selectFrom("savings_initiatives").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toInitiative(row);
}

export async function updateInitiative(
  db: Kysely<DB>,
  id: number,
  change: {
    name?: string;
    description?: string;
    baselineMinor?: number;
    baselineNote?: string;
    endedAt?: number | null;
    now: number;
  },
): Promise<SavingsInitiative | undefined> {
  const row = await db
    .updateTable("savings_initiatives")
    .set({
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.description === undefined ? {} : { description: change.description }),
      ...(change.baselineMinor === undefined ? {} : { baseline_minor: change.baselineMinor }),
      ...(change.baselineNote === undefined ? {} : { baseline_note: change.baselineNote }),
      ...(change.endedAt === undefined ? {} : { ended_at: change.endedAt }),
      updated_at: change.now,
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row && toInitiative(row);
}

/** Initiatives of a business unit (its own and its projects'), or all. */
export async function listInitiatives(
  db: Kysely<DB>,
  filter: { businessUnitId?: number } = {},
): Promise<SavingsInitiative[]> {
  let query = db.selectFrom("savings_initiatives").selectAll().orderBy("id");
  if (filter.businessUnitId !== undefined) {
    const unit = filter.businessUnitId;
    query = query.where((eb) =>
      eb.or([
        eb("business_unit_id", "=", unit),
        eb("project_id", "in", eb.selectFrom("projects").select("id").where("business_unit_id", "=", unit)),
      ]),
    );
  }
  return (await query.execute()).map(toInitiative);
}

/** Records (or corrects) what an initiative saved in a month (epoch ms of its first instant). */
export async function setRealisedSavings(
  db: Kysely<DB>,
  row: { initiativeId: number; month: number; realisedMinor: number; note: string | null; now: number },
): Promise<void> {
  await db
    .insertInto("savings_realised")
    .values({
      initiative_id: row.initiativeId,
      month: row.month,
      realised_minor: row.realisedMinor,
      note: row.note,
      created_at: row.now,
    })
    .onConflict((oc) =>
      oc
        .columns(["initiative_id", "month"])
        .doUpdateSet({ realised_minor: row.realisedMinor, note: row.note, created_at: row.now }),
    )
    .execute();
}

/** Realised savings by month of the given initiatives, oldest month first. */
export async function realisedSavings(db: Kysely<DB>, initiativeIds: number[]) {
  if (initiativeIds.length === 0) return [];
  const rows = await db
    .selectFrom("savings_realised")
    .selectAll()
    .where("initiative_id", "in", initiativeIds)
    .orderBy("initiative_id")
    .orderBy("month")
    .execute();
  return rows.map((row) => ({
    initiativeId: Number(row.initiative_id),
    month: Number(row.month),
    realisedMinor: Number(row.realised_minor),
    note: row.note,
  }));
}
