import { type LabelSchema, type LabelValue, rankingItems, validateLabelValue } from "../label-schema.js";
import { HARM_CATEGORIES, type HarmMark, isHarmCategory } from "../wellbeing/harm.js";
import { type CsvRecord, csvTextValue, parseCsv } from "./csv.js";
import { JsonArraySplitter, type JsonElement, JsonStructureError } from "./json-array-stream.js";
import { LineSplitter } from "./jsonl.js";
import { labelStudioAnswer } from "./label-studio-import.js";

export type ImportFormat = "jsonl" | "csv" | "label-studio";
export const IMPORT_FORMATS: readonly ImportFormat[] = ["jsonl", "csv", "label-studio"];

/**
 * Where a record is in an import file: the 1-based line on which it starts and, for Label Studio
 * JSON (often one line, so the line alone does not tell its tasks apart), its 1-based place in
 * the array. `item` is absent for JSONL and CSV, one record a line.
 */
export interface ImportPlace {
  item?: number;
  line: number;
}

/** One task read from an import file, checked against the project's label schema. */
export interface ImportedTask extends ImportPlace {
  data: Record<string, unknown>;
  /** The known answer, in canonical form (see `validateLabelValue`). */
  gold?: LabelValue;
  goldExplanation?: string;
  priority?: number;
  externalId?: string;
  /** The task's own harm category, or `none` (benign); absent: the project's category. */
  harm?: HarmMark;
}

/** One problem with one record, where it is. `path` names the field: "data", "gold", "priority", "id", ... */
export interface ImportIssue extends ImportPlace {
  path: string;
  message: string;
}

export type ImportItem = { ok: true; task: ImportedTask } | { ok: false; issue: ImportIssue };

/** Column names that CSV imports read as task fields rather than data. */
export const CSV_RESERVED_COLUMNS = ["gold", "gold_explanation", "priority", "id", "harm"] as const;

/**
 * Streams the tasks of an import file, one item per task or per problem (a bad record may give
 * several issues). Reading continues after a bad record so that all problems can be reported; only
 * a file whose structure is lost (an unclosed CSV quote or JSON array) ends with a single issue.
 *
 * - `jsonl`: one object per line, `{"data": {...}, "gold"?, "goldExplanation"?, "priority"?, "id"?, "harm"?}`
 *   (`harm`: a `HarmCategory` or `none`, overriding the project's category for this task);
 *   blank lines are skipped. Lines of a JSONL export (`{"task": {id, externalId, data}, "gold", ...}`)
 *   are accepted too, so an export can be imported again.
 * - `csv`: a header row; every column is a data field holding text, except `gold`,
 *   `gold_explanation`, `priority` and `id`. Multi-label and ranking gold, and the ranking items
 *   column, are a JSON array or values separated by `|`. A cell neutralised by `csvText` (`'=x`)
 *   reads back as the text it stood for (`=x`).
 * - `label-studio`: a JSON array of Label Studio tasks (or one task, or one per line); the gold
 *   is read from the first `ground_truth` annotation (see `labelStudioAnswer`) and the external id
 *   from `meta.external_id` or else `id`.
 *
 * Gold is checked with `validateLabelValue` and stored in canonical form. Data nested deeper than
 * `MAX_DATA_DEPTH`, and NUL characters in the id or gold explanation (which PostgreSQL text cannot
 * hold), are problems of the record. Nothing is held in memory beyond the record being read.
 */
export function parseTasks(
  format: ImportFormat,
  chunks: AsyncIterable<string> | Iterable<string>,
  schema: LabelSchema,
): AsyncGenerator<ImportItem> {
  switch (format) {
    case "jsonl":
      return parseJsonlTasks(chunks, schema);
    case "csv":
      return parseCsvTasks(chunks, schema);
    case "label-studio":
      return parseLabelStudioTasks(chunks, schema);
  }
}

/** How deeply task data may nest (objects and lists); deeper data is refused, not stored. */
export const MAX_DATA_DEPTH = 64;

/** Whether `value` nests more than `limit` levels of objects or lists (iterative: no recursion to overflow). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== "object" || current === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

const NUL = "\u0000";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function failure(line: number, path: string, message: string): ImportItem {
  return { ok: false, issue: { line, path, message } };
}

/** The fields of one record as read from the file, before checking; undefined or null means absent. */
interface RawTask {
  data: unknown;
  gold: unknown;
  goldExplanation: unknown;
  priority: unknown;
  externalId: unknown;
  harm?: unknown;
}

/** Checks one record against the schema: the task, or every problem found with it. */
function checkTask(line: number, raw: RawTask, schema: LabelSchema, issues: ImportIssue[] = []): ImportItem[] {
  const problem = (path: string, message: string) => issues.push({ line, path, message });
  // A field the reader already reported (a CSV list it could not read) is not checked again.
  const dataReported = issues.some((issue) => issue.path.startsWith("data"));
  const data = raw.data;
  if (data === undefined || data === null) {
    problem("data", 'is missing: a task\'s fields go under "data", e.g. {"data": {"text": "…"}, "id": "t1"}');
  } else if (!isRecord(data)) {
    problem("data", "must be an object");
  } else if (nestsDeeperThan(data, MAX_DATA_DEPTH)) {
    problem("data", `nests deeper than ${MAX_DATA_DEPTH} levels`);
  } else if (schema.type === "ranking" && !dataReported) {
    const path = `data.${schema.itemsField}`;
    const items = data[schema.itemsField];
    if (!Array.isArray(items) || items.length < 2) problem(path, "must be a list of at least 2 items to rank");
    else {
      const ids = rankingItems(schema, data);
      const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
      if (duplicate !== undefined) problem(path, `item ids must be unique; "${duplicate}" appears twice`);
    }
  }

  let gold: LabelValue | undefined;
  if (raw.gold != null && isRecord(data) && !dataReported) {
    const checked = validateLabelValue(schema, raw.gold, data, "gold");
    if (checked.ok) gold = checked.value;
    else for (const error of checked.errors) problem(error.path, error.message);
  }

  let goldExplanation: string | undefined;
  if (raw.goldExplanation != null && raw.goldExplanation !== "") {
    if (typeof raw.goldExplanation !== "string") problem("goldExplanation", "must be text");
    else if (raw.goldExplanation.includes(NUL)) problem("goldExplanation", "must not contain NUL characters");
    else if (raw.gold == null) problem("goldExplanation", "is given without a gold answer");
    else goldExplanation = raw.goldExplanation;
  }

  let priority: number | undefined;
  if (raw.priority != null) {
    if (typeof raw.priority !== "number" || !Number.isSafeInteger(raw.priority))
      problem("priority", "must be an integer");
    else priority = raw.priority;
  }

  let externalId: string | undefined;
  if (raw.externalId != null) {
    const id = raw.externalId;
    if (typeof id === "string" && id.includes(NUL)) problem("id", "must not contain NUL characters");
    else if ((typeof id === "string" && id !== "") || (typeof id === "number" && Number.isFinite(id)))
      externalId = String(id);
    else problem("id", "must be a non-empty string or a number");
  }

  let harm: HarmMark | undefined;
  if (raw.harm != null && raw.harm !== "") {
    if (raw.harm === "none" || isHarmCategory(raw.harm)) harm = raw.harm;
    else problem("harm", `must be one of ${[...HARM_CATEGORIES, "none"].join(", ")}`);
  }

  if (issues.length > 0 || !isRecord(data)) return issues.map((issue) => ({ ok: false, issue }));
  const task: ImportedTask = { line, data };
  if (gold !== undefined) task.gold = gold;
  if (goldExplanation !== undefined) task.goldExplanation = goldExplanation;
  if (priority !== undefined) task.priority = priority;
  if (externalId !== undefined) task.externalId = externalId;
  if (harm !== undefined) task.harm = harm;
  return [{ ok: true, task }];
}

function parseJson(line: number, text: string): { ok: true; value: unknown } | { ok: false; item: ImportItem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, item: failure(line, "record", `is not valid JSON: ${reason}`) };
  }
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

const nonBlank = /\S/;

// The loops below re-yield items with `for ... of` rather than `yield*`: delegating from an async
// generator to a sync iterable costs an extra promise per item, about a third of the JSONL time.

async function* parseJsonlTasks(
  chunks: AsyncIterable<string> | Iterable<string>,
  schema: LabelSchema,
): AsyncGenerator<ImportItem> {
  const lines = new LineSplitter();
  for await (const chunk of chunks) {
    for (const { line, text } of lines.feed(chunk)) {
      if (nonBlank.test(text)) for (const item of jsonlTask(line, text, schema)) yield item;
    }
  }
  for (const { line, text } of lines.finish()) {
    if (nonBlank.test(text)) for (const item of jsonlTask(line, text, schema)) yield item;
  }
}

function jsonlTask(line: number, text: string, schema: LabelSchema): ImportItem[] {
  const parsed = parseJson(line, text);
  if (!parsed.ok) return [parsed.item];
  const record = parsed.value;
  if (Array.isArray(record))
    return [
      failure(
        line,
        "record",
        "is a JSON array, not a task: JSONL has one task object per line (a file that is one array of tasks is Label Studio JSON)",
      ),
    ];
  if (!isRecord(record)) return [failure(line, "record", "must be a JSON object")];
  const { gold, goldExplanation, priority, harm } = record;
  // A line of a JSONL export nests the task: {"task": {id, externalId, data}, "gold", ...}.
  if (record.data === undefined && isRecord(record.task)) {
    const { data, externalId } = record.task;
    return checkTask(line, { data, gold, goldExplanation, priority, externalId, harm }, schema);
  }
  return checkTask(line, { data: record.data, gold, goldExplanation, priority, externalId: record.id, harm }, schema);
}

// ---------------------------------------------------------------------------------------------
// CSV

type CsvColumn = { role: "data"; name: string } | { role: (typeof CSV_RESERVED_COLUMNS)[number] };

async function* parseCsvTasks(
  chunks: AsyncIterable<string> | Iterable<string>,
  schema: LabelSchema,
): AsyncGenerator<ImportItem> {
  const records = parseCsv(chunks);
  let columns: CsvColumn[] | undefined;
  while (true) {
    let next: IteratorResult<CsvRecord>;
    try {
      next = await records.next();
    } catch (error) {
      // parseCsv reports a quote left open, which loses every record after it: stop here.
      const message = error instanceof Error ? error.message : String(error);
      const match = /^line (\d+): (.*)$/s.exec(message);
      yield failure(match ? Number(match[1]) : 1, "record", match?.[2] ?? message);
      return;
    }
    if (next.done) return;
    // A cell the export neutralised against spreadsheet formulas ('=x) reads back as written (=x).
    const record = { line: next.value.line, fields: next.value.fields.map(csvTextValue) };
    if (columns === undefined) {
      const header = csvHeader(record);
      if (!header.ok) {
        yield* header.issues;
        return;
      }
      columns = header.columns;
      continue;
    }
    if (record.fields.length !== columns.length) {
      const message = `has ${record.fields.length} fields but the header has ${columns.length}`;
      yield failure(record.line, "record", message);
      continue;
    }
    for (const item of csvTask(record, columns, schema)) yield item;
  }
}

/** Separators a spreadsheet writes into a ".csv" in locales where the comma is the decimal mark, or a TSV. */
const OTHER_SEPARATORS = [
  [";", "semicolons"],
  ["\t", "tabs"],
] as const;

function csvHeader(record: CsvRecord): { ok: true; columns: CsvColumn[] } | { ok: false; issues: ImportItem[] } {
  const [only] = record.fields;
  // One column whose name holds another separator: every row would become one text field.
  const other = record.fields.length === 1 && only ? OTHER_SEPARATORS.find(([sep]) => only.includes(sep)) : undefined;
  if (other) {
    const message = `has one column named ${JSON.stringify(only)}: columns must be separated by commas, and this file separates them by ${other[1]}`;
    return { ok: false, issues: [failure(record.line, "header", message)] };
  }
  const issues: ImportItem[] = [];
  const seen = new Set<string>();
  const columns = record.fields.map((field, index): CsvColumn => {
    const name = field.trim();
    if (name === "") issues.push(failure(record.line, "header", `column ${index + 1} has no name`));
    else if (seen.has(name)) issues.push(failure(record.line, "header", `column "${name}" appears more than once`));
    seen.add(name);
    const reserved = CSV_RESERVED_COLUMNS.find((column) => column === name);
    return reserved ? { role: reserved } : { role: "data", name };
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, columns };
}

const listTextExpected = "must be a JSON array or values separated by |";

/** A list written in a CSV cell: a JSON array, or values separated by `|`. Undefined when the JSON is broken. */
function parseCellList(text: string): unknown[] | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    try {
      const value: unknown = JSON.parse(trimmed);
      return Array.isArray(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return trimmed === "" ? [] : trimmed.split("|").map((part) => part.trim());
}

function csvTask(record: CsvRecord, columns: CsvColumn[], schema: LabelSchema): ImportItem[] {
  const { line } = record;
  const issues: ImportIssue[] = [];
  const data: Record<string, unknown> = {};
  const raw: RawTask = {
    data,
    gold: undefined,
    goldExplanation: undefined,
    priority: undefined,
    externalId: undefined,
  };
  columns.forEach((column, index) => {
    const text = record.fields[index] ?? "";
    switch (column.role) {
      case "data":
        if (schema.type === "ranking" && column.name === schema.itemsField) {
          const items = parseCellList(text);
          if (items) data[column.name] = items;
          else issues.push({ line, path: `data.${column.name}`, message: listTextExpected });
        } else {
          data[column.name] = text;
        }
        break;
      case "gold": {
        if (text.trim() === "") break;
        const gold = csvGold(schema, text);
        if (gold === undefined) issues.push({ line, path: "gold", message: listTextExpected });
        else raw.gold = gold;
        break;
      }
      case "gold_explanation":
        raw.goldExplanation = text;
        break;
      case "priority":
        if (text.trim() !== "") raw.priority = Number(text);
        break;
      case "id":
        if (text !== "") raw.externalId = text;
        break;
      case "harm":
        raw.harm = text.trim();
        break;
    }
  });
  return checkTask(line, raw, schema, issues);
}

/**
 * Gold written as text, converted to what `validateLabelValue` expects: a list for multi-label and
 * ranking (undefined when it cannot be read), the trimmed text otherwise. Rating text is left for
 * `validateLabelValue`, which reads whole numbers from text.
 */
function csvGold(schema: LabelSchema, text: string): unknown {
  switch (schema.type) {
    case "multi_label":
    case "ranking":
      return parseCellList(text);
    case "free_text":
      return text;
    default:
      return text.trim();
  }
}

// ---------------------------------------------------------------------------------------------
// Label Studio

async function* parseLabelStudioTasks(
  chunks: AsyncIterable<string> | Iterable<string>,
  schema: LabelSchema,
): AsyncGenerator<ImportItem> {
  const splitter = new JsonArraySplitter();
  try {
    for await (const chunk of chunks) {
      for (const element of splitter.feed(chunk)) for (const item of labelStudioTask(element, schema)) yield item;
    }
    splitter.finish();
  } catch (error) {
    if (!(error instanceof JsonStructureError)) throw error;
    yield failure(error.line, "file", error.problem);
  }
}

/** The task of one element of the array, it and its problems named by the element's place and line. */
function labelStudioTask(element: JsonElement, schema: LabelSchema): ImportItem[] {
  return labelStudioRecord(element.line, element.text, schema).map((item) =>
    item.ok
      ? { ok: true, task: { item: element.index, ...item.task } }
      : { ok: false, issue: { item: element.index, ...item.issue } },
  );
}

function labelStudioRecord(line: number, text: string, schema: LabelSchema): ImportItem[] {
  const parsed = parseJson(line, text);
  if (!parsed.ok) return [parsed.item];
  const record = parsed.value;
  if (!isRecord(record)) return [failure(line, "record", "must be a Label Studio task object")];
  const issues: ImportIssue[] = [];
  let gold: unknown;
  const annotations = record.annotations;
  if (annotations != null && !Array.isArray(annotations)) {
    issues.push({ line, path: "annotations", message: "must be a list" });
  } else if (annotations) {
    const index = annotations.findIndex((a) => isRecord(a) && a.ground_truth === true && a.was_cancelled !== true);
    const groundTruth: unknown = annotations[index];
    if (isRecord(groundTruth)) {
      const answer = labelStudioAnswer(schema, groundTruth.result);
      if (answer.ok) gold = answer.value;
      else issues.push({ line, path: `annotations[${index}].result`, message: answer.message });
    }
  }
  const meta = record.meta;
  const externalId = isRecord(meta) && meta.external_id != null ? meta.external_id : record.id;
  return checkTask(
    line,
    { data: record.data, gold, goldExplanation: undefined, priority: undefined, externalId },
    schema,
    issues,
  );
}
