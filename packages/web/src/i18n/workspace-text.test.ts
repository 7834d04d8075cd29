/**
 * The annotator's workspace is translated: no English written straight into its JSX. Reads the
 * workspace's .tsx files and the shared ones it renders with Vite's parser and finds text
 * between tags, user-visible attributes (aria-label, title, placeholder, alt) given as strings,
 * and string literals placed in JSX (`{"Yes"}`, `{done ? "Saved" : "Saving"}`); each must come
 * from t() instead. Words without letters (·, —, ×, numbers) and key caps (<kbd>) are not text
 * to translate.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSync } from "vite";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("..", import.meta.url));

/** The workspace's pages and the shared files they render (the console's own files stay English). */
const FILES = [
  ...readdirSync(join(SRC, "pages/workspace"))
    .filter((name) => name.endsWith(".tsx"))
    .map((name) => `pages/workspace/${name}`),
  "pages/support/my-support.tsx",
  "pages/support/support-thread.tsx",
  "components/coaching-list.tsx",
  "components/field.tsx",
  "components/guidelines-panel.tsx",
  "components/markdown-view.tsx",
  "components/scorecard-figures.tsx",
  "components/top-nav.tsx",
  "components/ui.tsx",
  "i18n/language-switcher.tsx",
];

/** Names, not words: the product's name. */
const NOT_TEXT = new Set(["Quorum"]);
const VISIBLE_ATTRIBUTES = new Set(["aria-label", "title", "placeholder", "alt", "aria-description"]);

const isText = (text: string) => /\p{L}/u.test(text) && !NOT_TEXT.has(text.trim());

type Node = { type: string; start: number; [key: string]: unknown };
const isNode = (value: unknown): value is Node =>
  typeof value === "object" && value !== null && typeof (value as Node).type === "string";

function hardCodedText(file: string, code = readFileSync(join(SRC, file), "utf8")): string[] {
  const { program, errors } = parseSync(file, code);
  if (errors.length > 0) throw new Error(`${file} does not parse: ${errors[0]?.message}`);
  const found: string[] = [];
  const report = (node: Node, text: string) => {
    const line = code.slice(0, node.start).split("\n").length;
    found.push(`${file}:${line} ${JSON.stringify(text.trim())}`);
  };
  /** Strings a JSX expression shows: itself, either branch of a ?:, either side of && || ??. */
  const shown = (node: Node) => {
    if (node.type === "ParenthesizedExpression") shown(node.expression as Node);
    else if (node.type === "Literal" && typeof node.value === "string") {
      if (isText(node.value)) report(node, node.value);
    } else if (node.type === "TemplateLiteral") {
      const quasis = (node.quasis as { value: { cooked: string } }[]).map((quasi) => quasi.value.cooked).join("");
      if (isText(quasis)) report(node, quasis);
    } else if (node.type === "ConditionalExpression") {
      shown(node.consequent as Node);
      shown(node.alternate as Node);
    } else if (node.type === "LogicalExpression") {
      shown(node.left as Node);
      shown(node.right as Node);
    }
  };
  const visit = (node: Node) => {
    // Key caps (<kbd>Enter</kbd>) name keys as they are printed on keyboards.
    if (node.type === "JSXElement" && (node.openingElement as { name: { name?: string } }).name.name === "kbd") return;
    if (node.type === "JSXText" && isText(node.value as string)) report(node, node.value as string);
    if (node.type === "JSXElement" || node.type === "JSXFragment")
      for (const child of node.children as Node[])
        if (child.type === "JSXExpressionContainer" && isNode(child.expression)) shown(child.expression);
    if (node.type === "JSXAttribute" && isNode(node.value)) {
      const name = (node.name as Node & { name: string }).name;
      if (VISIBLE_ATTRIBUTES.has(name))
        shown(node.value.type === "JSXExpressionContainer" ? (node.value.expression as Node) : node.value);
    }
    for (const value of Object.values(node))
      for (const child of Array.isArray(value) ? value : [value]) if (isNode(child)) visit(child);
  };
  visit(program as unknown as Node);
  return found;
}

describe("the workspace's text", () => {
  it("covers every file it names", () => {
    expect(FILES.length).toBeGreaterThan(25);
    for (const file of FILES) expect(() => readFileSync(join(SRC, file)), file).not.toThrow();
  });

  it("comes from t(), never written in English into the JSX", () => {
    expect(FILES.flatMap((file) => hardCodedText(file))).toEqual([]);
  });

  it("would catch text, a titled button and a ternary written in English, and lets t() and symbols be", () => {
    const code = `
      export const A = ({ done, t }) => (
        <p>
          Your answer <span>{t("answer.title")}</span> · {42} —
          <button title="Skip" aria-label={t("skip")} onClick={() => go("not shown")}>×</button>
          {done ? "Saved" : t("saving")} {done && <b>{"Done"}</b>} <i className="x-y">Quorum</i> <kbd>Enter</kbd>
        </p>
      );`;
    const found = hardCodedText("sample.tsx", code).map((line) => line.replace(/^sample.tsx:\d+ /, ""));
    expect(found.sort()).toEqual(['"Done"', '"Saved"', '"Skip"', '"Your answer"']);
  });
});
