import { HARM_CATEGORIES, type HarmCategory } from "./harm.js";
import { weekStart } from "./local-day.js";

/** Limits on one person's exposure to one category; null means no limit. */
export interface ExposureBudget {
  itemsPerDay: number | null;
  minutesPerDay: number | null;
  itemsPerWeek: number | null;
  minutesPerWeek: number | null;
}

export const UNLIMITED_BUDGET: ExposureBudget = {
  itemsPerDay: null,
  minutesPerDay: null,
  itemsPerWeek: null,
  minutesPerWeek: null,
};

/** Continuous harmful work: a reminder after `reminderMinutes`, a refused lease for `breakMinutes` after `capMinutes`. */
export interface SessionPolicy {
  reminderMinutes: number;
  capMinutes: number;
  breakMinutes: number;
}

/** The workspace's wellbeing settings: its zone, a budget for every category, session limits. */
export interface WellbeingPolicy {
  /** IANA zone for people without one of their own. */
  timeZone: string;
  /** The budget of a category not listed in `categories`. */
  defaultBudget: ExposureBudget;
  categories: Partial<Record<HarmCategory, ExposureBudget>>;
  session: SessionPolicy;
}

export const DEFAULT_WELLBEING_POLICY: WellbeingPolicy = {
  timeZone: "UTC",
  defaultBudget: { itemsPerDay: 300, minutesPerDay: 240, itemsPerWeek: 1200, minutesPerWeek: 960 },
  categories: {},
  session: { reminderMinutes: 50, capMinutes: 120, breakMinutes: 15 },
};

/** A manager's overrides for one person, field by field. */
export type BudgetOverrides = Partial<Record<HarmCategory, Partial<ExposureBudget>>>;

/** The budget of one category for one person: the workspace's, with the person's overrides on top. */
export function budgetFor(policy: WellbeingPolicy, overrides: BudgetOverrides, category: HarmCategory): ExposureBudget {
  return { ...(policy.categories[category] ?? policy.defaultBudget), ...overrides[category] };
}

/** Exposure recorded on one day in one category (summed over projects). */
export interface ExposureUsage {
  category: HarmCategory;
  day: number;
  items: number;
  activeMs: number;
}

export interface CategoryExposure {
  category: HarmCategory;
  budget: ExposureBudget;
  itemsToday: number;
  minutesToday: number;
  itemsThisWeek: number;
  minutesThisWeek: number;
  /** Unexpired leases of this category the person holds (counted as items about to be judged). */
  held: number;
  /** Items still allowed today, counting held leases (null: no item limit). */
  itemsLeft: number | null;
  minutesLeft: number | null;
  exhausted: boolean;
}

/** Why a person gets no harmful task: a budget reached, or a break after a session cap. */
export type ExposureReason = "exposure_budget_reached" | "session_break";

export interface ExposureDecision {
  /** Categories the person may not be given now. */
  exhausted: HarmCategory[];
  /** Set while a session-cap break lasts (epoch ms it ends); every category is closed until then. */
  breakUntil: number | null;
  categories: CategoryExposure[];
}

/**
 * Which harmful categories a person may still be given. A category is exhausted when today's or
 * this week's items, counting the leases the person holds of it, reach the item limit, or the
 * recorded minutes reach the minute limit. Counting held leases makes the item limit exact: a
 * claim is allowed only while judged + held < limit, and only held leases can be judged, so the
 * judged items of a day never pass it. Minutes are known only once judged, so a minute limit can
 * be passed by the handling time of the leases held when it was reached (each capped by
 * `MAX_ACTIVE_MS`). During a session-cap break every category is closed.
 */
export function decideExposure(input: {
  policy: WellbeingPolicy;
  overrides: BudgetOverrides;
  usage: readonly ExposureUsage[];
  held: Partial<Record<HarmCategory, number>>;
  /** Today where the person is (`localDay`). */
  today: number;
  breakUntil: number | null;
  now: number;
}): ExposureDecision {
  const { today } = input;
  const monday = weekStart(today);
  const onBreak = input.breakUntil !== null && input.breakUntil > input.now;
  const categories = HARM_CATEGORIES.map((category): CategoryExposure => {
    const budget = budgetFor(input.policy, input.overrides, category);
    let itemsToday = 0;
    let msToday = 0;
    let itemsThisWeek = 0;
    let msThisWeek = 0;
    for (const row of input.usage) {
      if (row.category !== category || row.day < monday || row.day > today) continue;
      itemsThisWeek += row.items;
      msThisWeek += row.activeMs;
      if (row.day === today) {
        itemsToday += row.items;
        msToday += row.activeMs;
      }
    }
    const held = input.held[category] ?? 0;
    const minutesToday = msToday / 60_000;
    const minutesThisWeek = msThisWeek / 60_000;
    const itemsLeft = least(
      left(budget.itemsPerDay, itemsToday + held),
      left(budget.itemsPerWeek, itemsThisWeek + held),
    );
    const minutesLeft = least(left(budget.minutesPerDay, minutesToday), left(budget.minutesPerWeek, minutesThisWeek));
    const exhausted = onBreak || itemsLeft === 0 || minutesLeft === 0;
    return {
      category,
      budget,
      itemsToday,
      minutesToday,
      itemsThisWeek,
      minutesThisWeek,
      held,
      itemsLeft,
      minutesLeft,
      exhausted,
    };
  });
  return {
    exhausted: categories.filter((c) => c.exhausted).map((c) => c.category),
    breakUntil: onBreak ? input.breakUntil : null,
    categories,
  };
}

function left(limit: number | null, used: number): number | null {
  return limit === null ? null : Math.max(0, limit - used);
}

function least(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/**
 * The categories (and `none`) of a project's tasks a person may still be given; empty means
 * nothing there for them now, so the lease need not read the queue.
 */
export function allowedMarks<Mark extends string>(present: readonly Mark[], exhausted: readonly string[]): Mark[] {
  return present.filter((mark) => !exhausted.includes(mark));
}
