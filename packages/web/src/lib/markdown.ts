/**
 * A small, safe Markdown subset for guidelines: headings, paragraphs, lists, block quotes, code
 * blocks, rules, and inline strong, emphasis, code and links. It produces a tree of plain data
 * that the view renders as React elements, so raw input never reaches innerHTML; link targets
 * are limited to http(s), mailto and same-site paths.
 */
export type Inline =
  | { type: "text"; text: string }
  | { type: "strong"; children: Inline[] }
  | { type: "em"; children: Inline[] }
  | { type: "code"; text: string }
  | { type: "link"; href: string; children: Inline[] }
  | { type: "break" };

export type Block =
  | { type: "heading"; level: 1 | 2 | 3 | 4; children: Inline[] }
  | { type: "paragraph"; children: Inline[] }
  | { type: "list"; ordered: boolean; items: Inline[][] }
  | { type: "quote"; children: Block[] }
  | { type: "code"; text: string }
  | { type: "rule" };

/** The link target if it is safe to follow, else undefined (the text is then shown without a link). */
export function safeHref(raw: string): string | undefined {
  const href = raw.trim();
  if (/^(https?:|mailto:)/i.test(href)) return href;
  if (href.startsWith("/") && !href.startsWith("//")) return href;
  if (href.startsWith("#")) return href;
  return undefined;
}

/** Parses inline markup. Unclosed markers stay literal text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let buffer = "";
  const flush = () => {
    if (buffer) out.push({ type: "text", text: buffer });
    buffer = "";
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i] as string;
    if (ch === "\\" && i + 1 < text.length && /[\\`*_[\]()#>-]/.test(text[i + 1] as string)) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "`") {
      const end = text.indexOf("`", i + 1);
      if (end > i + 1) {
        flush();
        out.push({ type: "code", text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strong) {
      flush();
      out.push({ type: "strong", children: parseInline(strong[2] as string) });
      i += strong[0].length;
      continue;
    }
    const em = /^(\*|_)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (em && (ch === "*" || i === 0 || !/\w/.test(text[i - 1] as string))) {
      flush();
      out.push({ type: "em", children: parseInline(em[2] as string) });
      i += em[0].length;
      continue;
    }
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(rest);
    if (link) {
      flush();
      const href = safeHref(link[2] as string);
      const children = parseInline(link[1] as string);
      if (href) out.push({ type: "link", href, children });
      else out.push(...children);
      i += link[0].length;
      continue;
    }
    const url = /^https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/.exec(rest);
    if (url && (i === 0 || /\s|\(/.test(text[i - 1] as string))) {
      flush();
      out.push({ type: "link", href: url[0], children: [{ type: "text", text: url[0] }] });
      i += url[0].length;
      continue;
    }
    if (ch === "\n") {
      if (buffer.endsWith("  ")) {
        buffer = buffer.trimEnd();
        flush();
        out.push({ type: "break" });
      } else buffer += " ";
      i += 1;
      continue;
    }
    buffer += ch;
    i += 1;
  }
  flush();
  return out;
}

const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;

/** Parses a document into blocks. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === "") {
      i += 1;
      continue;
    }
    const fence = /^\s{0,3}(```|~~~)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i] as string).trimStart().startsWith(fence[1] as string)) {
        body.push(lines[i] as string);
        i += 1;
      }
      i += 1;
      blocks.push({ type: "code", text: body.join("\n") });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = Math.min((heading[1] as string).length, 4) as 1 | 2 | 3 | 4;
      blocks.push({ type: "heading", level, children: parseInline(heading[2] as string) });
      i += 1;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ type: "rule" });
      i += 1;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i] as string)) {
        quoted.push((lines[i] as string).replace(/^\s{0,3}>\s?/, ""));
        i += 1;
      }
      blocks.push({ type: "quote", children: parseMarkdown(quoted.join("\n")) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[1] as string);
      const items: string[] = [];
      while (i < lines.length) {
        const current = lines[i] as string;
        const next = LIST_ITEM.exec(current);
        if (next && /\d/.test(next[1] as string) === ordered) items.push(next[2] as string);
        else if (current.trim() !== "" && /^\s+/.test(current) && items.length > 0)
          items[items.length - 1] += `\n${current.trim()}`;
        else break;
        i += 1;
      }
      blocks.push({ type: "list", ordered, items: items.map(parseInline) });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length) {
      const current = lines[i] as string;
      if (
        current.trim() === "" ||
        /^\s{0,3}(#{1,6}\s|>|```|~~~)/.test(current) ||
        (paragraph.length > 0 && LIST_ITEM.test(current))
      )
        break;
      paragraph.push(current);
      i += 1;
    }
    blocks.push({ type: "paragraph", children: parseInline(paragraph.join("\n")) });
  }
  return blocks;
}

/** The plain text of a document's first heading or paragraph, for summaries. */
export function markdownTitle(source: string): string {
  const text = (nodes: Inline[]): string =>
    nodes
      .map((n) => (n.type === "text" || n.type === "code" ? n.text : n.type === "break" ? " " : text(n.children)))
      .join("");
  for (const block of parseMarkdown(source)) {
    if (block.type === "heading" || block.type === "paragraph") return text(block.children);
  }
  return "";
}
