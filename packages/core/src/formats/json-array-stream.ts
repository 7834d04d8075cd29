/** The text of one top-level JSON value, the 1-based line on which it starts and its 1-based place among them. */
export interface JsonElement {
  line: number;
  /** 1 for the first element of the array (or the first value), 2 for the next, ... */
  index: number;
  text: string;
}

/** The stream is not a well-formed sequence of JSON values; `line` is where reading stopped. */
export class JsonStructureError extends Error {
  readonly line: number;
  /** The problem without the line, e.g. "the array starting here is not closed". */
  readonly problem: string;

  constructor(line: number, problem: string) {
    super(`line ${line}: ${problem}`);
    this.name = "JsonStructureError";
    this.line = line;
    this.problem = problem;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BOM = 0xfeff;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === NEWLINE || code === 0x0d || code === 0x09;
}

/**
 * Incremental splitter for a stream that is either one JSON array (yields each element) or a
 * sequence of top-level objects/arrays separated by whitespace, such as a single object or JSON
 * Lines (yields each value). Feed it chunks of any size; only the element being read is buffered,
 * so an array of any length is read in constant memory.
 *
 * It only tracks string/escape state and bracket depth: it does not check the grammar inside an
 * element (run `JSON.parse` on each element for that), so one malformed element does not stop the
 * stream. It throws `JsonStructureError` only when the boundaries between elements are lost: an
 * unclosed string or array, an empty element (`[1,,2]`, `[1,]`), text after the array, or a
 * top-level value that is not an object or array.
 */
export class JsonArraySplitter {
  private mode: "start" | "array" | "values" | "done" = "start";
  /** Bracket depth, counting the enclosing array in array mode. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Reading an element: its text so far is `parts` plus the current chunk from `segmentStart`. */
  private active = false;
  /** In array mode, a comma was read and an element must follow. */
  private needElement = false;
  private parts: string[] = [];
  private line = 1;
  private elementLine = 1;
  private arrayLine = 1;
  private first = true;
  private elements = 0;

  /** Reads one chunk and yields every element completed in it. */
  *feed(chunk: string): Generator<JsonElement> {
    let i = 0;
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === BOM) i = 1;
    }
    let segmentStart = i;
    const length = chunk.length;
    for (; i < length; i++) {
      const code = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === BACKSLASH) this.escaped = true;
        else if (code === QUOTE) this.inString = false;
        else if (code === NEWLINE) this.line++;
        continue;
      }
      if (isWhitespace(code)) {
        if (code === NEWLINE) this.line++;
        continue;
      }
      if (!this.active) {
        this.beginElement(code);
        if (!this.active) continue; // the character was the array's own bracket
        segmentStart = i;
      }
      const base = this.mode === "array" ? 1 : 0;
      if (code === QUOTE) {
        this.inString = true;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        this.depth++;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (this.depth === base) {
          // Only reachable in array mode: this closes the array and ends its last element.
          if (code !== CLOSE_BRACKET) throw new JsonStructureError(this.line, "unexpected }");
          yield this.endElement(chunk.slice(segmentStart, i));
          this.mode = "done";
          this.depth = 0;
        } else {
          this.depth--;
          if (this.mode === "values" && this.depth === 0) yield this.endElement(chunk.slice(segmentStart, i + 1));
        }
      } else if (code === COMMA && this.depth === base) {
        if (this.mode !== "array") throw new JsonStructureError(this.line, "unexpected , between top-level values");
        yield this.endElement(chunk.slice(segmentStart, i));
        this.needElement = true;
      }
    }
    if (this.active) this.parts.push(chunk.slice(segmentStart));
  }

  /** Call after the last chunk: throws if the stream stopped inside a string, element or array. */
  finish(): void {
    if (this.inString) throw new JsonStructureError(this.elementLine, "a string is not closed");
    const base = this.mode === "array" ? 1 : 0;
    if (this.active && this.depth > base)
      throw new JsonStructureError(this.elementLine, "the value starting here is not closed");
    if (this.mode === "array") throw new JsonStructureError(this.arrayLine, "the array starting here is not closed");
  }

  /** Handles a non-space character outside any element: either starts one or is array punctuation. */
  private beginElement(code: number): void {
    if (this.mode === "start") {
      if (code === OPEN_BRACKET) {
        this.mode = "array";
        this.depth = 1;
        this.arrayLine = this.line;
        return;
      }
      if (code !== OPEN_BRACE) throw new JsonStructureError(this.line, "expected a JSON array or object");
      this.mode = "values";
    } else if (this.mode === "done") {
      throw new JsonStructureError(this.line, "unexpected text after the end of the array");
    } else if (this.mode === "array") {
      if (code === CLOSE_BRACKET) {
        if (this.needElement) throw new JsonStructureError(this.line, "a comma is followed by ]");
        this.mode = "done";
        this.depth = 0;
        return;
      }
      if (code === COMMA) throw new JsonStructureError(this.line, "an array element is missing before ,");
    } else if (code !== OPEN_BRACE && code !== OPEN_BRACKET) {
      throw new JsonStructureError(this.line, "expected an object or an array");
    }
    this.active = true;
    this.needElement = false;
    this.elementLine = this.line;
  }

  private endElement(lastPart: string): JsonElement {
    this.parts.push(lastPart);
    const text = this.parts.join("").trimEnd();
    this.parts = [];
    this.active = false;
    this.elements++;
    return { line: this.elementLine, index: this.elements, text };
  }
}

/**
 * Streams the elements of a JSON array (or a sequence of top-level values, see
 * `JsonArraySplitter`) from text chunks, each as unparsed text with its starting line.
 */
export async function* splitJsonArray(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<JsonElement> {
  const splitter = new JsonArraySplitter();
  for await (const chunk of chunks) for (const element of splitter.feed(chunk)) yield element;
  splitter.finish();
}
