import { describe, expect, it } from "vitest";
import { classifyValue, fieldsOf, humanizeKey, rankingItemTexts, taskLayout, taskPreview } from "./task-content.js";

describe("classifyValue", () => {
  it("recognises media by extension or by field name", () => {
    expect(classifyValue("https://cdn.x.io/a.JPG")).toBe("image");
    expect(classifyValue("https://cdn.x.io/render?id=3", "image_url")).toBe("image");
    expect(classifyValue("https://cdn.x.io/clip.webm")).toBe("video");
    expect(classifyValue("https://cdn.x.io/a.mp3")).toBe("audio");
    expect(classifyValue("https://example.com/page")).toBe("url");
    expect(classifyValue("javascript:alert(1)")).toBe("text");
    expect(classifyValue("hello")).toBe("text");
    expect(classifyValue(3)).toBe("number");
    expect(classifyValue({ a: 1 })).toBe("json");
    expect(classifyValue("")).toBe("empty");
  });
});

describe("fieldsOf", () => {
  it("puts the fields people read first at the top and drops empty and private ones", () => {
    const fields = fieldsOf({ image: "https://x.io/a.png", _meta: 1, text: "Hello", note: "", id: 4 });
    expect(fields.map((f) => f.key)).toEqual(["text", "image", "id"]);
    expect(humanizeKey("goldExplanation")).toBe("Gold explanation");
  });
});

describe("taskLayout", () => {
  it("lays pairwise tasks out side by side with the prompt as context", () => {
    const layout = taskLayout(
      { type: "pairwise", allowTie: true },
      { prompt: "Write a haiku", left: "A", right: { text: "B" } },
    );
    expect(layout).toMatchObject({
      kind: "pairwise",
      context: [{ key: "prompt" }],
      left: { kind: "value", field: { value: "A", kind: "text" } },
      right: { kind: "fields", fields: [{ key: "text", value: "B" }] },
    });
  });

  it("shows a query and result as a search result", () => {
    const layout = taskLayout(
      { type: "rating", min: 0, max: 4, labels: {} },
      {
        query: "laufschuhe",
        title: "Die besten Laufschuhe",
        url: "https://shop.de/x",
        snippet: "Test…",
        language: "de",
        id: 9,
      },
    );
    expect(layout).toEqual({
      kind: "search",
      query: "laufschuhe",
      language: "de",
      title: "Die besten Laufschuhe",
      url: "https://shop.de/x",
      snippet: "Test…",
      extra: [{ key: "id", label: "Id", value: 9, kind: "number" }],
    });
  });

  it("never links a result URL that is not http(s)", () => {
    const layout = taskLayout(
      { type: "rating", min: 0, max: 4, labels: {} },
      { query: "q", title: "t", url: "javascript:x" },
    );
    expect(layout).toMatchObject({ kind: "search", url: undefined });
  });

  it("falls back to fields and leaves ranking items to the answer control", () => {
    const layout = taskLayout({ type: "ranking", itemsField: "items" }, { query: "q", items: ["x", "y"] });
    expect(layout).toEqual({ kind: "fields", fields: [{ key: "query", label: "Query", value: "q", kind: "text" }] });
  });
});

it("rankingItemTexts names items by id", () => {
  const texts = rankingItemTexts({ itemsField: "items" }, { items: [{ id: "a", text: "Alpha" }, "Beta"] });
  expect([...texts]).toEqual([
    ["a", "Alpha"],
    ["1", "Beta"],
  ]);
});

describe("taskPreview", () => {
  it("shows the first text field, cut to length", () => {
    expect(taskPreview({ url: "https://x.example", text: "Hello there" })).toBe("Hello there");
    expect(taskPreview({ text: "abcdefghij" }, 4)).toBe("abcd…");
    expect(taskPreview({ n: 3 })).toBe("3");
    expect(taskPreview({})).toBe("");
  });
});
