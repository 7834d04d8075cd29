import {
  type Compilable,
  CompiledQuery,
  type Kysely,
  PostgresAdapter,
  type QueryResult,
  type RawBuilder,
} from "kysely";
import type { Dialect } from "./database.js";
import { registerHotStatement } from "./named-statements.js";
import type { DB } from "./schema.js";
import { runInTransaction } from "./sqlite-group-commit.js";

const SLOT = "\u0000slot:";

type Parameter<Name> = { name: Name } | { value: unknown };

/**
 * A statement of the labeling hot path, built with Kysely once per dialect rather than per
 * request (building was a fifth of a request's CPU). `build` receives `slot(name)` to put where a
 * value changes from one execution to the next; `run` fills the slots by name. On PostgreSQL the
 * text is also prepared once per connection (`named-statements.ts`).
 */
type Build<Row, Name> = (
  db: Kysely<DB>,
  slot: (name: Name) => never,
  dialect: Dialect,
) => Compilable<Row> | RawBuilder<Row>;

/**
 * `sendWithNext`: its result is never read, so on PostgreSQL it may go with the next statement.
 * `endsTransaction`: on PostgreSQL its transaction's `commit` goes with it; a statement run after
 * it in that transaction runs on its own, and a rollback undoes nothing (`preparingPool`).
 */
export interface PreparedStatementOptions {
  sendWithNext?: boolean;
  endsTransaction?: boolean;
}

/** Marks the text of an `endsTransaction` statement, so it is named apart from the same query run without the commit. */
const ENDS_TRANSACTION = "\n-- ends its transaction";

export class PreparedStatement<Row, Name extends string> {
  readonly #build: Build<Row, Name>;
  readonly #options: PreparedStatementOptions;
  readonly #compiled = new Map<Dialect, { sql: string; parameters: Parameter<Name>[] }>();

  constructor(build: Build<Row, Name>, options: PreparedStatementOptions = {}) {
    this.#build = build;
    this.#options = options;
  }

  /** The statement with its slots filled, as `run` sends it (tests explain it). */
  compiled(db: Kysely<DB>, dialect: Dialect, values: Record<Name, unknown>): CompiledQuery<Row> {
    const compiled = this.#compile(db, dialect);
    const parameters = compiled.parameters.map((p) => ("name" in p ? values[p.name] : p.value));
    return CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<Row>;
  }

  run(db: Kysely<DB>, dialect: Dialect, values: Record<Name, unknown>): Promise<QueryResult<Row>> {
    const compiled = this.#compile(db, dialect);
    const parameters = compiled.parameters.map((p) => ("name" in p ? values[p.name] : p.value));
    return executeSql(db, compiled.sql, parameters);
  }

  #compile(db: Kysely<DB>, dialect: Dialect) {
    let compiled = this.#compiled.get(dialect);
    if (!compiled) {
      const slot = (name: Name) => `${SLOT}${name}` as never;
      const built = this.#build(db, slot, dialect);
      const query = "isRawBuilder" in built ? built.compile(db) : built.compile();
      const ends = this.#options.endsTransaction && dialect === "postgres";
      compiled = {
        sql: ends ? query.sql + ENDS_TRANSACTION : query.sql,
        parameters: query.parameters.map(
          (value): Parameter<Name> =>
            typeof value === "string" && value.startsWith(SLOT)
              ? { name: value.slice(SLOT.length) as Name }
              : { value },
        ),
      };
      this.#compiled.set(dialect, compiled);
      if (dialect === "postgres") registerHotStatement(compiled.sql, this.#options);
    }
    return compiled;
  }
}

/**
 * Runs `sql` in `db`: in a SQLite transaction of `inTransaction`, straight on its connection
 * (`runInTransaction`); otherwise through Kysely.
 */
export function executeSql<Row>(db: Kysely<DB>, sql: string, parameters: unknown[]): Promise<QueryResult<Row>> {
  let result: QueryResult<unknown> | undefined;
  try {
    result = runInTransaction(db, sql, parameters);
  } catch (error) {
    return Promise.reject(error);
  }
  return result ? Promise.resolve(result as QueryResult<Row>) : db.executeQuery(CompiledQuery.raw(sql, parameters));
}

/** The dialect behind `db`, for a statement run where only the connection or transaction is at hand. */
export function dialectOf(db: Kysely<DB>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}
