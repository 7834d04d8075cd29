import { describe, expect, it } from "vitest";
import { batchDefaults, newTask } from "./new-task.js";
import { NO_DEADLINE } from "./task-status.js";

const project = {
  requirements: { languages: ["de", "fr"], skills: {} },
  goldPolicy: { share: 0.1, onboarding: 0 },
  overlap: 3,
  overlapPolicy: { mode: "fixed" as const },
  deadline: null,
};

describe("newTask", () => {
  it("takes the batch's priority and deadline unless the task has its own priority", () => {
    const defaults = batchDefaults(project, { priority: 4, deadline: 1_900_000_000_000 });
    expect(newTask(defaults, { line: 1, data: { text: "x" } })).toEqual({
      ok: true,
      task: {
        externalId: null,
        language: "",
        data: { text: "x" },
        gold: null,
        goldExplanation: null,
        priority: 4,
        deadlineKey: 1_900_000_000_000,
        required: 3,
        status: "open",
        harm: null,
      },
    });
    expect(newTask(defaults, { line: 2, data: {}, priority: -1 })).toMatchObject({ task: { priority: -1 } });
  });

  it("sorts tasks without a deadline last, and needs the dynamic minimum at first", () => {
    const dynamic = { ...project, overlapPolicy: { mode: "dynamic" as const, min: 2, max: 5, target: 0.9 } };
    const defaults = batchDefaults(dynamic, {});
    expect(defaults).toMatchObject({ deadlineKey: NO_DEADLINE, required: 2, priority: 0 });
  });

  it("makes gold tasks control tasks only under a gold policy", () => {
    const gold = { line: 1, data: {}, gold: "yes", goldExplanation: "obvious" };
    expect(newTask(batchDefaults(project, {}), gold)).toMatchObject({
      task: { status: "gold", gold: "yes", goldExplanation: "obvious" },
    });
    const plain = batchDefaults({ ...project, goldPolicy: { share: 0, onboarding: 0 } }, {});
    expect(newTask(plain, gold)).toMatchObject({ task: { status: "open", gold: "yes" } });
  });

  it("refuses a task in a language the project does not accept, naming the line and field", () => {
    const defaults = batchDefaults(project, {});
    expect(newTask(defaults, { line: 7, data: { lang: "ja-JP" } })).toEqual({
      ok: false,
      issue: { line: 7, path: "data.language", message: `"ja" is not one of the project's languages (de, fr)` },
    });
    // A task of a Label Studio array is named by its place in it too.
    expect(newTask(defaults, { item: 4, line: 1, data: { lang: "ja" } })).toMatchObject({
      issue: { item: 4, line: 1, path: "data.language" },
    });
    expect(newTask(defaults, { line: 8, data: { language: "de-AT" } })).toMatchObject({ task: { language: "de" } });
    const anyLanguage = batchDefaults({ ...project, requirements: { languages: [], skills: {} } }, {});
    expect(newTask(anyLanguage, { line: 9, data: { lang: "ja" } })).toMatchObject({ task: { language: "ja" } });
  });
});
