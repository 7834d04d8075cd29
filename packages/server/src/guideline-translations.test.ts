import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("guideline translations on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  let annotator: TestSession;
  let projectId = 0;

  beforeAll(async () => {
    t = await openTestApp(target);
    roles = await signInEveryRole(t);
    annotator = roles.annotator;
    ({ id: projectId } = await createProjectWithTasks(t, {
      name: "Sentiment",
      schema: { type: "single_choice", options: ["positive", "negative"] },
      requirements: { languages: ["en"] },
      guidelines: "Judge the product, not the delivery.",
    }));
  });
  afterAll(() => t.close());

  const put = (version: number, body: unknown, cookie = roles.manager.cookie) =>
    t.call("POST", `/projects/${projectId}/guidelines/${version}/translations`, { cookie, body });
  const read = (language?: string, cookie = annotator.cookie) =>
    t.call("GET", `/projects/${projectId}/guidelines${language ? `?language=${encodeURIComponent(language)}` : ""}`, {
      cookie,
    });

  it("gives an annotator their language's text, falling back from de-AT to de, else the original", async () => {
    const saved = await put(1, { language: "DE", body: "Beurteile das Produkt, nicht die Lieferung." });
    expect(saved.status).toBe(200);
    expect(saved.json.translation).toMatchObject({ version: 1, language: "de" });

    const austrian = await read("de-AT");
    expect(austrian.status).toBe(200);
    expect(austrian.json.language).toBe("de-AT");
    expect(austrian.json.versions).toHaveLength(1);
    expect(austrian.json.versions[0]).toMatchObject({
      version: 1,
      body: "Beurteile das Produkt, nicht die Lieferung.",
      translation: { language: "de" },
    });

    const japanese = await read("ja");
    expect(japanese.json.versions[0]).toMatchObject({
      body: "Judge the product, not the delivery.",
      translation: null,
    });
    expect((await read()).json.versions[0]).toMatchObject({ translation: null, body: expect.stringMatching(/^Judge/) });
  });

  it("keeps one translation per language and version: a second put replaces it", async () => {
    await put(1, { language: "ja", body: "最初の訳" });
    await put(1, { language: "ja", body: "商品を評価し、配送は評価しないでください。" });
    expect((await read("ja")).json.versions[0].body).toBe("商品を評価し、配送は評価しないでください。");
    const list = await t.call("GET", `/projects/${projectId}/guidelines/1/translations`, {
      cookie: roles.manager.cookie,
    });
    expect(list.json.translations.map((x: { language: string }) => x.language)).toEqual(["de", "ja"]);
  });

  it("shows a new version's original until it is translated too (translations are per version)", async () => {
    const published = await t.call("POST", `/projects/${projectId}/guidelines`, {
      cookie: roles.manager.cookie,
      body: { body: "Version 2: sarcasm counts as negative." },
    });
    expect(published.status).toBe(201);
    const current = await read("de");
    expect(current.json.current).toBe(2);
    expect(current.json.versions).toHaveLength(1);
    expect(current.json.versions[0]).toMatchObject({ version: 2, translation: null });
    // Staff see every version, each in the language asked for where it can be.
    const staff = await read("de", roles.reviewer.cookie);
    expect(staff.json.versions.map((v: { translation: unknown }) => v.translation === null)).toEqual([true, false]);
  });

  it("refuses a malformed language, an unknown version, and people who do not manage projects", async () => {
    const bad = await put(1, { language: "de_AT", body: "x" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("language");
    expect((await read("not a tag")).json.error.details[0].path).toBe("query.language");
    expect((await put(9, { language: "de", body: "x" })).status).toBe(404);
    expect((await put(1, { language: "de", body: "" })).status).toBe(400);
    expect((await put(1, { language: "de", body: "x" }, roles.reviewer.cookie)).status).toBe(403);
    expect((await put(1, { language: "de", body: "x" }, annotator.cookie)).status).toBe(403);
  });

  it("lists the translations in the API document", async () => {
    const doc = await t.call("GET", "/openapi.json");
    const path = doc.json.paths["/projects/{id}/guidelines/{version}/translations"];
    expect(Object.keys(path).sort()).toEqual(["get", "post"]);
    expect(path.post.requestBody.content["application/json"].schema.required).toEqual(["language", "body"]);
    const guidelines = doc.json.paths["/projects/{id}/guidelines"].get;
    expect(guidelines.parameters.map((p: { name: string }) => p.name)).toContain("language");
  });
});
