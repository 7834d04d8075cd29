import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("validation messages for people on $dialect", (target) => {
  let t: TestAppWithDatabase;
  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  const details = async (body: unknown) => {
    const response = await t.call("POST", "/projects", { cookie: t.admin, body });
    expect(response.status).toBe(400);
    return Object.fromEntries(
      (response.json.error.details as { path: string; message: string }[]).map((d) => [d.path, d.message]),
    );
  };

  it("says a missing or blank field is required", async () => {
    const schema = { type: "rating", min: 1, max: 5 };
    expect((await details({ schema })).name).toBe("Name is required");
    expect((await details({ name: "   ", schema })).name).toBe("Name is required");
  });

  it("states both bounds of a number and that it must be whole", async () => {
    const messages = await details({
      name: "Bounds",
      schema: { type: "rating", min: 1, max: 5 },
      overlap: 2.5,
      leaseSeconds: 5,
      priority: "high",
    });
    expect(messages).toMatchObject({
      overlap: "Overlap must be a whole number from 1 to 50",
      leaseSeconds: "Lease seconds must be a whole number from 30 to 86400",
      priority: "Priority must be a whole number from -1000 to 1000",
    });
  });

  it("says what a date may look like and keeps a message the schema set", async () => {
    const messages = await details({
      name: "Dates",
      schema: { type: "rating", min: 1, max: 5 },
      deadline: "next friday",
      requirements: { languages: ["English"] },
    });
    expect(messages.deadline).toBe(
      "Deadline must be a date such as 2026-03-31, a date and time such as 2026-03-31T17:00:00Z, or epoch milliseconds",
    );
    expect(messages["requirements.languages.0"]).toBe("use ISO 639 codes such as en, de");
    for (const message of Object.values(messages)) expect(message).not.toMatch(/Invalid input|Too small|expected/);
  });

  it("refuses an exclusive option ticked with another, naming the option", async () => {
    const { id } = await createProjectWithTasks(
      t,
      {
        name: "Taxonomy",
        overlap: 1,
        schema: {
          type: "multi_label",
          options: [
            { value: "spam", label: "Spam" },
            { value: "none", label: "No violation", exclusive: true },
          ],
        },
      },
      [JSON.stringify({ data: { text: "buy now" } })],
    );
    const annotator = await t.userSession("annotator", { languages: ["en"] }, "excl");
    const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: annotator.cookie });
    const judgment = (value: string[], key: string) =>
      t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value, activeMs: 3000, clientKey: key },
      });
    const both = await judgment(["none", "spam"], "excl-1");
    expect(both.status).toBe(400);
    expect(both.json.error.details).toEqual([
      { path: "value", message: '"No violation" cannot be combined with other options' },
    ]);
    expect((await judgment(["none"], "excl-2")).status).toBeLessThan(300);
  });
});
