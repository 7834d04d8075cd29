import { useMemo } from "react";
import { renderMarkdown } from "../lib/markdown.js";

/** Renders guideline Markdown; the HTML comes from renderMarkdown, which sanitises it with DOMPurify. */
export function MarkdownView({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify in renderMarkdown
  return <div className={`markdown ${className ?? ""}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
