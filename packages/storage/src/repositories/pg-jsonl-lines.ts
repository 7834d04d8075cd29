import { jsonlLine } from "@quorum/core";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { PgTaskRangeReader, pgExportedReviews } from "./export-tasks.js";
import { sqlInteger } from "./pg-binary-copy.js";

/** A range of an export file as UTF-8, with the tasks and judgments in it. */
export interface RangeText {
  bytes: Uint8Array;
  tasks: number;
  judgments: number;
}

/**
 * PostgreSQL: the JSONL lines of a range of a project's tasks, rendered by the database (one
 * `COPY ... TO STDOUT` in binary format, so the lines arrive as bytes that need no decoding or
 * escaping): reading rows into JavaScript and rendering them there cost about five times the
 * backend's CPU. The SQL writes what `jsonlLine` writes, byte for byte: the stored JSON text of
 * data, gold and values as it is, ids and counts as integers, `isoTime`'s timestamps and
 * `roundConfidence`'s confidence, and each task's exported review (`pgExportedReviews`)
 * and label source. Where the database could not (a timestamp before 1970 or after 2255, a
 * confidence beyond 1e15) it says so, and the range is rendered here instead.
 */
export class PgJsonlRangeReader {
  readonly #client: pg.Client;
  readonly #tasks: PgTaskRangeReader;

  constructor(
    client: pg.Client,
    readonly projectId: number,
    readonly onlyLabeled: boolean,
  ) {
    this.#client = client;
    this.#tasks = new PgTaskRangeReader(client, projectId, onlyLabeled);
  }

  async range(first: number, last: number): Promise<RangeText> {
    const copied = await copyAll(this.#client, jsonlLinesCopy(this.projectId, first, last, this.onlyLabeled));
    return linesOf(copied) ?? this.#rendered(first, last);
  }

  async #rendered(first: number, last: number): Promise<RangeText> {
    let text = "";
    let tasks = 0;
    let judgments = 0;
    for (const task of await this.#tasks.tasks(first, last)) {
      text += jsonlLine(task);
      tasks++;
      judgments += task.judgments.length;
    }
    return { bytes: Buffer.from(text), tasks, judgments };
  }
}

async function copyAll(client: pg.Client, statement: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(statement))) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** COPY's binary signature, flags and header extension length (no extension). */
const HEADER_BYTES = 19;

/**
 * The range's lines from a binary COPY of one (lines, tasks, judgments, all rendered) tuple;
 * undefined when the database could not render a line.
 */
function linesOf(copied: Buffer): RangeText | undefined {
  let at = HEADER_BYTES + 2; // the tuple's field count: 4
  const size = copied.readInt32BE(at);
  at += 4;
  // No tasks in the range: no lines (null), counts of 0.
  const bytes = size < 0 ? new Uint8Array(0) : copied.subarray(at, at + size);
  at += Math.max(size, 0) + 4;
  const tasks = copied.readInt32BE(at);
  at += 4 + 4;
  const judgments = copied.readInt32BE(at);
  at += 4 + 4;
  const rendered = copied.readInt8(at) === 1;
  return rendered ? { bytes, tasks, judgments } : undefined;
}

/** 2^53 / 1000 (in 2255): from there a timestamp in microseconds is no longer exact as a double. */
const EXACT_MS_LIMIT = 9_007_199_254_740;

/**
 * The COPY of one range's lines. COPY takes no parameters: the numbers are written in, checked by
 * `sqlInteger` first.
 */
export function jsonlLinesCopy(projectId: number, first: number, last: number, onlyLabeled: boolean): string {
  for (const n of [projectId, first, last]) sqlInteger(n);
  // Exact while milliseconds times 1000 (the interval's microseconds) fit a double's integers.
  const iso = (ms: string) =>
    `to_char(timestamp 'epoch' + ${ms} * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  // Math.round's rounding (halves up), then minus zero made zero, as JSON.stringify writes it.
  const rounded = "(case when c.x - floor(c.x) >= 0.5 then ceil(c.x) else floor(c.x) end) / 10000 + 0";
  // One tuple for the range: a COPY message per line cost more CPU here than the lines themselves.
  return `copy (
    select string_agg(line, '' order by id), count(*)::int, coalesce(sum(judgments), 0)::int,
      coalesce(bool_and(line is not null), true)
    from (
    select t.id, case when j.unrendered or abs(t.confidence) >= 1e15
      or (r.status <> 'pending' and (r.reviewed_at < 0 or r.reviewed_at >= ${EXACT_MS_LIMIT})) then null else concat(
      '{"task":{"id":', t.id, ',"externalId":', coalesce(to_json(t.external_id)::text, 'null'), ',"data":', t.data,
      '},"gold":', coalesce(t.gold, 'null'), ',"judgments":[', j.list, '],"aggregate":',
      case when t.aggregate is null then 'null' else concat(
        '{"value":', (c.aggregate -> 'value')::text, ',"confidence":',
        case when c.x in ('NaN', 'Infinity', '-Infinity') then 'null' else (${rounded})::text end, '}') end,
      ',"status":', to_json(t.status)::text, ',"required":', t.required,
      ',"review":', case when r.task_id is null then 'null' else concat(
        '{"status":', to_json(r.status)::text, ',"source":', to_json(r.source)::text, ',"reviewerId":',
        case when r.status = 'pending' or r.reviewer_id is null then 'null' else concat('"', r.reviewer_id, '"') end,
        ',"reviewedAt":',
        case when r.status = 'pending' or r.reviewed_at is null then 'null' else concat('"', ${iso("r.reviewed_at")}, '"') end,
        '}') end,
      ',"labelSource":', case when t.aggregate is null then 'null'
        when c.aggregate ->> 'method' = 'review' then '"review"' else '"consensus"' end,
      E'}\\n') end as line,
      j.count as judgments
    from tasks t
    cross join lateral (select coalesce(t.confidence, 0) * 10000 as x, t.aggregate::json as aggregate) c
    left join (
      select task_id, count(*) as count,
        bool_or(created_at < 0 or created_at >= ${EXACT_MS_LIMIT}) as unrendered,
        string_agg(concat('{"id":', id, ',"annotatorId":"', annotator_id, '","value":', value,
          ',"guidelineVersion":', guideline_version, ',"activeMs":', active_ms, ',"createdAt":"', ${iso("created_at")}, '"}'),
          ',' order by id) as list
      from judgments where project_id = ${projectId} and task_id >= ${first} and task_id <= ${last} group by task_id
    ) j on j.task_id = t.id
    left join (${pgExportedReviews(projectId, first, last)}) r on r.task_id = t.id
    where t.project_id = ${projectId} and t.id >= ${first} and t.id <= ${last}${onlyLabeled ? " and t.judgment_count > 0" : ""}
    ) lines
  ) to stdout (format binary)`;
}
