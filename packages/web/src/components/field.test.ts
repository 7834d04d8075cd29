import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type ControlProps, Field } from "./field.js";

/** The Field rendered around a text input, as HTML. */
function render(props: Omit<Parameters<typeof Field>[0], "children">): string {
  return renderToStaticMarkup(
    createElement(Field, {
      ...props,
      // biome-ignore lint/correctness/noChildrenProp: a render function, which createElement's rest arguments do not type
      children: (control: ControlProps) => createElement("input", { ...control, type: "text", name: "x" }),
    }),
  );
}

const attribute = (html: string, element: string, name: string) =>
  new RegExp(`<${element}[^>]*\\s${name}="([^"]*)"`).exec(html)?.[1];
const idOf = (html: string, text: string) => new RegExp(`id="([^"]+)"[^>]*>${text}`).exec(html)?.[1];

describe("Field", () => {
  it("labels its control", () => {
    const html = render({ label: "Name" });
    const id = attribute(html, "input", "id");
    expect(id).toBeTruthy();
    expect(attribute(html, "label", "for")).toBe(id);
    expect(html).not.toContain("aria-describedby");
    expect(html).not.toContain("aria-invalid");
  });

  it("describes the control by its hint", () => {
    const html = render({ label: "Priority", hint: "Higher goes first." });
    const hintId = idOf(html, "Higher goes first.");
    expect(hintId).toBeTruthy();
    expect(attribute(html, "input", "aria-describedby")).toBe(hintId);
    expect(html).not.toContain("aria-invalid");
  });

  it("shows the server's messages for its path and below, and marks the control invalid", () => {
    const details = [
      { path: "schema.options[1]", message: "duplicate value" },
      { path: "name", message: "is required" },
    ];
    const html = render({ label: "Schema", hint: "Options and scale", details, path: "schema" });
    expect(attribute(html, "input", "aria-invalid")).toBe("true");
    const errors = /<div class="field-error" role="alert" id="([^"]+)"/.exec(html)?.[1];
    expect(errors).toBeTruthy();
    expect(attribute(html, "input", "aria-describedby")).toBe(`${idOf(html, "Options and scale")} ${errors}`);
    expect(html).toContain("options[1]: duplicate value");
    expect(html).not.toContain("is required");
  });

  it("stays valid when the messages are about other fields", () => {
    const html = render({ label: "Name", details: [{ path: "names", message: "wrong" }], path: "name" });
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain("wrong");
  });
});
