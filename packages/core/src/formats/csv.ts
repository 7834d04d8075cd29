/** One parsed CSV record and the 1-based line on which it starts (for error messages). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Streaming RFC 4180 CSV parser: feeds on text chunks of any size and yields records as soon as
 * they are complete, so a file of any length is never held in memory. Handles quoted fields with
 * embedded commas, quotes ("") and newlines, CRLF line ends and a UTF-8 byte-order mark.
 * Blank lines are skipped.
 */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRecord> {
  let field = "";
  let fields: string[] = [];
  let inQuotes = false;
  let quotePending = false; // saw a quote inside a quoted field: either "" or the closing quote
  let line = 1;
  let recordLine = 1;
  let first = true;
  let fieldStarted = false;

  const endRecord = (): CsvRecord | undefined => {
    fields.push(field);
    const record = fields.length === 1 && fields[0] === "" && !fieldStarted ? undefined : { line: recordLine, fields };
    fields = [];
    field = "";
    fieldStarted = false;
    return record;
  };

  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (ch === '"') {
            field += '"';
            continue;
          }
          inQuotes = false; // the quote closed the field; fall through to handle ch normally
        } else if (ch === '"') {
          quotePending = true;
          continue;
        } else {
          if (ch === "\n") line++;
          field += ch;
          continue;
        }
      }
      if (ch === '"' && field === "") {
        inQuotes = true;
        fieldStarted = true;
      } else if (ch === ",") {
        fields.push(field);
        field = "";
        fieldStarted = true;
      } else if (ch === "\n") {
        if (field.endsWith("\r")) field = field.slice(0, -1);
        const record = endRecord();
        if (record) yield record;
        line++;
        recordLine = line;
      } else {
        field += ch;
      }
    }
  }
  if (inQuotes && !quotePending) {
    throw new Error(`line ${recordLine}: a quoted field is not closed`);
  }
  if (field.endsWith("\r")) field = field.slice(0, -1);
  const record = endRecord();
  if (record) yield record;
}

/** Quotes a value for CSV output when it needs it. Writes the text as given: see `csvText` for cells. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A plain decimal number: a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Text a spreadsheet may run as a formula (OWASP "CSV injection"), after any leading quotes. */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * A text cell made safe to open in a spreadsheet (OWASP's rule for CSV injection): text that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single quote, so
 * Excel, LibreOffice and Google Sheets show it as text instead of running it. Plain numbers
 * (`-3`, `+1.5`) are left alone. Text that already starts with quotes before such a character
 * gets one more, so `csvTextValue` can undo exactly what was added and an export reads back
 * unchanged.
 */
export function csvText(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** The text of a cell written by `csvText`: the one quote it added, if any, taken off. */
export function csvTextValue(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) && !PLAIN_NUMBER.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/**
 * A value of a CSV cell: a number is written as a number; text goes through `csvText`, so no
 * cell the product writes can start a formula.
 */
export type CsvValue = string | number;

/** One CSV line (with its newline) from cell values; every text cell is neutralised by `csvText`. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCellText).join(",")}\n`;
}

/** One cell as `csvRow` writes it (for rows assembled a piece at a time). */
export function csvCellText(value: CsvValue): string {
  return csvField(typeof value === "number" ? String(value) : csvText(value));
}
