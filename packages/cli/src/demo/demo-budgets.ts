import type { Project } from "@quorum/core";
import {
  type Database,
  insertAllocationPolicy,
  insertBudget,
  insertCostPool,
  insertInitiative,
  listBusinessUnits,
  readBudgetStatus,
  setCostPoolAmount,
  setRealisedSavings,
  updateBudget,
} from "@quorum/storage";
import { utcMonthStart } from "./demo-costs.js";

const MONTHS_OF_POOLS = 4;

/**
 * Budgets, shared pools and a savings initiative over the demo's ledger, written once the
 * history is in so the amounts can be set against what was spent: Search Ranking's budget this
 * month is at risk (spent below the amount, the forecast from its open work above it) and was
 * over last month (German overlap); Trust & Safety's quarter and Ads' month are on track. Pools:
 * the QA team by judgments (from last month by active hours: the policy's second version),
 * tooling evenly, management by fixed weights, and idle vendor capacity without a policy, so it
 * stays unallocated in sight. The initiative is dynamic overlap on ad copy.
 */
export async function seedBudgetsAndPools(
  database: Database,
  options: { projects: Project[]; ownerId: number; now: number },
): Promise<void> {
  const { db } = database;
  const { now, ownerId } = options;
  const units = new Map((await listBusinessUnits(db)).map((u) => [u.name, u.id]));
  const search = units.get("Search Ranking");
  const safety = units.get("Trust & Safety");
  const ads = units.get("Ads");
  const thisMonth = utcMonthStart(now);
  const quarterStart = Date.UTC(new Date(now).getUTCFullYear(), Math.floor(new Date(now).getUTCMonth() / 3) * 3, 1);

  const budget = async (
    businessUnitId: number,
    period: "month" | "quarter",
    periodStart: number,
    amount: (spent: number, forecast: number) => number,
  ) => {
    const record = await insertBudget(db, {
      projectId: null,
      businessUnitId,
      period,
      periodStart,
      amountMinor: 1,
      currency: "USD",
      thresholds: [50, 80, 100],
      createdBy: ownerId,
      now,
    });
    const status = await readBudgetStatus(db, record, now);
    const forecast = status.forecast ?? status.forecastAtRunRate ?? status.spent;
    await updateBudget(db, record.id, { amountMinor: Math.max(1, Math.round(amount(status.spent, forecast))), now });
  };
  if (search !== undefined) {
    // At risk: above what is spent, below what the open work will bring it to.
    await budget(search, "month", thisMonth, (spent, forecast) =>
      forecast - spent >= 2 ? spent + Math.max(1, Math.floor(0.6 * (forecast - spent))) : spent * 1.01,
    );
    await budget(search, "month", utcMonthStart(now, -1), (spent) => spent * 0.93);
  }
  if (safety !== undefined)
    await budget(safety, "quarter", quarterStart, (spent, forecast) => Math.max(spent, forecast) * 1.25);
  if (ads !== undefined) await budget(ads, "month", thisMonth, (spent, forecast) => Math.max(spent, forecast) * 1.3);

  const months = Array.from({ length: MONTHS_OF_POOLS }, (_, i) => utcMonthStart(now, i - MONTHS_OF_POOLS + 1));
  const pool = async (
    name: string,
    category: "qa" | "tooling" | "management" | "idle_capacity",
    description: string,
    monthlyMinor: number,
  ) => {
    const created = await insertCostPool(db, { name, category, description, currency: "USD", createdBy: ownerId, now });
    for (const [i, start] of months.entries())
      await setCostPoolAmount(db, {
        poolId: created.id,
        periodStart: start,
        periodEnd: utcMonthStart(start, 1),
        amountMinor: monthlyMinor + i * Math.round(monthlyMinor * 0.02),
        note: null,
        createdBy: ownerId,
        now,
      });
    return created.id;
  };
  const policy = (
    poolId: number,
    effectiveFrom: number,
    method: "even" | "driver" | "weights",
    driver: string | null,
    weights: { businessUnitId: number; weight: number }[] | null = null,
  ) => insertAllocationPolicy(db, { poolId, effectiveFrom, method, driver, weights, createdBy: ownerId, now });
  const first = months[0]!;
  const qa = await pool("QA team", "qa", "Reviewers and QA leads shared by every unit", 1_800_000);
  await policy(qa, first, "driver", "judgments");
  await policy(qa, utcMonthStart(now, -1), "driver", "active_hours");
  await policy(
    await pool("Tooling", "tooling", "Labeling tools, storage and model hosting", 450_000),
    first,
    "even",
    null,
  );
  const weights = [
    [search, 2],
    [safety, 1],
    [ads, 1],
  ].flatMap(([id, weight]) => (id === undefined ? [] : [{ businessUnitId: id, weight: weight! }]));
  if (weights.length > 0)
    await policy(
      await pool("Management", "management", "Program management", 600_000),
      first,
      "weights",
      null,
      weights,
    );
  await pool("Idle vendor capacity", "idle_capacity", "Contracted vendor hours nobody used", 210_000);

  const adCopy = options.projects.find((p) => p.schema.type === "pairwise");
  const initiative = await insertInitiative(db, {
    name: "Dynamic overlap on ad copy",
    description:
      "Ask for more judgments only while the first ones disagree, instead of five for every pair. Saves about a third of the judgments at the same agreement.",
    projectId: adCopy?.id ?? null,
    businessUnitId: ads ?? null,
    currency: "USD",
    baselineMinor: 535_000,
    baselineNote: "ad copy's monthly cost at five judgments per pair",
    startedAt: utcMonthStart(now, -3),
    endedAt: null,
    createdBy: ownerId,
    now,
  });
  for (const [offset, realisedMinor, note] of [
    [-3, 176_400, "rolled out mid-month"],
    [-2, 192_800, null],
    [-1, 201_300, null],
  ] as const)
    await setRealisedSavings(db, {
      initiativeId: initiative.id,
      month: utcMonthStart(now, offset),
      realisedMinor,
      note,
      now,
    });
}
