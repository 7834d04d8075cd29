import type { ReactNode } from "react";
import { type Block, type Inline, parseMarkdown } from "../lib/markdown.js";

// Nodes are positional and never reordered, so their index is their identity.
/* biome-ignore-start lint/suspicious/noArrayIndexKey: positional nodes of a parsed document */
function inline(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, i): ReactNode => {
    switch (node.type) {
      case "text":
        return node.text;
      case "strong":
        return <strong key={i}>{inline(node.children)}</strong>;
      case "em":
        return <em key={i}>{inline(node.children)}</em>;
      case "code":
        return <code key={i}>{node.text}</code>;
      case "break":
        return <br key={i} />;
      default:
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
            {inline(node.children)}
          </a>
        );
    }
  });
}

function block(node: Block, i: number): ReactNode {
  switch (node.type) {
    case "heading": {
      const Tag = (["h2", "h3", "h4", "h5"] as const)[node.level - 1] ?? "h5";
      return <Tag key={i}>{inline(node.children)}</Tag>;
    }
    case "paragraph":
      return <p key={i}>{inline(node.children)}</p>;
    case "list": {
      const items = node.items.map((item, j) => <li key={j}>{inline(item)}</li>);
      return node.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
    }
    case "quote":
      return <blockquote key={i}>{node.children.map(block)}</blockquote>;
    case "code":
      return (
        <pre key={i}>
          <code>{node.text}</code>
        </pre>
      );
    case "rule":
      return <hr key={i} />;
  }
}

/* biome-ignore-end lint/suspicious/noArrayIndexKey: positional nodes of a parsed document */

/** Renders guideline Markdown as React elements (never as HTML), so input cannot inject markup. */
export function MarkdownView({ source, className }: { source: string; className?: string }) {
  return <div className={`markdown ${className ?? ""}`}>{parseMarkdown(source).map(block)}</div>;
}
