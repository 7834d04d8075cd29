/** One line of text (without its line end) and its 1-based line number. */
export interface TextLine {
  line: number;
  text: string;
}

/**
 * Incremental line splitter for JSON Lines and similar formats: feed it chunks of any size and it
 * yields each complete line, with `\r\n` or `\n` removed and a leading byte-order mark dropped.
 * Only the unfinished last line is buffered. Blank lines are yielded too (callers skip them) so
 * that line numbers stay right.
 */
export class LineSplitter {
  private carry = "";
  private line = 1;
  private first = true;

  *feed(chunk: string): Generator<TextLine> {
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let start = 0;
    let end = chunk.indexOf("\n");
    while (end !== -1) {
      let text = chunk.slice(start, end);
      if (this.carry.length > 0) {
        text = this.carry + text;
        this.carry = "";
      }
      yield { line: this.line++, text: text.endsWith("\r") ? text.slice(0, -1) : text };
      start = end + 1;
      end = chunk.indexOf("\n", start);
    }
    if (start < chunk.length) this.carry += chunk.slice(start);
  }

  /** Call after the last chunk: yields the last line when the text does not end with a newline. */
  *finish(): Generator<TextLine> {
    if (this.carry.length === 0) return;
    const text = this.carry;
    this.carry = "";
    yield { line: this.line++, text: text.endsWith("\r") ? text.slice(0, -1) : text };
  }
}

/** Streams the lines of a text, see `LineSplitter`. */
export async function* splitLines(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<TextLine> {
  const splitter = new LineSplitter();
  for await (const chunk of chunks) for (const line of splitter.feed(chunk)) yield line;
  for (const line of splitter.finish()) yield line;
}
