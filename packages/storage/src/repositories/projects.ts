import {
  confidenceTarget,
  DEFAULT_GOLD_POLICY,
  DEFAULT_OVERLAP_SETTING,
  DEFAULT_QUALITY_RULES,
  DEFAULT_REVIEW_LEASE_SECONDS,
  type GoldPolicy,
  goldIsControl,
  type HarmCategory,
  type HarmMark,
  isHarmCategory,
  type LabelSchema,
  type LabelValue,
  type MediaFilters,
  NO_MEDIA_FILTERS,
  type OverlapSetting,
  type Project,
  type ProjectHarm,
  type ProjectStatus,
  parseGoldPolicy,
  parseOverlapSetting,
  parseQualityRules,
  parseRequirements,
  projectHarmFrom,
  type QualityRules,
  type Requirements,
  type ReviewPolicy,
  reviewPolicyFrom,
} from "@quorum/core";
import type { Kysely, Selectable, Updateable } from "kysely";
import type { DB, ProjectsTable } from "../schema.js";
import { taskStatusSql } from "../task-status-sql.js";
import { writeAudit } from "../transaction.js";
import { isTextList, parseJsonColumn } from "./json-column.js";
import { restartOverlapPolicyChange } from "./overlap-policy-changes.js";
import { GOLD, OPEN } from "./partial-index-values.js";
import { changeTasksInBulk, rebuildProjectTaskCounters, retargetTaskCounters } from "./task-counters.js";
import { parseAggregate } from "./task-labels.js";

type ProjectRow = Selectable<ProjectsTable> & { business_unit: string | null };

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    businessUnit: row.business_unit,
    schema: JSON.parse(row.schema) as LabelSchema,
    requirements: parseRequirements(JSON.parse(row.requirements)),
    overlap: row.overlap,
    priority: row.priority,
    deadline: row.deadline,
    leaseSeconds: row.lease_seconds,
    reviewLeaseSeconds: row.review_lease_seconds,
    guidelineVersion: row.guideline_version,
    sensitive: row.sensitive === 1 || row.harm_category !== null,
    harm: toProjectHarm(row),
    goldPolicy: parseGoldPolicy(JSON.parse(row.gold_policy)),
    overlapPolicy: parseOverlapSetting(JSON.parse(row.overlap_policy)),
    qualityRules: parseQualityRules(JSON.parse(row.quality_rules)),
    reviewPolicy: reviewPolicyFrom(JSON.parse(row.review_policy)),
    status: row.status as ProjectStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toProjectHarm(row: Pick<ProjectRow, "harm_category" | "harm_present" | "harm_media">): ProjectHarm {
  const present = parseJsonColumn(row.harm_present, "projects.harm_present", isTextList).filter(
    (mark): mark is HarmMark => mark === "none" || isHarmCategory(mark),
  );
  const media = { ...NO_MEDIA_FILTERS, ...(JSON.parse(row.harm_media) as Partial<MediaFilters>) };
  return { category: isHarmCategory(row.harm_category) ? row.harm_category : null, present, media };
}

function selectProjects(db: Kysely<DB>) {
  return db
    .selectFrom("projects")
    .leftJoin("business_units", "business_units.id", "projects.business_unit_id")
    .selectAll("projects")
    .select("business_units.name as business_unit");
}

export async function getProject(db: Kysely<DB>, id: number): Promise<Project | undefined> {
  const row = await selectProjects(db).where("projects.id", "=", id).executeTakeFirst();
  return row && toProject(row);
}

/**
 * How long a server process may serve a project's settings from memory on the labeling hot path.
 * Changes made in this process are seen at once; another process sees them within this time.
 */
export const PROJECT_CACHE_MS = 1000;
const projectCache = new WeakMap<Kysely<DB>, Map<number, { project: Project; at: number }>>();

/**
 * `getProject` for the hot path (leases, judgments): at most one read per project per second.
 * `reader` reads on a miss instead of `db` (a transaction of `db`, which on SQLite holds its only connection).
 */
export async function getProjectCached(
  db: Kysely<DB>,
  id: number,
  reader: Kysely<DB> = db,
): Promise<Project | undefined> {
  let cache = projectCache.get(db);
  if (!cache) {
    cache = new Map();
    projectCache.set(db, cache);
  }
  const hit = cache.get(id);
  const now = Date.now();
  if (hit && now - hit.at < PROJECT_CACHE_MS) return hit.project;
  const project = await getProject(reader, id);
  if (project) cache.set(id, { project, at: now });
  else cache.delete(id);
  return project;
}

/** Drops a project from this process's cache (after a write made outside `updateProject`). */
export function forgetProject(db: Kysely<DB>, id: number) {
  projectCache.get(db)?.delete(id);
}

export async function listProjects(db: Kysely<DB>): Promise<Project[]> {
  const rows = await selectProjects(db).orderBy("projects.id").execute();
  return rows.map(toProject);
}

/** The id of a business unit, created on first use. */
async function businessUnitId(db: Kysely<DB>, name: string | null | undefined, now: number) {
  if (!name) return null;
  await db
    .insertInto("business_units")
    .values({ name, created_at: now })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db.selectFrom("business_units").select("id").where("name", "=", name).executeTakeFirstOrThrow();
  return row.id;
}

export interface NewProject {
  name: string;
  description?: string;
  businessUnit?: string | null;
  schema: LabelSchema;
  requirements: Requirements;
  overlap: number;
  priority: number;
  deadline: number | null;
  leaseSeconds: number;
  /** core's DEFAULT_REVIEW_LEASE_SECONDS when not given. */
  reviewLeaseSeconds?: number;
  sensitive: boolean;
  /** Harm category of the project's tasks; a sensitive project without one is `other`. */
  harmCategory?: HarmCategory | null;
  harmMedia?: Partial<MediaFilters>;
  guidelines?: string;
  goldPolicy?: GoldPolicy;
  overlapPolicy?: OverlapSetting;
  qualityRules?: QualityRules;
  /** Off (core's DEFAULT_REVIEW_POLICY) when not given. */
  reviewPolicy?: ReviewPolicy;
}

/** Creates a project and, when guidelines are given, their version 1, in one transaction. */
export async function insertProject(db: Kysely<DB>, input: NewProject, actorId: number, now: number): Promise<Project> {
  const harm = projectHarmFrom({ sensitive: input.sensitive, category: input.harmCategory, media: input.harmMedia });
  // Inside a caller's transaction (accepting an intake request) the project joins it.
  const within = <T>(body: (trx: Kysely<DB>) => Promise<T>) =>
    db.isTransaction ? body(db) : db.transaction().execute(body);
  const id = await within(async (trx) => {
    const row = await trx
      .insertInto("projects")
      .values({
        name: input.name,
        description: input.description ?? "",
        business_unit_id: await businessUnitId(trx, input.businessUnit, now),
        schema: JSON.stringify(input.schema),
        requirements: JSON.stringify(input.requirements),
        overlap: input.overlap,
        priority: input.priority,
        deadline: input.deadline,
        lease_seconds: input.leaseSeconds,
        review_lease_seconds: input.reviewLeaseSeconds ?? DEFAULT_REVIEW_LEASE_SECONDS,
        guideline_version: input.guidelines ? 1 : 0,
        sensitive: input.sensitive ? 1 : 0,
        harm_category: harm.category,
        harm_media: JSON.stringify(harm.media),
        gold_policy: JSON.stringify(input.goldPolicy ?? DEFAULT_GOLD_POLICY),
        overlap_policy: JSON.stringify(input.overlapPolicy ?? DEFAULT_OVERLAP_SETTING),
        quality_rules: JSON.stringify(input.qualityRules ?? DEFAULT_QUALITY_RULES),
        ...(input.reviewPolicy ? { review_policy: JSON.stringify(input.reviewPolicy) } : {}),
        status: "active",
        created_by: actorId,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.guidelines)
      await trx
        .insertInto("guideline_versions")
        .values({ project_id: row.id, version: 1, body: input.guidelines, created_by: actorId, created_at: now })
        .execute();
    await rebuildProjectTaskCounters(trx, {
      id: row.id,
      overlapPolicy: input.overlapPolicy ?? DEFAULT_OVERLAP_SETTING,
    });
    await writeAudit(trx, { projectId: row.id, actorId, action: "project.create", now });
    return row.id;
  });
  return (await getProject(db, id))!;
}

export interface ProjectChanges {
  name?: string;
  description?: string;
  businessUnit?: string | null;
  requirements?: Requirements;
  priority?: number;
  deadline?: number | null;
  leaseSeconds?: number;
  reviewLeaseSeconds?: number;
  sensitive?: boolean;
  /** A new category applies to tasks imported from now on. */
  harmCategory?: HarmCategory | null;
  harmMedia?: Partial<MediaFilters>;
  status?: ProjectStatus;
  goldPolicy?: GoldPolicy;
  overlapPolicy?: OverlapSetting;
  qualityRules?: QualityRules;
  reviewPolicy?: ReviewPolicy;
}

/** A gold task a new gold policy released from control duty already answered enough: done now. */
export interface ReleasedDoneTask {
  id: number;
  batchId: number;
  externalId: string | null;
  confidence: number;
  aggregate: LabelValue | null;
  gold: true;
}

/**
 * Writes a project's changes with their audit line, inside the caller's transaction (`updateProject`
 * runs it). Returns the gold tasks a gold policy without controls turned into done tasks, for the
 * caller to settle as a judgment would have.
 */
export async function writeProjectChanges(
  trx: Kysely<DB>,
  id: number,
  changes: ProjectChanges,
  actorId: number,
  now: number,
): Promise<ReleasedDoneTask[]> {
  let released: ReleasedDoneTask[] = [];
  const values: Updateable<ProjectsTable> = { updated_at: now };
  if (changes.name !== undefined) values.name = changes.name;
  if (changes.description !== undefined) values.description = changes.description;
  if (changes.businessUnit !== undefined)
    values.business_unit_id = await businessUnitId(trx, changes.businessUnit, now);
  if (changes.requirements !== undefined) values.requirements = JSON.stringify(changes.requirements);
  if (changes.priority !== undefined) values.priority = changes.priority;
  if (changes.deadline !== undefined) values.deadline = changes.deadline;
  if (changes.leaseSeconds !== undefined) values.lease_seconds = changes.leaseSeconds;
  if (changes.reviewLeaseSeconds !== undefined) values.review_lease_seconds = changes.reviewLeaseSeconds;
  if (changes.sensitive !== undefined) values.sensitive = changes.sensitive ? 1 : 0;
  if (changes.harmCategory !== undefined || changes.harmMedia !== undefined || changes.sensitive !== undefined)
    await setProjectHarm(trx, id, changes, values);
  if (changes.status !== undefined) values.status = changes.status;
  if (changes.goldPolicy !== undefined) values.gold_policy = JSON.stringify(changes.goldPolicy);
  if (changes.overlapPolicy !== undefined) values.overlap_policy = JSON.stringify(changes.overlapPolicy);
  if (changes.qualityRules !== undefined) values.quality_rules = JSON.stringify(changes.qualityRules);
  if (changes.reviewPolicy !== undefined) values.review_policy = JSON.stringify(changes.reviewPolicy);
  // The unfinished tasks follow a new overlap policy: a background change, restarted from the first
  // task. Its row first, as each batch of the change takes it first: the two never deadlock.
  if (changes.overlapPolicy !== undefined && (await storedOverlapPolicy(trx, id)) !== values.overlap_policy)
    await restartOverlapPolicyChange(trx, id, now);
  await trx.updateTable("projects").set(values).where("id", "=", id).execute();
  if (changes.goldPolicy !== undefined) {
    const { goldPolicy } = changes;
    const policy = await trx.selectFrom("projects").select("overlap_policy").where("id", "=", id).executeTakeFirst();
    const target = confidenceTarget(parseOverlapSetting(JSON.parse(policy?.overlap_policy ?? "{}")));
    released = await changeTasksInBulk(trx, id, target, () => moveGoldTasks(trx, id, goldIsControl(goldPolicy), now));
  }
  // The counters count confident tasks at the policy's target: a new target recounts them now, not on a page's read.
  if (changes.overlapPolicy !== undefined) await retargetTaskCounters(trx, id, confidenceTarget(changes.overlapPolicy));
  await writeAudit(trx, { projectId: id, actorId, action: "project.update", details: { ...changes }, now });
  return released;
}

/** The project's overlap policy as `updateProject` would store it (parsed and written again). */
async function storedOverlapPolicy(trx: Kysely<DB>, id: number): Promise<string | undefined> {
  const row = await trx.selectFrom("projects").select("overlap_policy").where("id", "=", id).executeTakeFirst();
  return row && JSON.stringify(parseOverlapSetting(JSON.parse(row.overlap_policy)));
}

/** The harm columns after a change: a category (or `sensitive`) given without media turns the filters on. */
async function setProjectHarm(trx: Kysely<DB>, id: number, changes: ProjectChanges, values: Updateable<ProjectsTable>) {
  const row = await trx
    .selectFrom("projects")
    .select(["sensitive", "harm_category", "harm_media"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return;
  const current = { ...NO_MEDIA_FILTERS, ...(JSON.parse(row.harm_media) as Partial<MediaFilters>) };
  const category =
    changes.harmCategory !== undefined
      ? changes.harmCategory
      : changes.sensitive === false
        ? null
        : isHarmCategory(row.harm_category)
          ? row.harm_category
          : null;
  const harm = projectHarmFrom({
    sensitive: changes.sensitive ?? (category !== null || row.sensitive === 1),
    category,
    media: changes.harmMedia ?? (row.harm_category === null ? undefined : current),
  });
  values.harm_category = harm.category;
  values.harm_media = JSON.stringify(harm.media);
  if (changes.sensitive === undefined) values.sensitive = harm.category === null ? 0 : 1;
}

/** Adds the harm marks an import's tasks carry to the project's list (the lease reads it). */
export async function addHarmMarks(trx: Kysely<DB>, projectId: number, marks: ReadonlySet<HarmMark>): Promise<void> {
  if (marks.size === 0) return;
  const row = await trx.selectFrom("projects").select("harm_present").where("id", "=", projectId).executeTakeFirst();
  if (!row) return;
  const present = new Set(parseJsonColumn(row.harm_present, "projects.harm_present", isTextList));
  const before = present.size;
  for (const mark of marks) present.add(mark);
  if (present.size === before) return;
  await trx
    .updateTable("projects")
    .set({ harm_present: JSON.stringify([...present].sort()) })
    .where("id", "=", projectId)
    .execute();
}

/**
 * Gold tasks are controls served by the gold policy (status `gold`, any number of answers) when
 * the policy has a share or onboarding; otherwise they are ordinary tasks in the queue. Unstarted
 * gold tasks move between the two when the policy changes.
 */
async function moveGoldTasks(
  trx: Kysely<DB>,
  projectId: number,
  control: boolean,
  now: number,
): Promise<ReleasedDoneTask[]> {
  if (control) {
    await trx
      .updateTable("tasks")
      .set({ status: "gold", updated_at: now })
      .where("project_id", "=", projectId)
      .where("status", "=", OPEN)
      .where("gold", "is not", null)
      .execute();
    return [];
  }
  const rows = await trx
    .updateTable("tasks")
    .set({
      status: taskStatusSql({ releaseGold: true }),
      updated_at: now,
    })
    .where("project_id", "=", projectId)
    .where("status", "=", GOLD)
    .returning(["id", "batch_id", "external_id", "status", "confidence", "aggregate"])
    .execute();
  return rows
    .filter((row) => row.status === "done")
    .map((row) => ({
      id: row.id,
      batchId: Number(row.batch_id),
      externalId: row.external_id,
      confidence: Number(row.confidence ?? 0),
      aggregate: parseAggregate(row.aggregate)?.value ?? null,
      gold: true as const,
    }))
    .sort((a, b) => a.id - b.id);
}

export interface GuidelineVersion {
  version: number;
  body: string;
  createdBy: number | null;
  createdAt: number;
}

/** Publishes a new guideline version; judgments made from now on record it. */
export async function addGuidelineVersion(
  db: Kysely<DB>,
  projectId: number,
  body: string,
  actorId: number,
  now: number,
): Promise<GuidelineVersion> {
  return db
    .transaction()
    .execute(async (trx) => {
      const project = await trx
        .updateTable("projects")
        .set((eb) => ({ guideline_version: eb("guideline_version", "+", 1), updated_at: now }))
        .where("id", "=", projectId)
        .returning("guideline_version")
        .executeTakeFirstOrThrow();
      const version = project.guideline_version;
      await trx
        .insertInto("guideline_versions")
        .values({ project_id: projectId, version, body, created_by: actorId, created_at: now })
        .execute();
      return { version, body, createdBy: actorId, createdAt: now };
    })
    .finally(() => forgetProject(db, projectId));
}

export async function listGuidelineVersions(db: Kysely<DB>, projectId: number): Promise<GuidelineVersion[]> {
  const rows = await db
    .selectFrom("guideline_versions")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("version", "desc")
    .execute();
  return rows.map((r) => ({ version: r.version, body: r.body, createdBy: r.created_by, createdAt: r.created_at }));
}
