import { notFound } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { writeAudit } from "../transaction.js";

export interface GuidelineTranslation {
  version: number;
  /** Canonical BCP 47 tag. */
  language: string;
  body: string;
  updatedBy: number | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * Writes (or replaces) a guideline version's text in one language, audit-logged. `language` must
 * already be canonical (core's `canonicalLanguageTag`). Not found when the version does not exist.
 */
export async function putGuidelineTranslation(
  db: Kysely<DB>,
  options: { projectId: number; version: number; language: string; body: string; actorId: number; now: number },
): Promise<GuidelineTranslation> {
  const { projectId, version, language, body, actorId, now } = options;
  return db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom("guideline_versions")
      .select("version")
      .where("project_id", "=", projectId)
      .where("version", "=", version)
      .executeTakeFirst();
    if (!exists) throw notFound("Guideline version");
    const row = await trx
      .insertInto("guideline_translations")
      .values({
        project_id: projectId,
        version,
        language,
        body,
        updated_by: actorId,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(["project_id", "version", "language"]).doUpdateSet({ body, updated_by: actorId, updated_at: now }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      projectId,
      actorId,
      action: "guidelines.translate",
      details: { version, language, characters: body.length },
      now,
    });
    return toTranslation(row);
  });
}

/** A version's translations, by language. */
export async function listGuidelineTranslations(
  db: Kysely<DB>,
  projectId: number,
  version: number,
): Promise<GuidelineTranslation[]> {
  const rows = await db
    .selectFrom("guideline_translations")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("version", "=", version)
    .orderBy("language")
    .execute();
  return rows.map(toTranslation);
}

/** The project's translations into any of `languages` (canonical tags), every version. */
export async function guidelineTranslationsIn(
  db: Kysely<DB>,
  projectId: number,
  languages: readonly string[],
): Promise<GuidelineTranslation[]> {
  if (languages.length === 0) return [];
  const rows = await db
    .selectFrom("guideline_translations")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("language", "in", [...languages])
    .execute();
  return rows.map(toTranslation);
}

function toTranslation(row: {
  version: number;
  language: string;
  body: string;
  updated_by: number | null;
  created_at: number;
  updated_at: number;
}): GuidelineTranslation {
  return {
    version: row.version,
    language: row.language,
    body: row.body,
    updatedBy: row.updated_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
