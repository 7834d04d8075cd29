import { type CostEvent, classifyCostEvent, countsAsAcceptedLabel } from "@quorum/core";
import { CompiledQuery, type Insertable, type Kysely, PostgresAdapter, type Selectable } from "kysely";
import type { Dialect } from "../database.js";
import type { DB } from "../schema.js";
import type { CostLedgerTable } from "../schema-cost.js";

export type LedgerRow = Selectable<CostLedgerTable>;
export type NewLedgerRow = Insertable<CostLedgerTable>;

/** Where a row came from and what it paid for, beside core's event. */
export interface LedgerSource {
  sourceKey: string;
  activeMs?: number;
  judgmentId?: number | null;
  rateCardId?: number | null;
  note?: string | null;
  createdBy?: number | null;
}

/** The ledger row of one cost event: its component and signed counts as core classifies them. */
export function ledgerRow(event: CostEvent, source: LedgerSource): NewLedgerRow {
  return {
    project_id: event.projectId,
    business_unit_id: event.businessUnitId,
    vendor: event.vendor,
    annotator_id: event.annotatorId,
    language: event.language,
    task_type: event.taskType,
    kind: event.kind,
    component: classifyCostEvent(event),
    amount_minor: event.amountMinor,
    currency: event.currency,
    active_ms: source.activeMs ?? 0,
    accepted_labels: countsAsAcceptedLabel(event) ? 1 : 0,
    judgments: event.kind === "judgment" ? 1 : 0,
    task_id: event.taskId,
    judgment_id: source.judgmentId ?? null,
    judgment_ordinal: event.judgmentOrdinal,
    is_gold: event.isGold ? 1 : 0,
    rejected: event.rejected ? 1 : 0,
    rate_card_id: source.rateCardId ?? null,
    source_key: source.sourceKey,
    note: source.note ?? null,
    created_by: source.createdBy ?? null,
    at: event.at,
  };
}

/** The event a stored row records (for corrections, which re-classify it). */
export function ledgerEvent(row: LedgerRow): CostEvent {
  return {
    kind: row.kind as CostEvent["kind"],
    amountMinor: row.amount_minor,
    currency: row.currency,
    projectId: row.project_id,
    businessUnitId: row.business_unit_id,
    vendor: row.vendor,
    annotatorId: row.annotator_id,
    language: row.language,
    taskType: row.task_type,
    taskId: row.task_id,
    isGold: row.is_gold === 1,
    judgmentOrdinal: row.judgment_ordinal,
    rejected: row.rejected === 1,
    at: row.at,
  };
}

/**
 * The row that takes `row` back: every amount and count negated, same dimensions and component,
 * at `at`. Corrections are new rows; the ledger is never edited.
 */
export function reversalOf(row: LedgerRow, sourceKey: string, at: number, createdBy: number | null): NewLedgerRow {
  const { id: _id, ...rest } = row;
  return {
    ...rest,
    amount_minor: -row.amount_minor,
    active_ms: -row.active_ms,
    accepted_labels: -row.accepted_labels,
    judgments: -row.judgments,
    source_key: sourceKey,
    note: null,
    created_by: createdBy,
    at,
  };
}

const COLUMNS = [
  "project_id",
  "business_unit_id",
  "vendor",
  "annotator_id",
  "language",
  "task_type",
  "kind",
  "component",
  "amount_minor",
  "currency",
  "active_ms",
  "accepted_labels",
  "judgments",
  "task_id",
  "judgment_id",
  "judgment_ordinal",
  "is_gold",
  "rejected",
  "rate_card_id",
  "source_key",
  "note",
  "created_by",
  "at",
] as const satisfies readonly (keyof NewLedgerRow)[];

/**
 * The INSERT of `rows` ledger rows, written once per row count and dialect: on the judgment's hot
 * path, building it with the query builder cost about as much as running it.
 */
const inserts = new Map<string, string>();
function insertSql(dialect: Dialect, rows: number): string {
  const id = `${dialect}:${rows}`;
  let text = inserts.get(id);
  if (!text) {
    let n = 0;
    const slot = () => (dialect === "postgres" ? `$${++n}` : "?");
    const values = Array.from({ length: rows }, () => `(${COLUMNS.map(slot).join(", ")})`);
    text = `insert into cost_ledger (${COLUMNS.join(", ")}) values ${values.join(", ")} on conflict (source_key) do nothing`;
    inserts.set(id, text);
  }
  return text;
}

/**
 * Appends rows in one statement. A row whose source key is already in the ledger is skipped, so
 * a retried cause never pays twice. Returns how many rows were new.
 */
export async function appendLedgerRows(db: Kysely<DB>, rows: readonly NewLedgerRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const dialect: Dialect = db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
  const parameters: unknown[] = [];
  for (const row of rows) for (const column of COLUMNS) parameters.push(row[column] ?? defaultOf(column));
  const result = await db.executeQuery(CompiledQuery.raw(insertSql(dialect, rows.length), parameters));
  return Number(result.numAffectedRows ?? 0n);
}

function defaultOf(column: (typeof COLUMNS)[number]): number | null {
  return column === "active_ms" ||
    column === "accepted_labels" ||
    column === "judgments" ||
    column === "is_gold" ||
    column === "rejected"
    ? 0
    : null;
}

/** The rows with these source keys (the unique index finds each). */
export async function ledgerRowsBySource(db: Kysely<DB>, sourceKeys: readonly string[]): Promise<LedgerRow[]> {
  if (sourceKeys.length === 0) return [];
  return db
    .selectFrom("cost_ledger")
    .selectAll()
    .where("source_key", "in", [...sourceKeys])
    .execute();
}
