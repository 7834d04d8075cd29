import type { User } from "@quorum/core";
import type { NewLedgerRow } from "@quorum/storage";
import type { Random } from "../simulate/annotator-model.js";

const DAY = 86_400_000;
const MINUTE = 60_000;
const GOLD_SHARE = 0.07;
const REWORK_SHARE = 0.03;
const REVIEWED_SHARE = 0.05;
const REVIEW_PAY_MINOR = 4;

/** One project × language of the demo's cost history and how its work went over time. */
export interface CostSegment {
  projectId: number;
  businessUnitId: number | null;
  taskType: string;
  language: string;
  /** Accepted items a weekday, all vendors together. */
  itemsPerDay: number;
  hourlyRateMinor: number;
  /** The people who did the work (their vendors split it; each day's rows name one of them). */
  people: readonly User[];
  /** Judgments per item on the day starting at `at`. */
  overlapAt(at: number): number;
  /** Active minutes per judgment on the day starting at `at`. */
  minutesAt(at: number): number;
}

type Kind = "base" | "overlap" | "gold" | "rework";

/**
 * The daily ledger rows of past work, aggregated per day, segment, vendor and component so the
 * demo shows months of cost without months of simulated judgments: each row carries its
 * judgments, accepted labels and active time as the per-judgment rows would add up to, so the
 * summary, the budgets and the explanation read them as they read the engine's own rows. Source
 * keys start with `demo:` and are unique per row. Pure: the same random stream gives the same rows.
 */
export function costHistoryRows(options: {
  segments: readonly CostSegment[];
  from: number;
  to: number;
  random: Random;
  /** The person's own account: a few judgments each weekday, so their earnings page has days. */
  annotator: User | undefined;
  until?: number;
  feeBps: number;
  markups: ReadonlyMap<string, number>;
}): NewLedgerRow[] {
  const rows: NewLedgerRow[] = [];
  const fromDay = Math.floor(options.from / DAY) * DAY;
  for (let day = fromDay; day < options.to; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const at = Math.min(day + 14 * 60 * MINUTE, options.to - 1);
    for (const segment of options.segments) {
      const vendors = new Map<string | null, User[]>();
      for (const person of segment.people) vendors.set(person.vendor, [...(vendors.get(person.vendor) ?? []), person]);
      const overlap = segment.overlapAt(day);
      const minutes = segment.minutesAt(day);
      for (const [vendor, people] of vendors) {
        const share = people.length / segment.people.length;
        const noise = 0.92 + 0.16 * options.random();
        const items = Math.round(segment.itemsPerDay * share * noise * (weekend ? 0.35 : 1));
        if (items === 0) continue;
        const person = people[Math.floor(day / DAY) % people.length]!;
        const judged = items * overlap;
        const counts: Record<Kind, number> = {
          base: items,
          overlap: Math.round(items * (overlap - 1)),
          gold: Math.round(judged * GOLD_SHARE),
          rework: Math.round(judged * REWORK_SHARE),
        };
        const common = {
          project_id: segment.projectId,
          business_unit_id: segment.businessUnitId,
          vendor,
          annotator_id: person.id,
          language: segment.language,
          task_type: segment.taskType,
          currency: "USD",
          task_id: null,
          judgment_id: null,
          rate_card_id: null,
          note: null,
          created_by: null,
          at,
        };
        const key = `demo:${day}:${segment.projectId}:${segment.language}:${vendor ?? "crowd"}`;
        let pay = 0;
        for (const kind of ["base", "overlap", "gold", "rework"] as const) {
          const judgments = counts[kind];
          if (judgments === 0) continue;
          const amount = Math.round((judgments * minutes * segment.hourlyRateMinor) / 60);
          pay += amount;
          rows.push({
            ...common,
            kind: "judgment",
            component: kind,
            amount_minor: amount,
            active_ms: Math.round(judgments * minutes * MINUTE),
            accepted_labels: kind === "base" ? judgments : 0,
            judgments,
            judgment_ordinal: kind === "overlap" ? 2 : 1,
            is_gold: kind === "gold" ? 1 : 0,
            rejected: kind === "rework" ? 1 : 0,
            source_key: `${key}:${kind}`,
          });
        }
        const reviews = Math.round(items * REVIEWED_SHARE);
        if (reviews > 0)
          rows.push({
            ...common,
            annotator_id: null,
            vendor: null,
            kind: "review",
            component: "review",
            amount_minor: reviews * REVIEW_PAY_MINOR,
            active_ms: reviews * 20_000,
            accepted_labels: 0,
            judgments: 0,
            judgment_ordinal: null,
            is_gold: 0,
            rejected: 0,
            source_key: `${key}:review`,
          });
        const feeBps = options.feeBps + (vendor === null ? 0 : (options.markups.get(vendor) ?? 0));
        rows.push({
          ...common,
          kind: "fee",
          component: "fees",
          amount_minor: Math.round((pay * feeBps) / 10_000),
          active_ms: 0,
          accepted_labels: 0,
          judgments: 0,
          judgment_ordinal: null,
          is_gold: 0,
          rejected: 0,
          source_key: `${key}:fee`,
        });
      }
    }
  }
  if (options.annotator)
    rows.push(
      ...personalRows(options.annotator, options.segments, fromDay, options.until ?? options.to, options.random),
    );
  return rows;
}

/** A person's own judgments on weekdays, in the segments of their languages, paid at each segment's rate. */
function personalRows(person: User, segments: readonly CostSegment[], from: number, to: number, random: Random) {
  const mine = segments.filter((s) => person.languages.includes(s.language) && s.taskType === "rating");
  const rows: NewLedgerRow[] = [];
  for (let day = from; day < to; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const segment = mine[Math.floor(day / DAY) % Math.max(1, mine.length)];
    if (!segment) break;
    const judgments = 40 + Math.floor(random() * 60);
    const minutes = segment.minutesAt(day) * (0.9 + 0.3 * random());
    rows.push({
      project_id: segment.projectId,
      business_unit_id: segment.businessUnitId,
      vendor: person.vendor,
      annotator_id: person.id,
      language: segment.language,
      task_type: segment.taskType,
      kind: "judgment",
      component: "overlap",
      amount_minor: Math.round((judgments * minutes * segment.hourlyRateMinor) / 60),
      currency: "USD",
      active_ms: Math.round(judgments * minutes * MINUTE),
      accepted_labels: 0,
      judgments,
      task_id: null,
      judgment_id: null,
      judgment_ordinal: 2,
      is_gold: 0,
      rejected: 0,
      rate_card_id: null,
      source_key: `demo:${day}:person:${person.id}`,
      note: null,
      created_by: null,
      at: Math.min(day + 10 * 60 * MINUTE, to - 1),
    });
  }
  return rows;
}
