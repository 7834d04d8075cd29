import type { LabelValue, Project, Role, User } from "@quorum/core";
import { hashPassword } from "@quorum/server";
import {
  addGuidelineVersion,
  type Database,
  findUserWithPassword,
  type ImportRecord,
  importTasks,
  insertProject,
  insertUser,
} from "@quorum/storage";
import type { Io } from "../io.js";
import { progressBar } from "../progress.js";
import { mixSeed, mulberry32, type Random, sampleAnnotatorModel } from "../simulate/annotator-model.js";
import { runSimulation, type SimulatedWorker } from "../simulate/run-simulation.js";
import { adCopyProject } from "./ad-copy-project.js";
import { seedBudgetsAndPools } from "./demo-budgets.js";
import { seedCostHistory, seedRateCards } from "./demo-costs.js";
import { demoExperimentMilestones, demoGuidelineEffect, seedIncentivesAndRoi } from "./demo-experiments.js";
import { seedIntakeRequest } from "./demo-intake.js";
import { seedLeadSupport } from "./demo-lead-support.js";
import {
  DEMO_ANNOTATOR_COUNT,
  DEMO_LATE_STAFF,
  DEMO_PASSWORD,
  DEMO_STAFF,
  type DemoPerson,
  demoAnnotators,
} from "./demo-people.js";
import { requireTierForSensitiveWork, seedPerformance } from "./demo-performance.js";
import { seedRecruitment } from "./demo-recruitment.js";
import { seedReports, seedWorkspaceTimeZone } from "./demo-reports.js";
import type { DemoProjectSpec, DemoTask } from "./demo-spec.js";
import { seedSupportWork } from "./demo-support.js";
import { seedVendorsAndTeams } from "./demo-vendors.js";
import { seedWellbeing } from "./demo-wellbeing.js";
import { moderationProject } from "./moderation-project.js";
import { relevanceProject } from "./relevance-project.js";
import { seedReviewWork } from "./review-activity.js";

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 3;
const GOLD_SHARE = 0.07;
/** Share of all judgment slots the simulated history should fill, leaving the rest open to label. */
const TARGET_SHARE = 0.35;
/** Judgments per working minute of a typical simulated annotator on these task types (measured). */
const JUDGMENTS_PER_MINUTE = 1.4;
const MIN_ANNOTATORS = 12;
const MIN_TASKS = 30;
const SPECS: readonly DemoProjectSpec[] = [moderationProject, relevanceProject, adCopyProject];

/**
 * Fills an empty installation with a workspace worth exploring: the business units Trust &
 * Safety, Search Ranking and Ads; a manager, reviewer, analyst, vendor lead and an annotator
 * account for a person (all with the password `quorum-demo`); about fifty simulated annotators
 * from two vendors and the independent crowd; three projects (policy-violation taxonomy, search
 * relevance in en/de/ja, ad copy side-by-side) with guidelines, gold tasks and generated tasks; and
 * three days of history labeled by the simulated annotators through the real engine, leaving
 * about two thirds of the work open. Deterministic for a seed and `now`; `scale` shrinks it for
 * tests. Prints the logins on stderr and returns them.
 */
export async function buildDemoWorkspace(
  database: Database,
  io: Io,
  options: { now?: number; seed?: number; scale?: number } = {},
): Promise<{ logins: DemoLogin[] }> {
  const started = Date.now();
  const now = options.now ?? Date.now();
  const seed = options.seed ?? 1;
  const scale = options.scale ?? 1;
  const random = mulberry32(mixSeed(seed, 0xde70));
  const historyStart = now - HISTORY_DAYS * DAY;
  io.stderr("Building the demo workspace (use --no-demo to start empty) ...\n");

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const logins: DemoLogin[] = [];
  let manager: User | undefined;
  let reviewer: User | undefined;
  let annotator: User | undefined;
  for (const person of DEMO_STAFF) {
    const user = await ensureUser(database, person, passwordHash, now - 60 * DAY);
    if (!user) continue;
    logins.push({ email: user.email, password: DEMO_PASSWORD, role: user.role });
    if (user.role === "manager") manager = user;
    if (user.role === "reviewer") reviewer = user;
    if (user.role === "annotator") annotator = user;
  }
  const ownerId = manager?.id ?? 0;

  const people = demoAnnotators(random, Math.max(MIN_ANNOTATORS, Math.round(DEMO_ANNOTATOR_COUNT * scale)));
  const projects: Project[] = [];
  const truths = new Map<string, LabelValue>();
  const milestones: { at: number; run: () => Promise<void> }[] = [];
  let slots = 0;
  for (const spec of SPECS) {
    const project = await insertProject(
      database.db,
      { ...spec.project, deadline: now + spec.deadlineDays * DAY, guidelines: spec.guidelines[0]! },
      ownerId,
      historyStart - 3 * HOUR,
    );
    projects.push(project);
    const count = Math.max(MIN_TASKS, Math.round(spec.taskCount * scale));
    for (const batch of spec.batches(random, count)) {
      for (const task of batch.tasks) truths.set(`${project.id}:${task.externalId}`, task.truth);
      await importTasks(database.db, {
        project,
        records: asRecords(batch.tasks, random),
        batchName: batch.name,
        ...(batch.priority !== undefined ? { batchPriority: batch.priority } : {}),
        ...(batch.deadlineDays !== undefined ? { batchDeadline: now + batch.deadlineDays * DAY } : {}),
        actorId: ownerId,
        now: historyStart - 2 * HOUR,
      });
      slots += batch.tasks.length * project.overlap;
    }
    // Later guideline versions are published during the history, so judgments record both.
    spec.guidelines.slice(1).forEach((body, index, later) => {
      const at = historyStart + Math.round(((index + 1) / (later.length + 1)) * HISTORY_DAYS * DAY);
      milestones.push({
        at,
        run: async () => void (await addGuidelineVersion(database.db, project.id, body, ownerId, at)),
      });
    });
  }

  // Working time per annotator-day so that the history fills about TARGET_SHARE of the slots.
  const annotatorDays = people.length * HISTORY_DAYS * 0.85; // some rest at weekends
  const shiftMinutes = (TARGET_SHARE * slots) / (annotatorDays * JUDGMENTS_PER_MINUTE);
  const workers: SimulatedWorker[] = [];
  const accuracies = new Map<number, number>();
  for (const [index, person] of people.entries()) {
    const user = await ensureUser(database, person, passwordHash, now - (20 + (index % 30)) * DAY);
    if (!user) continue;
    const model = sampleAnnotatorModel({
      seed: mixSeed(seed, index + 1),
      languages: person.languages,
      accuracy: person.profile.accuracy,
      accuracySpread: 0.04,
      shiftMinutes,
      utcOffsetMinutes: person.profile.utcOffsetMinutes,
      ...(person.profile.confusion ? { confusion: person.profile.confusion } : {}),
    });
    if (person.profile.pace !== undefined) model.pace = person.profile.pace;
    workers.push({ user, model });
    accuracies.set(user.id, person.profile.accuracy);
  }

  await seedWorkspaceTimeZone(database, { actorId: ownerId, now });
  await seedVendorsAndTeams(database, { people: [...DEMO_STAFF, ...people], now });
  await seedRateCards(database, { projects, ownerId, now });
  const ledgerRows = await seedCostHistory(database, {
    projects,
    workers: workers.map((w) => w.user),
    annotator,
    until: historyStart,
    now,
    random,
  });

  const [moderation, relevance] = projects as [Project, Project, Project];
  milestones.push(
    ...(await demoExperimentMilestones(database, {
      moderation,
      relevance,
      ownerId,
      historyStart,
      guidelineAt: Math.min(...milestones.map((m) => m.at)),
      now,
    })),
  );
  milestones.sort((a, b) => a.at - b.at);
  const bar = progressBar(io, `simulating ${HISTORY_DAYS} days of labeling`, HISTORY_DAYS * 24);
  const result = await runSimulation(database, {
    projects,
    workers,
    from: historyStart,
    to: now,
    seed,
    truthFor: (task) => (task.externalId === null ? undefined : truths.get(`${task.projectId}:${task.externalId}`)),
    milestones,
    guidelineEffect: demoGuidelineEffect(moderation.id),
    onProgress: (progress) => {
      if (progress.now < now) bar.update(Math.floor((progress.now - historyStart) / HOUR), "simulated hours");
    },
  });
  bar.finish(HISTORY_DAYS * 24, "simulated hours");
  await seedReviewWork(database, { projects, reviewer, manager, now, random });
  await seedSupportWork(database, { projects, reviewer, manager, now });
  await seedLeadSupport(database, { project: moderation, reviewer, now });
  await seedBudgetsAndPools(database, { projects, ownerId, now });
  await seedPerformance(database, {
    workers: workers.map((w) => ({ user: w.user, accuracy: accuracies.get(w.user.id) ?? 0 })),
    manager,
    from: historyStart,
    now,
    random,
  });
  await seedRecruitment(database, { workers: workers.map((w) => w.user), annotator, ownerId, now, random });
  await seedReports(database, { manager, now });
  await seedWellbeing(database, { projects, workers: workers.map((w) => w.user), ownerId, now, random });
  await seedIncentivesAndRoi(database, { moderation, ownerId, now, random });
  await seedIntakeRequest(database, { ownerId, now });
  // Last: the history above was made before the sensitive project asked for a tier.
  await requireTierForSensitiveWork(database, { project: moderation, annotator, manager, now });
  for (const person of DEMO_LATE_STAFF) {
    const user = await ensureUser(database, person, passwordHash, now - 60 * DAY);
    if (user) logins.push({ email: user.email, password: DEMO_PASSWORD, role: user.role });
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.stderr(
    `Demo workspace ready in ${seconds} s: ${projects.length} projects, ${workers.length} simulated annotators, ` +
      `${result.judgments.toLocaleString("en-US")} judgments over the last ${HISTORY_DAYS} days, ` +
      `${ledgerRows.toLocaleString("en-US")} daily cost rows before them.\n` +
      `Sign in with the password "${DEMO_PASSWORD}" as:\n` +
      logins.map((login) => `  ${login.role.padEnd(12)} ${login.email}\n`).join(""),
  );
  return { logins };
}

/** Creates the account unless its email is taken (say, by the admin); undefined then. */
async function ensureUser(database: Database, person: DemoPerson, passwordHash: string, joined: number) {
  if (await findUserWithPassword(database.db, person.email)) return undefined;
  return insertUser(
    database.db,
    {
      email: person.email,
      name: person.name,
      passwordHash,
      role: person.role,
      languages: person.languages,
      skills: person.skills,
      vendor: person.vendor,
      ...(person.languageLevels ? { languageLevels: person.languageLevels } : {}),
      ...(person.region ? { region: person.region } : {}),
      ...(person.timeZone ? { timeZone: person.timeZone } : {}),
    },
    joined,
  );
}

/** The import records of generated tasks, about `GOLD_SHARE` of them carrying their truth as gold. */
async function* asRecords(tasks: readonly DemoTask[], random: Random): AsyncGenerator<ImportRecord> {
  for (const [index, task] of tasks.entries()) {
    const gold = random() < GOLD_SHARE ? { gold: task.truth, goldExplanation: task.explanation } : {};
    yield { ok: true, task: { line: index + 1, data: task.data, externalId: task.externalId, ...gold } };
  }
}
