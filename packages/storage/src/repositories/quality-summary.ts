import {
  dawidSkene,
  encodeAnswers,
  fleissKappa,
  krippendorffAlpha,
  type LabelValue,
  labelKey,
  ordinalDawidSkene,
  type Project,
  percentAgreement,
  priorConfusion,
  ratingTable,
  schemaClasses,
  wilsonInterval,
} from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { CROWD_PRIOR_ID, classValue } from "./quality-records.js";

const DAY = 86_400_000;
/** Agreement and confusion read at most this many recent judgments (a window, not the whole history). */
export const AGREEMENT_WINDOW = 100_000;

interface Interval {
  estimate: number | null;
  low: number;
  high: number;
  n: number;
}

function interval(correct: number, total: number): Interval {
  const w = wilsonInterval(correct, total, 0.95);
  return { estimate: total > 0 ? w.estimate : null, low: w.lower, high: w.upper, n: total };
}

interface AgreementRow {
  group: string;
  judgments: number;
  tasks: number;
  percentAgreement: number | null;
  fleissKappa: number | null;
  alpha: number | null;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : null;
}

function agreementOf(
  group: string,
  rows: { task: string; worker: string; label: string }[],
  classes: string[],
  ordinal: boolean,
): AgreementRow {
  const answers = encodeAnswers(rows, classes);
  const table = ratingTable(answers);
  const values = ordinal ? Float64Array.from(classes.map(Number)) : undefined;
  return {
    group,
    judgments: rows.length,
    tasks: answers.taskCount,
    percentAgreement: finite(percentAgreement(table)),
    fleissKappa: finite(fleissKappa(table)),
    alpha: finite(krippendorffAlpha(table, ordinal ? "ordinal" : "nominal", values)),
  };
}

/**
 * The project's quality picture for managers (DESIGN.md rule 5: every figure traceable and with
 * its uncertainty): gold accuracy trend per day with Wilson intervals, agreement (percent,
 * Fleiss' kappa, Krippendorff's alpha) by language and guideline version over the recent window,
 * the confusion matrix against gold (or the aggregate where there is no gold), annotator quality,
 * and settled versus uncertain tasks.
 */
export async function projectQuality(db: Kysely<DB>, project: Project, now: number, days = 14) {
  const multiLabel = project.schema.type === "multi_label";
  const ordinal = project.schema.type === "rating";

  const recent = await db
    .selectFrom("judgments")
    .innerJoin("tasks", (join) =>
      join.onRef("tasks.project_id", "=", "judgments.project_id").onRef("tasks.id", "=", "judgments.task_id"),
    )
    .select([
      "judgments.task_id",
      "judgments.annotator_id",
      "judgments.value",
      "judgments.guideline_version",
      "tasks.language",
      "tasks.gold",
      "tasks.aggregate",
    ])
    .where("judgments.project_id", "=", project.id)
    .orderBy("judgments.created_at", "desc")
    .limit(AGREEMENT_WINDOW)
    .execute();

  const rows = recent.map((r) => ({
    task: String(r.task_id),
    worker: String(r.annotator_id),
    label: labelKey(JSON.parse(r.value) as LabelValue),
    language: r.language || "any",
    version: `v${r.guideline_version}`,
    gold: r.gold === null ? null : labelKey(JSON.parse(r.gold) as LabelValue),
    aggregate: r.aggregate === null ? null : labelKey((JSON.parse(r.aggregate) as { value: LabelValue }).value),
  }));
  // Multi-label answers agree when they are the same set: the sets seen become the classes.
  const classes = schemaClasses(project.schema) ?? (multiLabel ? [...new Set(rows.map((r) => r.label))].sort() : []);
  const classRows = classes.length > 0 ? rows.filter((r) => classes.includes(r.label)) : [];
  // And per label of the taxonomy: did the annotator tick it or not (binary agreement).
  const byLabel =
    project.schema.type === "multi_label"
      ? project.schema.options.map((option) =>
          agreementOf(
            option.value,
            rows.map((r) => ({ ...r, label: (JSON.parse(r.label) as string[]).includes(option.value) ? "1" : "0" })),
            ["0", "1"],
            false,
          ),
        )
      : [];
  const groupBy = (key: "language" | "version") => {
    const groups = new Map<string, typeof classRows>();
    for (const r of classRows) groups.set(r[key], [...(groups.get(r[key]) ?? []), r]);
    return [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([g, list]) => agreementOf(g, list, classes, ordinal));
  };

  const labelCounts = new Map<string, number>();
  for (const r of recent) {
    const value = JSON.parse(r.value) as LabelValue;
    const labels = Array.isArray(value)
      ? value.length === 0
        ? ["(none)"]
        : value
      : project.schema.type === "free_text"
        ? []
        : [String(value)];
    for (const label of labels) labelCounts.set(label, (labelCounts.get(label) ?? 0) + 1);
  }
  const order =
    classes.length > 0
      ? classes
      : project.schema.type === "multi_label"
        ? project.schema.options.map((o) => o.value)
        : [];
  const labelDistribution = [...labelCounts]
    .sort(([a, x], [b, y]) => (order.includes(a) && order.includes(b) ? order.indexOf(a) - order.indexOf(b) : y - x))
    .map(([label, judgments]) => ({ label, judgments }));

  const confusion = classes.map(() => classes.map(() => 0));
  const hasGold = classRows.some((r) => r.gold !== null);
  for (const r of classRows) {
    const truth = hasGold ? r.gold : r.aggregate;
    const i = truth === null ? -1 : classes.indexOf(truth);
    const j = classes.indexOf(r.label);
    if (i >= 0 && j >= 0) confusion[i]![j]!++;
  }

  const agreeWithAggregate = new Map<string, { agree: number; total: number }>();
  for (const r of rows) {
    if (r.aggregate === null) continue;
    const entry = agreeWithAggregate.get(r.worker) ?? { agree: 0, total: 0 };
    entry.total++;
    if (r.aggregate === r.label) entry.agree++;
    agreeWithAggregate.set(r.worker, entry);
  }

  const annotatorRows = await db
    .selectFrom("annotator_quality")
    .innerJoin("users", "users.id", "annotator_quality.annotator_id")
    .select([
      "annotator_quality.annotator_id",
      "users.name",
      "users.vendor",
      "users.languages",
      "annotator_quality.judgments",
      "annotator_quality.gold_answered",
      "annotator_quality.gold_correct",
      "annotator_quality.fast_answers",
      "annotator_quality.status",
      "annotator_quality.status_reason",
    ])
    .where("annotator_quality.project_id", "=", project.id)
    .orderBy("annotator_quality.judgments", "desc")
    .execute();
  const annotators = annotatorRows.map((a) => {
    const agreement = agreeWithAggregate.get(String(a.annotator_id));
    return {
      id: a.annotator_id,
      name: a.name,
      vendor: a.vendor,
      languages: JSON.parse(a.languages) as string[],
      judgments: a.judgments,
      goldAccuracy: interval(a.gold_correct, a.gold_answered),
      agreementWithAggregate: agreement ? interval(agreement.agree, agreement.total) : null,
      fastAnswers: a.fast_answers,
      status: a.status,
      statusReason: a.status_reason,
    };
  });

  const since = Math.floor(now / DAY) * DAY - (days - 1) * DAY;
  const hourly = await db
    .selectFrom("activity_hourly")
    .select(["hour", "gold_answered", "gold_correct", "judgments"])
    .where("project_id", "=", project.id)
    .where("hour", ">=", since)
    .execute();
  const byDay = new Map<number, { answered: number; correct: number; judgments: number }>();
  for (const h of hourly) {
    const day = Math.floor(h.hour / DAY) * DAY;
    const entry = byDay.get(day) ?? { answered: 0, correct: 0, judgments: 0 };
    entry.answered += h.gold_answered;
    entry.correct += h.gold_correct;
    entry.judgments += h.judgments;
    byDay.set(day, entry);
  }
  const trend = [];
  for (let day = since; day <= now; day += DAY) {
    const entry = byDay.get(day) ?? { answered: 0, correct: 0, judgments: 0 };
    trend.push({
      day: new Date(day).toISOString().slice(0, 10),
      judgments: entry.judgments,
      goldAccuracy: interval(entry.correct, entry.answered),
    });
  }

  const target = project.overlapPolicy.mode === "dynamic" ? project.overlapPolicy.target : 0.9;
  const taskRows = await db
    .selectFrom("tasks")
    .select([
      "status",
      (eb) => eb.fn.countAll<number>().as("n"),
      (eb) => eb.fn.sum<number>(eb.case().when("confidence", ">=", target).then(1).else(0).end()).as("confident"),
    ])
    .where("project_id", "=", project.id)
    .where("judgment_count", ">", 0)
    .groupBy("status")
    .execute();
  let settled = 0;
  let uncertain = 0;
  let confident = 0;
  for (const r of taskRows) {
    if (r.status === "done") settled += Number(r.n);
    else if (r.status !== "gold") uncertain += Number(r.n);
    confident += Number(r.confident ?? 0);
  }
  const totals = annotatorRows.reduce(
    (s, a) => ({ answered: s.answered + a.gold_answered, correct: s.correct + a.gold_correct }),
    { answered: 0, correct: 0 },
  );

  return {
    classes,
    window: { judgments: rows.length, limit: AGREEMENT_WINDOW },
    goldAccuracy: interval(totals.correct, totals.answered),
    trend,
    agreement: {
      overall: classRows.length > 0 ? agreementOf("all", classRows, classes, ordinal) : null,
      byLanguage: groupBy("language"),
      byGuidelineVersion: groupBy("version"),
      byLabel,
    },
    confusion: { against: hasGold ? "gold" : "aggregate", matrix: multiLabel ? [] : confusion },
    labelDistribution,
    annotators,
    tasks: { settled, uncertain, confidentAtTarget: confident, target },
  };
}

/**
 * Full re-fit: Dawid-Skene (order-aware for ratings) over every judgment of the project with
 * gold tasks clamped to their answers; writes back each task's label, confidence and posterior
 * and each annotator's confusion counts, so the online updates start again from a calibrated
 * state. Reads the judgments a page at a time into typed arrays.
 */
export async function refitProject(db: Kysely<DB>, project: Project, now: number) {
  const classes = schemaClasses(project.schema);
  if (!classes) return { tasks: 0, judgments: 0, iterations: 0, method: "none" as const };
  const rows: { task: string; worker: string; label: string }[] = [];
  const gold = new Map<string, string>();
  const reviewed = new Set<string>();
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom("judgments")
      .innerJoin("tasks", (join) =>
        join.onRef("tasks.project_id", "=", "judgments.project_id").onRef("tasks.id", "=", "judgments.task_id"),
      )
      .select([
        "judgments.id",
        "judgments.task_id",
        "judgments.annotator_id",
        "judgments.value",
        "tasks.gold",
        "tasks.aggregate",
      ])
      .where("judgments.project_id", "=", project.id)
      .where("judgments.id", ">", after)
      .orderBy("judgments.id")
      .limit(20_000)
      .execute();
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    for (const j of page) {
      const label = labelKey(JSON.parse(j.value) as LabelValue);
      if (!classes.includes(label)) continue;
      rows.push({ task: String(j.task_id), worker: String(j.annotator_id), label });
      // Gold answers and reviewers' corrections are known truths: clamped, never overwritten.
      if (j.gold !== null) gold.set(String(j.task_id), labelKey(JSON.parse(j.gold) as LabelValue));
      else if (j.aggregate !== null) {
        const aggregate = JSON.parse(j.aggregate) as { value: LabelValue; method?: string };
        if (aggregate.method === "review") {
          gold.set(String(j.task_id), labelKey(aggregate.value));
          reviewed.add(String(j.task_id));
        }
      }
    }
  }
  if (rows.length === 0) return { tasks: 0, judgments: 0, iterations: 0, method: "none" as const };
  const answers = encodeAnswers(rows, classes);
  const goldIndex = new Map<number, number>();
  answers.taskIds.forEach((id, t) => {
    const g = gold.get(id);
    const k = g === undefined ? -1 : classes.indexOf(g);
    if (k >= 0) goldIndex.set(t, k);
  });
  const fit =
    project.schema.type === "rating"
      ? ordinalDawidSkene(answers, { gold: goldIndex })
      : dawidSkene(answers, { gold: goldIndex });
  const K = classes.length;
  await db.transaction().execute(async (trx) => {
    for (let t = 0; t < answers.taskCount; t++) {
      if (reviewed.has(answers.taskIds[t]!)) continue;
      const label = fit.label[t]!;
      const logPosterior = Array.from(fit.posterior.subarray(t * K, t * K + K), (p) => Math.log(Math.max(p, 1e-12)));
      await trx
        .updateTable("tasks")
        .set({
          aggregate: JSON.stringify({ value: classValue(project.schema, classes[label]!), method: "dawid-skene" }),
          confidence: fit.confidence[t]!,
          posterior: JSON.stringify(logPosterior),
        })
        .where("project_id", "=", project.id)
        .where("id", "=", Number(answers.taskIds[t]))
        .execute();
    }
    // Expected counts per annotator: a fresh prior plus what the fit credits them with.
    const counts = new Float64Array(answers.workerCount * K * K);
    for (let i = 0; i < answers.task.length; i++) {
      const t = answers.task[i]!;
      const w = answers.worker[i]!;
      const l = answers.label[i]!;
      for (let k = 0; k < K; k++) counts[(w * K + k) * K + l]! += fit.posterior[t * K + k]!;
    }
    const prior = priorConfusion(K);
    for (let w = 0; w < answers.workerCount; w++) {
      const matrix = Array.from(
        counts.subarray(w * K * K, (w + 1) * K * K),
        (c, index) => Math.round((c + prior[index]!) * 1e6) / 1e6,
      );
      await trx
        .updateTable("annotator_quality")
        .set({ confusion: JSON.stringify(matrix), updated_at: now })
        .where("project_id", "=", project.id)
        .where("annotator_id", "=", Number(answers.workerIds[w]))
        .execute();
    }
    // Newcomers start from the crowd's average confusion (4 pseudo-answers a row), not from a
    // fixed 70% guess: two agreeing unknown annotators then convince only as much as the crowd.
    await saveCrowdPrior(trx, project.id, pooledPrior(counts, prior, answers.workerCount, K), now);
  });
  return {
    tasks: answers.taskCount,
    judgments: rows.length,
    iterations: fit.iterations,
    method: project.schema.type === "rating" ? ("ordinal-ds" as const) : ("dawid-skene" as const),
  };
}

/** The workers' average confusion matrix, rows normalised, scaled to `strength` pseudo-answers a row. */
function pooledPrior(counts: Float64Array, prior: number[], workers: number, K: number, strength = 4): number[] {
  const pooled = new Array<number>(K * K).fill(0);
  for (let w = 0; w < workers; w++)
    for (let k = 0; k < K; k++) {
      let rowTotal = 0;
      for (let l = 0; l < K; l++) rowTotal += counts[(w * K + k) * K + l]! + prior[k * K + l]!;
      for (let l = 0; l < K; l++)
        pooled[k * K + l]! += (counts[(w * K + k) * K + l]! + prior[k * K + l]!) / rowTotal / workers;
    }
  return pooled.map((p) => Math.round(p * strength * 1e6) / 1e6);
}

async function saveCrowdPrior(trx: Kysely<DB>, projectId: number, confusion: number[], now: number) {
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
