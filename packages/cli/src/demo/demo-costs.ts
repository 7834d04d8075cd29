import type { Project, User } from "@quorum/core";
import { appendLedgerRows, type Database, insertRateCard, listBusinessUnits } from "@quorum/storage";
import type { Random } from "../simulate/annotator-model.js";
import { type CostSegment, costHistoryRows } from "./demo-cost-history.js";
import { MERIDIAN } from "./demo-people.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LEDGER_CHUNK = 500;

/** The first instant of the UTC month `offset` months from the month of `at`. */
export function utcMonthStart(at: number, offset = 0): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1);
}

/**
 * The rate cards of the demo, in force from four months back: $12 an active hour by default,
 * German and Japanese relevance at $15 and $14, Meridian's people with a 12% vendor markup, an
 * 8% platform fee on all, review paid per verdict, training by the hour. The simulated history
 * is priced by them through the real ledger.
 */
export async function seedRateCards(
  database: Database,
  options: { projects: Project[]; ownerId: number; now: number },
) {
  const from = utcMonthStart(options.now, -4);
  const relevance = options.projects.find((p) => p.schema.type === "rating");
  const card = {
    currency: "USD",
    effectiveFrom: from,
    effectiveTo: null,
    projectId: null,
    taskType: null,
    language: null,
    vendor: null,
    payPerJudgmentMinor: 0,
    payPerActiveHourMinor: 1200,
    reviewPayPerReviewMinor: 4,
    reviewPayPerHourMinor: 0,
    trainingPayPerHourMinor: 1000,
    platformFeeBps: 800,
    vendorMarkupBps: 0,
    payRejected: true,
  };
  const actor = { id: options.ownerId, now: options.now - 120 * DAY };
  await insertRateCard(database, { ...card, name: "Standard hourly" }, actor);
  await insertRateCard(
    database,
    { ...card, name: "Meridian contract", vendor: MERIDIAN, vendorMarkupBps: 1200 },
    actor,
  );
  if (relevance) {
    await insertRateCard(
      database,
      { ...card, name: "German relevance", projectId: relevance.id, language: "de", payPerActiveHourMinor: 1500 },
      actor,
    );
    await insertRateCard(
      database,
      { ...card, name: "Japanese relevance", projectId: relevance.id, language: "ja", payPerActiveHourMinor: 1400 },
      actor,
    );
  }
}

/** Hourly pay of a segment, as the cards above price it (before the fee). */
function hourlyRate(language: string, relevance: boolean): number {
  if (relevance && language === "de") return 1500;
  if (relevance && language === "ja") return 1400;
  return 1200;
}

/**
 * Three months and more of cost before the simulated days, as daily ledger rows per project,
 * language and vendor. The story they tell: steady work; last month German relevance went from
 * three judgments per item to four (a dynamic-overlap rule switched on for German queries), so
 * its cost per label jumped while English work got a little faster; ad copy has cost less since
 * dynamic overlap took it from five judgments to about three (a savings initiative).
 */
export async function seedCostHistory(
  database: Database,
  options: {
    projects: Project[];
    workers: User[];
    annotator: User | undefined;
    until: number;
    now: number;
    random: Random;
  },
): Promise<number> {
  const units = new Map((await listBusinessUnits(database.db)).map((u) => [u.name, u.id]));
  const lastMonth = utcMonthStart(options.now, -1);
  const segments: CostSegment[] = [];
  for (const project of options.projects) {
    const relevance = project.schema.type === "rating";
    const ads = project.schema.type === "pairwise";
    for (const language of project.requirements.languages ?? ["en"]) {
      const people = options.workers.filter((w) => w.languages.includes(language));
      const itemsPerDay = relevance ? ({ en: 420, de: 260, ja: 180 }[language] ?? 150) : ads ? 300 : 520;
      segments.push({
        projectId: project.id,
        businessUnitId: project.businessUnit ? (units.get(project.businessUnit) ?? null) : null,
        taskType: project.schema.type,
        language,
        itemsPerDay,
        hourlyRateMinor: hourlyRate(language, relevance),
        people,
        overlapAt: (at) => {
          if (ads) return at >= utcMonthStart(options.now, -3) ? 3.2 : 5;
          if (relevance && language === "de" && at >= lastMonth) return 4;
          return project.overlap;
        },
        minutesAt: (at) => {
          const base = relevance ? 0.8 : ads ? 0.6 : 0.9;
          return language === "en" && at >= lastMonth ? base * 0.93 : base;
        },
      });
    }
  }
  const rows = costHistoryRows({
    segments,
    from: utcMonthStart(options.now, -4),
    to: options.until,
    until: options.now - HOUR,
    random: options.random,
    annotator: options.annotator,
    feeBps: 800,
    markups: new Map([[MERIDIAN, 1200]]),
  });
  // One statement per chunk keeps every dialect under its bound-parameter limit.
  for (let i = 0; i < rows.length; i += LEDGER_CHUNK)
    await appendLedgerRows(database.db, rows.slice(i, i + LEDGER_CHUNK));
  return rows.length;
}
