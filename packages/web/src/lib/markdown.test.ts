import { describe, expect, it } from "vitest";
import { markdownTitle, parseInline, parseMarkdown, safeHref } from "./markdown.js";

describe("parseMarkdown", () => {
  it("reads headings, paragraphs, lists, quotes, code and rules", () => {
    const blocks = parseMarkdown(
      "# Relevance\n\nRate **how well** the page answers.\nSecond line.\n\n- one\n- two\n\n1. first\n2. second\n\n> note\n\n```\n<b>raw</b>\n```\n\n---",
    );
    expect(blocks.map((b) => b.type)).toEqual(["heading", "paragraph", "list", "list", "quote", "code", "rule"]);
    expect(blocks[0]).toEqual({ type: "heading", level: 1, children: [{ type: "text", text: "Relevance" }] });
    expect(blocks[1]).toEqual({
      type: "paragraph",
      children: [
        { type: "text", text: "Rate " },
        { type: "strong", children: [{ type: "text", text: "how well" }] },
        { type: "text", text: " the page answers. Second line." },
      ],
    });
    expect(blocks[2]).toMatchObject({ type: "list", ordered: false, items: [[{ text: "one" }], [{ text: "two" }]] });
    expect(blocks[3]).toMatchObject({ type: "list", ordered: true });
    expect(blocks[5]).toEqual({ type: "code", text: "<b>raw</b>" });
  });

  it("keeps HTML as text (it is never interpreted)", () => {
    expect(parseMarkdown("<script>alert(1)</script>")).toEqual([
      { type: "paragraph", children: [{ type: "text", text: "<script>alert(1)</script>" }] },
    ]);
  });

  it("continues an indented list item on the next line", () => {
    const [list] = parseMarkdown("- a\n  continued\n- b");
    expect(list).toMatchObject({ type: "list", items: [[{ type: "text", text: "a continued" }], [{ text: "b" }]] });
  });
});

describe("parseInline", () => {
  it("parses emphasis, code and links", () => {
    expect(parseInline("*a* `b` [c](https://x.io)")).toEqual([
      { type: "em", children: [{ type: "text", text: "a" }] },
      { type: "text", text: " " },
      { type: "code", text: "b" },
      { type: "text", text: " " },
      { type: "link", href: "https://x.io", children: [{ type: "text", text: "c" }] },
    ]);
  });

  it("drops unsafe link targets but keeps their text", () => {
    expect(parseInline("[click](javascript:alert(1))")).toEqual([
      { type: "text", text: "click" },
      { type: "text", text: ")" },
    ]);
    expect(parseInline("[click](javascript:void)")).toEqual([{ type: "text", text: "click" }]);
    expect(safeHref("JavaScript:alert(1)")).toBeUndefined();
    expect(safeHref("data:text/html,x")).toBeUndefined();
    expect(safeHref("//evil.example")).toBeUndefined();
    expect(safeHref("/docs")).toBe("/docs");
  });

  it("leaves unclosed markers and snake_case alone", () => {
    expect(parseInline("a * b and snake_case_name")).toEqual([{ type: "text", text: "a * b and snake_case_name" }]);
    expect(parseInline("2 ** 3")).toEqual([{ type: "text", text: "2 ** 3" }]);
  });

  it("links bare URLs", () => {
    expect(parseInline("see https://example.com/a.")).toEqual([
      { type: "text", text: "see " },
      { type: "link", href: "https://example.com/a", children: [{ type: "text", text: "https://example.com/a" }] },
      { type: "text", text: "." },
    ]);
  });
});

it("markdownTitle gives the first heading's text", () => {
  expect(markdownTitle("\n## Rate *pages*\n\nbody")).toBe("Rate pages");
});
