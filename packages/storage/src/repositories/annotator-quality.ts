import type { AnnotatorQualityRecord, AnnotatorStanding, ReportAnnotator, RuleCounts } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { Dialect } from "../database.js";
import { dialectOf, PreparedStatement } from "../prepared-statement.js";
import type { AnnotatorQualityTable, DB } from "../schema.js";
import { lockForUpdate } from "../transaction.js";
import { parseJson, parseJsonOrNull } from "./json-column.js";

/** The `annotator_quality` row (annotator 0, never a user) holding the crowd prior of the last re-fit. */
export const CROWD_PRIOR_ID = 0;

export type AnnotatorQuality = AnnotatorQualityRecord;

export type QualityRow = Selectable<AnnotatorQualityTable>;

function toAnnotatorQuality(
  row: Pick<QualityRow, "judgments" | "gold_answered" | "gold_correct" | "fast_answers" | "status" | "status_reason"> &
    Partial<Pick<QualityRow, "rule_base">>,
): AnnotatorQuality {
  const ruleBase = parseJsonOrNull<RuleCounts>(row.rule_base ?? null);
  return {
    judgments: row.judgments,
    goldAnswered: row.gold_answered,
    goldCorrect: row.gold_correct,
    fastAnswers: row.fast_answers,
    status: row.status,
    statusReason: row.status_reason,
    ...(ruleBase ? { ruleBase } : {}),
  };
}

/** An annotator's record as the quality model reads it. */
export function toStanding(
  row: Pick<
    QualityRow,
    "judgments" | "gold_answered" | "gold_correct" | "fast_answers" | "status" | "status_reason" | "confusion"
  > &
    Partial<Pick<QualityRow, "rule_base">>,
): AnnotatorStanding {
  return { ...toAnnotatorQuality(row), confusion: parseJsonOrNull<number[]>(row.confusion) };
}

const CLEAN_RECORD: AnnotatorQuality = {
  judgments: 0,
  goldAnswered: 0,
  goldCorrect: 0,
  fastAnswers: 0,
  status: "ok",
  statusReason: null,
};

function selectRecord(db: Kysely<DB>, projectId: number, annotatorId: number) {
  return db
    .selectFrom("annotator_quality")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", annotatorId);
}

/** An annotator's record in a project; an annotator without one has a clean record. */
export async function getAnnotatorQuality(
  db: Kysely<DB>,
  projectId: number,
  annotatorId: number,
): Promise<AnnotatorQuality> {
  const row = await selectRecord(db, projectId, annotatorId).executeTakeFirst();
  return row ? toAnnotatorQuality(row) : { ...CLEAN_RECORD };
}

/** Creates the annotator's record in the project if there is none. */
export async function ensureAnnotatorRecord(
  trx: Kysely<DB>,
  options: { projectId: number; annotatorId: number; now: number },
): Promise<void> {
  await trx
    .insertInto("annotator_quality")
    .values({ project_id: options.projectId, annotator_id: options.annotatorId, updated_at: options.now })
    .onConflict((oc) => oc.columns(["project_id", "annotator_id"]).doNothing())
    .execute();
}

/** The annotator's record, created if missing and locked for the rest of the transaction. */
export async function lockAnnotatorRecord(
  trx: Kysely<DB>,
  dialect: Dialect,
  options: { projectId: number; annotatorId: number; now: number },
): Promise<AnnotatorStanding> {
  const key = { projectId: options.projectId, annotatorId: options.annotatorId };
  const read = async () => (await lockRecordStatement.run(trx, dialect, key)).rows[0];
  let row = await read();
  if (!row) {
    await ensureAnnotatorRecord(trx, options);
    row = (await read())!;
  }
  return toStanding(row);
}

export async function saveAnnotatorRecord(
  trx: Kysely<DB>,
  options: { projectId: number; annotatorId: number; now: number },
  record: AnnotatorStanding,
): Promise<void> {
  await saveRecordStatement.run(trx, dialectOf(trx), {
    judgments: record.judgments,
    goldAnswered: record.goldAnswered,
    goldCorrect: record.goldCorrect,
    fastAnswers: record.fastAnswers,
    confusion: record.confusion === null ? null : JSON.stringify(record.confusion),
    status: record.status,
    statusReason: record.statusReason,
    now: options.now,
    projectId: options.projectId,
    annotatorId: options.annotatorId,
  });
}

const lockRecordStatement = new PreparedStatement((db, slot: (name: "projectId" | "annotatorId") => never, dialect) =>
  lockForUpdate(selectRecord(db, slot("projectId"), slot("annotatorId")), dialect),
);

const saveRecordStatement = new PreparedStatement<
  never,
  | "judgments"
  | "goldAnswered"
  | "goldCorrect"
  | "fastAnswers"
  | "confusion"
  | "status"
  | "statusReason"
  | "now"
  | "projectId"
  | "annotatorId"
>((db, slot) =>
  db
    .updateTable("annotator_quality")
    .set({
      judgments: slot("judgments"),
      gold_answered: slot("goldAnswered"),
      gold_correct: slot("goldCorrect"),
      fast_answers: slot("fastAnswers"),
      confusion: slot("confusion"),
      status: slot("status"),
      status_reason: slot("statusReason"),
      updated_at: slot("now"),
    })
    .where("project_id", "=", slot("projectId"))
    .where("annotator_id", "=", slot("annotatorId")),
);

/**
 * Sets an annotator's status. Back to ok (a person resumed them, reversed an action or upheld an
 * appeal of it), the automatic rules start afresh from the record as it stands (`rule_base`,
 * core's `countsSince`): the answers behind the lifted action no longer count against them.
 */
export async function setAnnotatorStatusRow(
  trx: Kysely<DB>,
  options: { projectId: number; annotatorId: number; status: string; reason: string | null; now: number },
): Promise<void> {
  const record =
    options.status === "ok"
      ? await selectRecord(trx, options.projectId, options.annotatorId).executeTakeFirst()
      : undefined;
  const ruleBase: RuleCounts | undefined = record && {
    judgments: record.judgments,
    goldAnswered: record.gold_answered,
    goldCorrect: record.gold_correct,
    fastAnswers: record.fast_answers,
  };
  await trx
    .updateTable("annotator_quality")
    .set({
      status: options.status,
      status_reason: options.reason,
      updated_at: options.now,
      ...(ruleBase ? { rule_base: JSON.stringify(ruleBase) } : {}),
    })
    .where("project_id", "=", options.projectId)
    .where("annotator_id", "=", options.annotatorId)
    .execute();
}

export async function setAnnotatorConfusion(
  trx: Kysely<DB>,
  options: { projectId: number; annotatorId: number; now: number },
  confusion: number[],
): Promise<void> {
  await trx
    .updateTable("annotator_quality")
    .set({ confusion: JSON.stringify(confusion), updated_at: options.now })
    .where("project_id", "=", options.projectId)
    .where("annotator_id", "=", options.annotatorId)
    .execute();
}

/** The crowd prior of the project's last re-fit, if any. */
export async function readCrowdPrior(db: Kysely<DB>, projectId: number): Promise<number[] | null> {
  const row = await db
    .selectFrom("annotator_quality")
    .select("confusion")
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", CROWD_PRIOR_ID)
    .executeTakeFirst();
  return parseJsonOrNull<number[]>(row?.confusion ?? null);
}

export async function saveCrowdPrior(trx: Kysely<DB>, projectId: number, confusion: number[], now: number) {
  await trx
    .insertInto("annotator_quality")
    .values({
      project_id: projectId,
      annotator_id: CROWD_PRIOR_ID,
      confusion: JSON.stringify(confusion),
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["project_id", "annotator_id"]).doUpdateSet({ confusion: JSON.stringify(confusion), updated_at: now }),
    )
    .execute();
}

/** The project's annotators with their records, most judgments first. */
export async function annotatorRecordsOfProject(db: Kysely<DB>, projectId: number): Promise<ReportAnnotator[]> {
  const rows = await db
    .selectFrom("annotator_quality")
    .innerJoin("users", "users.id", "annotator_quality.annotator_id")
    .select([
      "annotator_quality.annotator_id",
      "annotator_quality.judgments",
      "annotator_quality.gold_answered",
      "annotator_quality.gold_correct",
      "annotator_quality.fast_answers",
      "annotator_quality.status",
      "annotator_quality.status_reason",
      "users.name",
      "users.vendor",
      "users.languages",
    ])
    .where("annotator_quality.project_id", "=", projectId)
    .orderBy("annotator_quality.judgments", "desc")
    .execute();
  return rows.map((row) => ({
    annotatorId: row.annotator_id,
    name: row.name,
    vendor: row.vendor,
    languages: parseJson<string[]>(row.languages),
    ...toAnnotatorQuality(row),
  }));
}
