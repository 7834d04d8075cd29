import { type Expression, type SqlBool, sql } from "kysely";

/** Tables whose rows belong to one task of the project (`project_id`, `task_id`). */
type OfTask = "judgments" | "questions" | "assignments" | "review_items";

/**
 * The join condition from rows of `table` to their task, for `.innerJoin("tasks", onTaskOf("judgments"))`.
 * Written as SQL because Kysely cannot type `onRef` for a table chosen by a type parameter.
 */
export function onTaskOf(table: OfTask) {
  const condition = sql<SqlBool>`${sql.ref("tasks.project_id")} = ${sql.ref(`${table}.project_id`)} and ${sql.ref("tasks.id")} = ${sql.ref(`${table}.task_id`)}`;
  return <J extends { on(expression: Expression<SqlBool>): J }>(join: J): J => join.on(condition);
}
