import SQLite from "better-sqlite3";
import pg from "pg";
import { hotStatementText } from "../named-statements.js";

type Method = (...args: unknown[]) => unknown;

/** A statement as it reached a driver: its text and the values bound to it. */
export interface RecordedStatement {
  dialect: "sqlite" | "postgres";
  sql: string;
  parameters: unknown[];
}

/**
 * Runs `body` and returns the SQL statements that reached either driver meanwhile (transaction
 * control included: each is a round trip) with their values, to pin how many statements a request
 * costs or to explain each one. Records every connection of the process, so `body` must be the
 * only database work in flight. Statements sent together in one simple query (`preparingPool`)
 * are one entry, each `execute` of a prepared statement shown as that statement's text.
 */
export async function recordStatements(body: () => Promise<unknown>): Promise<RecordedStatement[]> {
  const seen: RecordedStatement[] = [];
  const probe = new SQLite(":memory:");
  const statement = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, Method>;
  probe.close();
  const restore: (() => void)[] = [];
  const wrap = (target: Record<string, Method>, name: string, record: (self: unknown, args: unknown[]) => void) => {
    const original = target[name];
    if (!original) return;
    target[name] = function (this: unknown, ...args: unknown[]) {
      record(this, args);
      return original.apply(this, args);
    };
    restore.push(() => {
      target[name] = original;
    });
  };
  for (const name of ["run", "all", "get", "iterate"])
    wrap(statement, name, (self, args) => {
      // Kysely passes the values as one array; better-sqlite3 also takes them spread.
      const parameters = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
      seen.push({ dialect: "sqlite", sql: (self as { source: string }).source, parameters: [...parameters] });
    });
  wrap(pg.Client.prototype as unknown as Record<string, Method>, "query", (_, args) => {
    const first = args[0];
    const query =
      typeof first === "string" ? { text: first, values: args[1] } : (first as { text?: string; values?: unknown });
    const text = String(query.text).replace(
      /execute (q_[0-9a-f]+)(\((?:'(?:[^']|'')*'|[^')])*\))?/g,
      (call, name) => hotStatementText(name) ?? call,
    );
    seen.push({ dialect: "postgres", sql: text, parameters: Array.isArray(query.values) ? [...query.values] : [] });
  });
  try {
    await body();
  } finally {
    for (const undo of restore) undo();
  }
  return seen;
}

/** The texts of the statements `recordStatements` records. */
export async function countStatements(body: () => Promise<unknown>): Promise<string[]> {
  return (await recordStatements(body)).map((statement) => statement.sql);
}
