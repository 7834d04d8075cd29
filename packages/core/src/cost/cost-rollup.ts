import { invalidInput } from "../errors.js";
import {
  COST_COMPONENTS,
  type CostComponents,
  type CostEvent,
  classifyCostEvent,
  countsAsAcceptedLabel,
  zeroComponents,
} from "./cost-event.js";
import { assertMinorUnits } from "./money.js";

const DAY_MS = 86_400_000;

/** The dimensions of a cost roll-up row; a roll-up holds one row per distinct combination. */
export interface CostRollupKey {
  /** The UTC day (epoch ms of its midnight). */
  day: number;
  projectId: number | null;
  businessUnitId: number | null;
  language: string | null;
  vendor: string | null;
  annotatorId: number | null;
  taskType: string | null;
  currency: string;
}

export type CostDimension = keyof CostRollupKey;
export const COST_DIMENSIONS: readonly CostDimension[] = [
  "day",
  "projectId",
  "businessUnitId",
  "language",
  "vendor",
  "annotatorId",
  "taskType",
  "currency",
];

/**
 * Additive cost aggregates for one key: every field is a sum over events, so rows for the same
 * key combine by addition (incremental roll-ups) and any grouping of them can be summarized
 * without the raw events. Amounts are integer minor units of `currency`.
 */
export interface CostRollup extends CostRollupKey {
  total: number;
  /** Tasks counted as accepted labels (see `countsAsAcceptedLabel`). */
  acceptedLabels: number;
  /** Judgment entries, gold, overlap and rework included (for cost per judgment). */
  judgments: number;
  /** `total` split by component; the components add up to `total` exactly. */
  components: CostComponents;
}

/** The UTC day containing `at`, as the epoch ms of its midnight. */
export function utcDay(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS;
}

/** A stable string for a roll-up key (distinguishes null from any string), for maps and upserts. */
export function costRollupKey(key: CostRollupKey): string {
  return JSON.stringify(COST_DIMENSIONS.map((dimension) => key[dimension]));
}

/**
 * The roll-up contribution of one event, multiplied by `sign`. To record that a judgment was
 * later rejected, combine its entry as first rolled up with sign −1 and the rejected entry with
 * sign +1: the amount moves to rework and the accepted label is no longer counted.
 */
export function costEventRollup(event: CostEvent, sign: 1 | -1 = 1): CostRollup {
  assertMinorUnits(event.amountMinor, "amountMinor");
  const components = zeroComponents();
  components[classifyCostEvent(event)] = sign * event.amountMinor;
  return {
    day: utcDay(event.at),
    projectId: event.projectId,
    businessUnitId: event.businessUnitId,
    language: event.language,
    vendor: event.vendor,
    annotatorId: event.annotatorId,
    taskType: event.taskType,
    currency: event.currency,
    total: sign * event.amountMinor,
    acceptedLabels: countsAsAcceptedLabel(event) ? sign : 0,
    judgments: event.kind === "judgment" ? sign : 0,
    components,
  };
}

function addInto(target: CostRollup, source: CostRollup): void {
  target.total += source.total;
  target.acceptedLabels += source.acceptedLabels;
  target.judgments += source.judgments;
  for (const component of COST_COMPONENTS) target.components[component] += source.components[component];
}

/** Merges roll-up rows with equal keys by adding their sums; one row per key, in first-seen order. */
export function combineRollups(rollups: Iterable<CostRollup>): CostRollup[] {
  const byKey = new Map<string, CostRollup>();
  for (const rollup of rollups) {
    const key = costRollupKey(rollup);
    const existing = byKey.get(key);
    if (existing) addInto(existing, rollup);
    else byKey.set(key, { ...rollup, components: { ...rollup.components } });
  }
  return [...byKey.values()];
}

/** Roll-up rows of raw events. */
export function rollupCostEvents(events: Iterable<CostEvent>): CostRollup[] {
  return combineRollups([...events].map((event) => costEventRollup(event)));
}

/** One group of a cost report: the public contract row of cost per accepted label. */
export interface CostBreakdownRow {
  /** The group's values in `groupBy` order, joined by "|"; "(none)" for null, days as YYYY-MM-DD; "all" with no grouping. */
  key: string;
  /** Minor units. */
  total: number;
  acceptedLabels: number;
  /** total / acceptedLabels in minor units (not rounded); null when no label was accepted. */
  perAcceptedLabel: number | null;
  /** Minor units; they add up to `total` exactly. */
  components: CostComponents;
}

function dimensionLabel(dimension: CostDimension, value: string | number | null): string {
  if (value === null) return "(none)";
  if (dimension === "day") return new Date(value).toISOString().slice(0, 10);
  return String(value);
}

/**
 * Cost per accepted label by group, from roll-up rows: totals, accepted labels and components
 * summed over the rows of each group (rows sorted by key). Amounts of different currencies are
 * never added: a group that mixes currencies is rejected, so group by `currency` (or convert
 * first) when the rows hold more than one.
 */
export function summarize(rollups: Iterable<CostRollup>, groupBy: readonly CostDimension[]): CostBreakdownRow[] {
  const groups = new Map<string, { currency: string; sum: CostRollup }>();
  for (const rollup of rollups) {
    const key = groupBy.length === 0 ? "all" : groupBy.map((d) => dimensionLabel(d, rollup[d])).join("|");
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { currency: rollup.currency, sum: { ...rollup, components: { ...rollup.components } } });
      continue;
    }
    if (group.currency !== rollup.currency)
      throw invalidInput(
        `group "${key}" mixes ${group.currency} and ${rollup.currency}: group by currency or convert first`,
      );
    addInto(group.sum, rollup);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { sum }]) => ({
      key,
      total: sum.total,
      acceptedLabels: sum.acceptedLabels,
      perAcceptedLabel: sum.acceptedLabels > 0 ? sum.total / sum.acceptedLabels : null,
      components: sum.components,
    }));
}

/** Cost per accepted label by group straight from events (`summarize` of their roll-ups). */
export function costPerAcceptedLabel(
  events: Iterable<CostEvent>,
  groupBy: readonly CostDimension[],
): CostBreakdownRow[] {
  return summarize(rollupCostEvents(events), groupBy);
}

/** The fully loaded cost of one judgment (total / judgments) in minor units; null without judgments. */
export function costPerJudgment(rollups: Iterable<CostRollup>): number | null {
  let total = 0;
  let judgments = 0;
  let currency: string | undefined;
  for (const rollup of rollups) {
    if (currency !== undefined && rollup.currency !== currency)
      throw invalidInput(`cost per judgment mixes ${currency} and ${rollup.currency}`);
    currency = rollup.currency;
    total += rollup.total;
    judgments += rollup.judgments;
  }
  return judgments > 0 ? total / judgments : null;
}
