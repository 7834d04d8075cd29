import { csvPerJudgmentRows } from "@quorum/core";
import type pg from "pg";
import { PgTaskRangeReader } from "./export-tasks.js";
import { copyAll, EXACT_MS_LIMIT, isoTimeSql, linesOf, type RangeText } from "./pg-jsonl-lines.js";

/**
 * PostgreSQL: the per-judgment CSV rows of a range of a project's tasks, rendered by the database
 * (one binary `COPY` per range, as for JSONL): reading the rows into JavaScript cost more CPU than
 * the database spends rendering them. The SQL writes what `csvPerJudgmentRows` writes, byte for
 * byte, for the values it knows how to (text, plain numbers, booleans, lists of plain strings,
 * times from 1970 to 2255); any other value (an object, a number JavaScript would write otherwise,
 * a value that is not a label) makes the SQL say so, and the range is rendered here instead. So
 * does any error of the SQL (JSON the database refuses, `\u0000`): each COPY runs in a savepoint.
 */
export class PgCsvRangeReader {
  readonly #client: pg.Client;
  readonly #tasks: PgTaskRangeReader;

  constructor(
    client: pg.Client,
    readonly projectId: number,
    readonly onlyLabeled: boolean,
    readonly fields: readonly string[],
  ) {
    this.#client = client;
    this.#tasks = new PgTaskRangeReader(client, projectId, onlyLabeled);
  }

  async range(first: number, last: number): Promise<RangeText> {
    const statement = csvLinesCopy(this.projectId, first, last, this.onlyLabeled, this.fields);
    await this.#client.query("savepoint csv_range");
    let copied: Buffer;
    try {
      copied = await copyAll(this.#client, statement);
    } catch {
      // The database could not read a value: JavaScript renders the range (or names what is wrong).
      await this.#client.query("rollback to savepoint csv_range");
      return this.#rendered(first, last);
    }
    await this.#client.query("release savepoint csv_range");
    return linesOf(copied) ?? this.#rendered(first, last);
  }

  async #rendered(first: number, last: number): Promise<RangeText> {
    let text = "";
    let tasks = 0;
    let judgments = 0;
    for (const task of await this.#tasks.tasks(first, last)) {
      text += csvPerJudgmentRows(task, this.fields);
      tasks++;
      judgments += task.judgments.length;
    }
    return { bytes: Buffer.from(text), tasks, judgments };
  }
}

/**
 * Whether the database can name these data columns as JavaScript reads them: a name that is a
 * property of every object (`toString`) reads as one where a task lacks it, and a name with a
 * lone surrogate or NUL cannot be sent as SQL text.
 */
export function sqlCanReadFields(fields: readonly string[]): boolean {
  return fields.every((field) => !(field in {}) && !LONE_SURROGATE.test(field) && !field.includes("\0"));
}

/** With the `u` flag a surrogate matches only where it is not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * `csvText` then `csvField` of a text: the formula guard (OWASP) and RFC 4180 quoting. The guard's
 * patterns run only for a text starting with one of its characters (`ascii` reads one character;
 * a pattern converts the whole text first).
 */
function textCell(s: string): string {
  const formula = `ascii(${s}) in (39, 61, 43, 45, 64, 9, 13) and ${s} ~ '^''*[=+\\-@\\t\\r]' and ${s} !~ '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$'`;
  const guarded = `case when ${formula} then '''' || ${s} else ${s} end`;
  return `(case when ${s} ~ '[",\\r\\n]' then '"' || replace(${guarded}, '"', '""') || '"' else ${guarded} end)`;
}

/**
 * JSON number texts that `String(JSON.parse(text))` writes back unchanged: integers below 1e15
 * (minus zero is written 0), and decimals of at most 15 significant digits, no trailing zero, at
 * least 1e-6 (every such decimal is the shortest text of its double, and JavaScript writes it
 * without an exponent).
 */
const PLAIN_NUMBER =
  "^(0|-?[1-9][0-9]{0,14}|-?(?=[0-9.]{3,16}$)[1-9][0-9]*\\.[0-9]*[1-9]|-?0\\.0{0,5}[1-9]([0-9]{0,13}[1-9])?)$";
/** A JSON string, or a list of them, as `JSON.stringify` writes it (escapes only `\"` and `\\`). */
const PLAIN_STRING = '"([^"\\\\[:cntrl:]]|\\\\["\\\\])*"';
const PLAIN_STRINGS = `^\\[(${PLAIN_STRING}(,${PLAIN_STRING})*)?\\]$`;
/** A JSON string the database can decode (the escapes it may not are errors, so fall back). */
const JSON_STRING = '^"([^"\\\\[:cntrl:]]|\\\\(["\\\\/bfnrt]|u[0-9a-fA-F]{4}))*"$';

/**
 * A stored label (a judgment's value, a task's gold) as `csvCellText(csvCell(value))` writes it,
 * or null where the SQL cannot: a string, a plain number or a list of plain strings.
 */
function labelCell(x: string): string {
  return `case ascii(${x})
    when 34 then case when ${x} ~ '${JSON_STRING}' then ${textCell(`(${x}::jsonb #>> '{}')`)} end
    when 91 then case when ${x} ~ '${PLAIN_STRINGS}' then ${textCell(x)} end
    else case when ${x} ~ '${PLAIN_NUMBER}' then ${x} end end`;
}

/**
 * A data field's value (`d -> name`, jsonb) as `csvCellText(csvCell(value))` writes it, or null
 * where the SQL cannot. A list is written as its stored text (jsonb would space and reorder it)
 * where that is a list of plain strings and the field is not given twice.
 */
function dataCell(name: string): string {
  const v = `(c.d -> ${literal(name)})`;
  const stored = `(t.data::json -> ${literal(name)})`;
  return `case coalesce(jsonb_typeof(${v}), 'null')
    when 'null' then ''
    when 'string' then ${textCell(`(c.d ->> ${literal(name)})`)}
    when 'boolean' then ${v}::text
    when 'number' then case when ${v}::text ~ '${PLAIN_NUMBER}' then ${v}::text end
    when 'array' then case when ${stored}::text ~ '${PLAIN_STRINGS}' and ${stored}::jsonb = ${v} then ${textCell(`${stored}::text`)} end
    end`;
}

/**
 * The COPY of one range's per-judgment rows: one tuple (rows, tasks, judgments, all rendered).
 * A task's cells before and after its judgments' are rendered once and put around each of them.
 */
export function csvLinesCopy(
  projectId: number,
  first: number,
  last: number,
  onlyLabeled: boolean,
  fields: readonly string[],
): string {
  for (const n of [projectId, first, last]) if (!Number.isSafeInteger(n)) throw new Error(`not an id: ${n}`);
  if (!sqlCanReadFields(fields)) throw new Error("data columns the database cannot read as JavaScript does");
  const cells = [`t.id::text`, `coalesce(${textCell("t.external_id")}, '')`, ...fields.map(dataCell)];
  // Null (so rendered in JavaScript) when a cell is: `||` of a null is null.
  const leading = cells.map((cell) => `(${cell})`).join(" || ',' || ");
  return `copy (
    select string_agg(line, '' order by id), count(*)::int, coalesce(sum(judgments), 0)::int,
      coalesce(bool_and(line is not null), true)
    from (
    select t.id, j.count as judgments, case when j.unrendered or k.gold is null or k.leading is null then null
      when j.count is null then ''
      else concat(k.leading, ',', array_to_string(j.list, concat(',', k.gold, E'\\n', k.leading, ',')), ',', k.gold, E'\\n')
      end as line
    from tasks t
    cross join lateral (select t.data::jsonb as d offset 0) c
    cross join lateral (select case when jsonb_typeof(c.d) = 'object' then ${leading} end as leading,
      case when t.gold is null then '' else ${labelCell("t.gold")} end as gold offset 0) k
    left join (
      select task_id, count(*) as count,
        bool_or(created_at < 0 or created_at >= ${EXACT_MS_LIMIT} or label is null) as unrendered,
        array_agg(concat(id, ',', annotator_id, ',', label, ',', guideline_version, ',', active_ms, ',', ${isoTimeSql("created_at")}) order by id) as list
      from (select id, task_id, annotator_id, guideline_version, active_ms, created_at, ${labelCell("value")} as label
        from judgments
        where project_id = ${projectId} and task_id >= ${first} and task_id <= ${last} offset 0) labeled
      group by task_id
    ) j on j.task_id = t.id
    where t.project_id = ${projectId} and t.id >= ${first} and t.id <= ${last}${onlyLabeled ? " and t.judgment_count > 0" : ""}
    ) lines
  ) to stdout (format binary)`;
}
