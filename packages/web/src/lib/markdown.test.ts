import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { renderMarkdown, safeHref } from "./markdown.js";

const { window } = new JSDOM("");
const render = (source: string) => {
  const container = window.document.createElement("div");
  container.innerHTML = renderMarkdown(source, window as unknown as Parameters<typeof renderMarkdown>[1]);
  return container;
};

describe("renderMarkdown", () => {
  it("renders a rubric table as a table, not as pipes", () => {
    const html = render("| Score | Meaning |\n| --- | --- |\n| 0 | Off topic |\n| 4 | **Perfect** |");
    const rows = [...html.querySelectorAll("tr")].map((tr) => [...tr.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ["Score", "Meaning"],
      ["0", "Off topic"],
      ["4", "Perfect"],
    ]);
    expect(html.querySelector("td strong")?.textContent).toBe("Perfect");
    expect(html.textContent).not.toContain("|");
  });

  it("renders headings (one level down), paragraphs, lists, quotes, code and rules", () => {
    const html = render(
      "# Relevance\n\nRate **how well** the page *answers*.\n\n- one\n- two\n\n1. first\n2. second\n\n> note\n\n```\n<b>raw</b>\n```\n\n---",
    );
    expect([...html.children].map((e) => e.tagName)).toEqual(["H2", "P", "UL", "OL", "BLOCKQUOTE", "PRE", "HR"]);
    expect(html.querySelector("p")?.innerHTML).toBe("Rate <strong>how well</strong> the page <em>answers</em>.");
    expect(html.querySelector("pre code")?.textContent).toBe("<b>raw</b>\n");
    expect(html.querySelectorAll("li")).toHaveLength(4);
  });

  it("opens safe links in a new tab without an opener", () => {
    const link = render("[docs](https://example.com/a)").querySelector("a");
    expect(link?.getAttribute("href")).toBe("https://example.com/a");
    expect(link?.getAttribute("target")).toBe("_blank");
    expect(link?.getAttribute("rel")).toBe("noopener noreferrer nofollow");
  });
});

describe("renderMarkdown against injection", () => {
  const attacks = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    "<style>body{display:none}</style>",
    "| a |\n| - |\n| <img src=x onerror=alert(1)> |",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[proto](//evil.example/x)",
    "![pic](https://evil.example/track.png)",
    '<details open ontoggle="alert(1)">x</details>',
  ];

  it.each(attacks)("leaves no script, event handler or unsafe link in %s", (source) => {
    const html = render(source);
    expect(html.querySelectorAll("script, style, iframe, img, svg, details, object, embed, form")).toHaveLength(0);
    for (const element of html.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        expect(attribute.name).not.toMatch(/^on/i);
        expect(attribute.value).not.toMatch(/javascript:|data:/i);
      }
    }
    for (const link of html.querySelectorAll("a[href]"))
      expect(safeHref(link.getAttribute("href") ?? "")).toBeDefined();
  });

  it("shows raw HTML as the text it is", () => {
    expect(render("<script>alert(1)</script>").textContent).toContain("<script>alert(1)</script>");
  });

  it("keeps the text of a link whose target is unsafe", () => {
    const html = render("[click](javascript:alert(1))");
    expect(html.textContent).toContain("click");
    expect(html.querySelector("a")?.hasAttribute("href") ?? false).toBe(false);
  });
});

describe("safeHref", () => {
  it("allows web, mail, same-site and anchor targets only", () => {
    expect(safeHref("JavaScript:alert(1)")).toBeUndefined();
    expect(safeHref("data:text/html,x")).toBeUndefined();
    expect(safeHref("//evil.example")).toBeUndefined();
    expect(safeHref("/docs")).toBe("/docs");
    expect(safeHref("#scores")).toBe("#scores");
    expect(safeHref("mailto:lead@example.com")).toBe("mailto:lead@example.com");
  });
});
