/**
 * Guidelines Markdown to safe HTML: `marked` parses CommonMark with GitHub tables, DOMPurify
 * keeps only the elements a guideline needs. Raw HTML in the source is shown as text, never
 * interpreted; links keep only http(s), mailto, same-site paths and anchors, and open in a new tab.
 */
import type { DOMPurify, WindowLike } from "dompurify";
import createDOMPurify from "dompurify";
import { Marked } from "marked";

/** The elements guidelines may use; everything else (script, style, iframe, img, form...) is dropped. */
const ALLOWED_TAGS = [
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "p",
  "br",
  "hr",
  "strong",
  "em",
  "del",
  "code",
  "pre",
  "blockquote",
  "ul",
  "ol",
  "li",
  "a",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
];
const ALLOWED_ATTR = ["href", "align", "start"];

/** The link target if it is safe to follow, else undefined (the text is then shown without a link). */
export function safeHref(raw: string): string | undefined {
  const href = raw.trim();
  if (/^(https?:|mailto:)/i.test(href)) return href;
  if (href.startsWith("/") && !href.startsWith("//")) return href;
  if (href.startsWith("#")) return href;
  return undefined;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    // Raw HTML blocks and inline tags are shown as the text they are.
    html: ({ text }) => escapeHtml(text),
    // Headings move one level down: the page already has its own h1.
    heading({ tokens, depth }) {
      const level = Math.min(depth + 1, 6);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
  },
});

const purifiers = new WeakMap<object, DOMPurify>();

function purifierFor(window: WindowLike): DOMPurify {
  const known = purifiers.get(window);
  if (known) return known;
  const purify = createDOMPurify(window);
  purify.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName !== "A") return;
    const href = safeHref(node.getAttribute("href") ?? "");
    if (href === undefined) node.removeAttribute("href");
    else {
      node.setAttribute("href", href);
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer nofollow");
    }
  });
  purifiers.set(window, purify);
  return purify;
}

/**
 * Renders guideline Markdown to sanitised HTML. `window` is the browser's; tests pass a jsdom
 * window, since DOMPurify needs a real DOM to parse with.
 */
export function renderMarkdown(source: string, window: WindowLike = globalThis.window): string {
  const html = marked.parse(source) as string;
  return purifierFor(window).sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
  });
}
