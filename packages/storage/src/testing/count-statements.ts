import SQLite from "better-sqlite3";
import pg from "pg";
import { hotStatementText } from "../named-statements.js";

type Method = (...args: unknown[]) => unknown;

/**
 * Runs `body` and returns the SQL statements that reached either driver meanwhile (transaction
 * control included: each is a round trip), to pin how many statements a request costs. Counts
 * every connection of the process, so `body` must be the only database work in flight. Statements
 * sent together in one simple query (`preparingPool`) are one entry, each `execute` of a prepared
 * statement shown as that statement's text.
 */
export async function countStatements(body: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const probe = new SQLite(":memory:");
  const statement = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, Method>;
  probe.close();
  const restore: (() => void)[] = [];
  const wrap = (target: Record<string, Method>, name: string, text: (self: unknown, args: unknown[]) => string) => {
    const original = target[name];
    if (!original) return;
    target[name] = function (this: unknown, ...args: unknown[]) {
      seen.push(text(this, args));
      return original.apply(this, args);
    };
    restore.push(() => {
      target[name] = original;
    });
  };
  for (const name of ["run", "all", "get", "iterate"])
    wrap(statement, name, (self) => (self as { source: string }).source);
  wrap(pg.Client.prototype as unknown as Record<string, Method>, "query", (_, args) => {
    const first = args[0];
    const text = typeof first === "string" ? first : String((first as { text?: string }).text);
    return text.replace(
      /execute (q_[0-9a-f]+)(\((?:'(?:[^']|'')*'|[^')])*\))?/g,
      (call, name) => hotStatementText(name) ?? call,
    );
  });
  try {
    await body();
  } finally {
    for (const undo of restore) undo();
  }
  return seen;
}
