import { invalidInput } from "../errors.js";

/** One section of a guideline document: a Markdown heading and the text under it. */
export interface GuidelineSection {
  heading: string;
  /** The section's Markdown, its heading line included, up to the next heading of the same or a higher level. */
  body: string;
}

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;

/**
 * The sections of a Markdown guideline, in order: each ATX heading (`#` … `######`) with the
 * text up to the next heading of the same or a higher level (so a section keeps its
 * subsections). Headings inside fenced code blocks do not count. A document without headings
 * has none.
 */
export function guidelineSections(markdown: string): GuidelineSection[] {
  const lines = markdown.split(/\r?\n/);
  const heads: { line: number; depth: number; heading: string }[] = [];
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const marker = line.match(/^\s*(```|~~~)/)?.[1];
    if (marker) fence = fence === undefined ? marker : fence === marker ? undefined : fence;
    if (fence !== undefined || marker) return;
    const match = line.match(HEADING);
    if (match) heads.push({ line: i, depth: match[1]!.length, heading: match[2]!.trim() });
  });
  return heads.map((head, k) => {
    const end = heads.slice(k + 1).find((h) => h.depth <= head.depth)?.line ?? lines.length;
    return { heading: head.heading, body: lines.slice(head.line, end).join("\n").trim() };
  });
}

/** The section with this heading (case and spacing aside), or `invalid_input` listing the headings there are. */
export function findGuidelineSection(markdown: string, heading: string, path = "section"): GuidelineSection {
  const norm = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();
  const sections = guidelineSections(markdown);
  const found = sections.find((s) => norm(s.heading) === norm(heading));
  if (found) return found;
  const known = sections.map((s) => JSON.stringify(s.heading)).join(", ");
  const message = known
    ? `no section "${heading}" in the guidelines in force; sections: ${known}`
    : "the guidelines in force have no sections (Markdown headings)";
  throw invalidInput(message, [{ path, message }]);
}
