import { type BudgetHeadline, COST_DRIVERS, type CostReport, monthsLabel, unitCostFractionDigits } from "@quorum/core";

/**
 * A value of a report table: money in currency units (shown with `digits` fraction digits when
 * given, else the currency's), a plain number, a share, text or nothing.
 */
export type Cell =
  | { kind: "money"; value: number; digits?: number }
  | { kind: "number"; value: number }
  | { kind: "percent"; value: number }
  | { kind: "text"; value: string }
  | null;

/** One section of the report as a table; every renderer (XLSX, PDF, CSV) lays out the same tables. */
export interface ReportTable {
  name: string;
  columns: string[];
  rows: Cell[][];
}

const money = (minor: number | null, digits: number): Cell =>
  minor === null ? null : { kind: "money", value: minor / 10 ** digits };
/** A cost per accepted label, with two more digits when under one currency unit (as the console shows it). */
const unitCost = (minor: number | null, digits: number): Cell =>
  minor === null ? null : { kind: "money", value: minor / 10 ** digits, digits: unitCostFractionDigits(minor, digits) };
const text = (value: string): Cell => ({ kind: "text", value });
const number = (value: number): Cell => ({ kind: "number", value });
const percent = (value: number | null): Cell => (value === null ? null : { kind: "percent", value });
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The run rate's label: it is the average over the budget period's days gone (this week's is the
 * spending pace's, when known), so it says so, and how many days.
 */
function runRateLabel(budget: CostReport["spend"]["budget"]): string {
  if (!budget) return "Run rate per day";
  const days = dayCount((budget.elapsed * (budget.periodEnd - budget.periodStart)) / 86_400_000);
  return budget.periodOver
    ? `Run rate per day (average of the ${days} days of the period)`
    : `Run rate per day (average of the ${days} days of the period so far)`;
}

/** Days as the labels print them: to a tenth. */
const dayCount = (days: number) => Number(days.toFixed(1));

/**
 * The spending pace's forecast's label: the rate it keeps up and what that rate is the average
 * of (this week's, as the budget card's, else the period's so far).
 */
function paceLabel(report: CostReport): string {
  const pace = report.spend.budget?.pace;
  if (!pace) return "Forecast at period end (at the spending pace)";
  const rate = `${(pace.ratePerDayMinor / 10 ** report.fractionDigits).toFixed(report.fractionDigits)} ${report.currency}`;
  const window =
    pace.window === "recent"
      ? `the average of the last ${dayCount(pace.days)} days`
      : `the average of the ${dayCount(pace.days)} days of the period so far`;
  return `Forecast at period end (at the spending pace: ${rate} a day, ${window})`;
}

const STANDINGS: Record<BudgetHeadline["standing"], string> = {
  on_track: "on track",
  at_risk: "at risk",
  over: "over budget",
};

/** The budget's standing and the figure it is judged by, as the budget card's badge and headline. */
function standingText(headline: BudgetHeadline): string {
  if (headline.basis === "final") return headline.standing === "over" ? "over budget (final)" : "within budget (final)";
  if (headline.basis === null) return STANDINGS[headline.standing];
  const forecast = headline.basis === "spending_pace" ? "at the spending pace" : "from the work left";
  return `${STANDINGS[headline.standing]} (by the forecast ${forecast}, the higher of the two)`;
}

/** The report's sections as tables, in the order they are printed. */
export function costReportTables(report: CostReport): ReportTable[] {
  const d = report.fractionDigits;
  const budget = report.spend.budget;
  const over = budget?.periodOver ?? false;
  const { current, previous } = report.perLabel;
  return [
    {
      name: "Summary",
      columns: ["Item", "Value"],
      rows: [
        [text("Business unit"), text(`${report.businessUnit.name} (#${report.businessUnit.id})`)],
        [text("Month"), text(report.month)],
        [text("Currency"), text(report.currency)],
        [text("Spent (direct)"), money(report.spend.spentMinor, d)],
        [text("Spent with shared pools"), money(report.spend.withAllocationsMinor, d)],
        [text("Budget"), budget ? money(budget.limit, d) : text("none")],
        [
          text("Budget period"),
          budget ? text(monthsLabel({ start: budget.periodStart, end: budget.periodEnd }, "en")) : null,
        ],
        [
          text(over ? "Spent in budget period (final: the period is over)" : "Spent in budget period"),
          budget ? money(budget.spent, d) : null,
        ],
        [text("Burn"), budget ? percent(budget.burn) : null],
        [text(runRateLabel(budget)), budget ? money(budget.runRatePerDay, d) : null],
        over
          ? [text("Forecast at period end"), text("none: the period is over")]
          : [text("Forecast at period end (from the work left)"), budget ? money(budget.forecast, d) : null],
        ...(over ? [] : [[text(paceLabel(report)), budget?.pace ? money(budget.pace.forecastMinor, d) : null]]),
        [text("Thresholds reached"), budget ? text(budget.crossed.map((t) => `${t}%`).join(", ") || "none") : null],
        [text("Standing"), budget ? text(standingText(budget.headline)) : null],
        [text("Accepted labels"), number(current.acceptedLabels)],
        [text("Cost per accepted label"), unitCost(current.perAcceptedLabelMinor, d)],
        [text(`Cost per accepted label, ${report.previousMonth}`), unitCost(previous.perAcceptedLabelMinor, d)],
        [text("Why it changed"), text(report.drivers.narrative.join(". "))],
      ],
    },
    {
      name: "Cost per label",
      columns: ["Component", report.month, report.previousMonth, "Change", "Per accepted label"],
      rows: [
        ...report.perLabel.components.map((c) => [
          text(c.component),
          money(c.currentMinor, d),
          money(c.previousMinor, d),
          money(c.currentMinor - c.previousMinor, d),
          unitCost(c.perLabelMinor, d),
        ]),
        [
          text("total"),
          money(current.total, d),
          money(previous.total, d),
          money(current.total - previous.total, d),
          unitCost(current.perAcceptedLabelMinor, d),
        ],
      ],
    },
    {
      name: "Drivers",
      columns: ["Driver", "Amount"],
      rows: [
        [text(`cost ${report.previousMonth}`), { kind: "money", value: report.drivers.base }],
        ...COST_DRIVERS.map((driver) => [
          text(driver),
          { kind: "money", value: report.drivers.drivers[driver] } as Cell,
        ]),
        [text(`cost ${report.month}`), { kind: "money", value: report.drivers.current }],
        [text("change"), { kind: "money", value: report.drivers.change }],
      ],
    },
    {
      name: "Allocation",
      columns: ["Pool", "Policy", "Pool amount", "Allocated to unit", "Unallocated"],
      rows: report.allocations.map((a) => [
        text(a.pool),
        text(a.policy),
        money(a.poolMinor, d),
        money(a.allocatedMinor, d),
        money(a.unallocatedMinor, d),
      ]),
    },
    {
      name: "Savings",
      columns: ["Initiative", "Baseline", "Realised"],
      rows: [
        ...report.savings.rows.map((s) => [text(s.initiative), money(s.baselineMinor, d), money(s.realisedMinor, d)]),
        [text("total"), null, money(report.savings.totalRealisedMinor, d)],
      ],
    },
    {
      name: "Top changes",
      columns: ["Project", report.previousMonth, report.month, "Change", "Change %"],
      rows: report.topChanges.map((c) => [
        text(c.key),
        money(c.previousMinor, d),
        money(c.currentMinor, d),
        money(c.changeMinor, d),
        percent(c.percent === null ? null : c.percent / 100),
      ]),
    },
    {
      name: "Burn",
      columns: ["Day", "Cumulative spend"],
      rows: report.spend.burn.map((b) => [text(isoDay(b.day)), money(b.cumulativeMinor, d)]),
    },
  ];
}
