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

/** Quotes a value for CSV output when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(values: readonly string[]): string {
  return `${values.map(csvField).join(",")}\n`;
}
