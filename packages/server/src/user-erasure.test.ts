import { type Database, ownTables, testTargets, writeAudit } from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "./test-client.js";

const targets = await testTargets();

const NAME = "Zelda Quorumova";
const EMAIL = "zelda.quorumova@example.org";
const PASSWORD = "zelda-password-1";

/** Every value of every table (the migration bookkeeping included), as `table.column = value`. */
async function everyValue(database: Database): Promise<string[]> {
  const values: string[] = [];
  for (const table of await ownTables(database)) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(database.db);
    for (const row of rows.rows)
      for (const [column, value] of Object.entries(row)) values.push(`${table.name}.${column} = ${String(value)}`);
  }
  return values;
}

describe.each(targets)("erasing a person on $dialect", (target) => {
  let database: Database;
  let t: Awaited<ReturnType<typeof testApp>>;
  let zelda: { id: number; cookie: string };
  let token: string;
  let projectId: number;

  beforeAll(async () => {
    database = await target.open();
    t = await testApp(database);
    const created = await t.call("POST", "/users", {
      cookie: t.admin,
      body: {
        email: EMAIL,
        name: NAME,
        password: "zelda-temporary-1",
        role: "annotator",
        languages: ["en", "de"],
        skills: { medical: 80 },
        vendor: "Acme",
      },
    });
    zelda = { id: created.json.user.id, cookie: await t.login(EMAIL, "zelda-temporary-1") };
    // Her own password in place of the one she was invited with.
    await t.call("POST", "/auth/password", {
      cookie: zelda.cookie,
      body: { currentPassword: "zelda-temporary-1", newPassword: PASSWORD },
    });
    token = (await t.call("POST", "/auth/tokens", { cookie: zelda.cookie, body: { name: `${NAME}'s laptop` } })).json
      .token;
    const other = await t.userSession("annotator", { languages: ["en"] }, "other");
    const project = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Sentiment", schema: { type: "single_choice", options: ["pos", "neg"] }, overlap: 2 },
    });
    projectId = project.json.id;
    const lines = Array.from({ length: 4 }, (_, i) => JSON.stringify({ data: { text: `review ${i}` } }));
    await t.call("POST", `/projects/${projectId}/imports`, { cookie: t.admin, raw: lines.join("\n") });
    for (const [who, person] of [
      ["zelda", zelda.cookie],
      ["other", other.cookie],
    ] as const)
      for (let i = 0; ; i++) {
        const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person });
        if (next.status === 204) break;
        if (who === "zelda" && i === 0)
          await t.call("POST", `/projects/${projectId}/questions`, {
            cookie: person,
            body: { assignmentId: next.json.assignment.id, text: `Hi, ${NAME} here (${EMAIL}): is sarcasm negative?` },
          });
        if (who === "other" && i === 0)
          await t.call("POST", `/projects/${projectId}/questions`, {
            cookie: person,
            body: { assignmentId: next.json.assignment.id, text: `Same question as ${NAME.toUpperCase()} asked` },
          });
        const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
          cookie: person,
          body: { value: i % 2 ? "neg" : "pos", activeMs: 1000, clientKey: `${who}-${i}` },
        });
        expect(judged.status).toBe(201);
      }
    const questions = await t.call("GET", `/projects/${projectId}/questions`, { cookie: t.admin });
    for (const q of questions.json.questions)
      await t.call("POST", `/projects/${projectId}/questions/${q.id}/answer`, {
        cookie: t.admin,
        body: { answer: `Thanks ${NAME}: yes. (Copying ${EMAIL}; a Zeldaesque case, though.)` },
      });
    await t.call("POST", `/projects/${projectId}/annotators/${zelda.id}/status`, {
      cookie: t.admin,
      body: { status: "flagged", reason: `${NAME} answers very fast` },
    });
    // As a future audit entry might: the person's identifiers inside the JSON details.
    await writeAudit(database.db, {
      projectId: null,
      actorId: 1,
      action: "user.create",
      details: { email: EMAIL, name: NAME, note: `invited "${NAME}"` },
      now: t.clock.now,
    });
  });
  afterAll(() => database?.close());

  const judgments = () => database.db.selectFrom("judgments").selectAll().orderBy("id").execute();
  const tasks = () =>
    database.db
      .selectFrom("tasks")
      .select(["id", "status", "aggregate", "confidence", "posterior", "judgment_count", "slots_taken"])
      .orderBy("id")
      .execute();
  const exported = async (format: string) => {
    const response = await t.call("GET", `/projects/${projectId}/export?format=${format}`, { cookie: t.admin });
    expect(response.status).toBe(200);
    return response.text;
  };

  it("is refused to everyone but another admin, and to unknown people", async () => {
    const manager = await t.userSession("manager");
    expect((await t.call("POST", `/users/${zelda.id}/erase`, { cookie: manager.cookie })).status).toBe(403);
    expect((await t.call("POST", `/users/${zelda.id}/erase`, { cookie: zelda.cookie })).status).toBe(403);
    expect((await t.call("POST", `/users/${zelda.id}/erase`)).status).toBe(401);
    const me = (await t.call("GET", "/auth/me", { cookie: t.admin })).json.user.id;
    expect((await t.call("POST", `/users/${me}/erase`, { cookie: t.admin })).status).toBe(403);
    expect((await t.call("POST", "/users/999999/erase", { cookie: t.admin })).status).toBe(404);
    expect((await t.call("GET", "/auth/me", { cookie: zelda.cookie })).status).toBe(200);
  });

  it("leaves the name and email nowhere, keeps the labels' history, and locks the account", async () => {
    const before = (await everyValue(database)).filter(
      (v) => v.toLowerCase().includes(EMAIL) || v.toLowerCase().includes(NAME.toLowerCase()),
    );
    // The fixture really spread the identifiers around (users, tokens, questions, answers, quality, audit).
    expect(new Set(before.map((v) => v.split(" = ")[0]))).toEqual(
      new Set([
        "users.email",
        "users.name",
        "api_tokens.name",
        "questions.text",
        "questions.answer",
        "support_messages.body", // the answers are staff replies in the questions' threads
        "quality_actions.reason",
        "annotator_quality.status_reason",
        "audit_log.details",
        "login_throttle.key",
      ]),
    );
    const judgmentsBefore = await judgments();
    const tasksBefore = await tasks();
    const jsonlBefore = await exported("jsonl");
    const csvBefore = await exported("csv");

    const response = await t.call("POST", `/users/${zelda.id}/erase`, { cookie: t.admin });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ erased: true, signedOut: 2, questionsErased: 1 });
    expect(response.json.user).toMatchObject({
      id: zelda.id,
      email: `erased-${zelda.id}@invalid`,
      name: `Erased user ${zelda.id}`,
      status: "erased",
      languages: [],
      skills: {},
      vendor: "Acme",
    });

    const leaks = (await everyValue(database)).filter(
      (v) => v.toLowerCase().includes(EMAIL) || v.toLowerCase().includes(NAME.toLowerCase()),
    );
    expect(leaks).toEqual([]);
    // Whole words only: "Zeldaesque" is not her name.
    expect((await everyValue(database)).some((v) => v.includes("Zeldaesque"))).toBe(true);
    const password = await database.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", zelda.id)
      .executeTakeFirstOrThrow();
    expect(password.password_hash).not.toMatch(/^scrypt/);

    expect(await judgments()).toEqual(judgmentsBefore);
    expect(judgmentsBefore.filter((j) => j.annotator_id === zelda.id).length).toBeGreaterThan(0);
    expect(await tasks()).toEqual(tasksBefore);
    expect(await exported("jsonl")).toBe(jsonlBefore);
    expect(await exported("csv")).toBe(csvBefore);

    // She cannot sign in: not with her old email, not with the tombstone's, not with her session or token.
    for (const email of [EMAIL, `erased-${zelda.id}@invalid`]) {
      const login = await t.call("POST", "/auth/login", { body: { email, password: PASSWORD } });
      // 400 for the tombstone: `@invalid` is not an email address the login form accepts.
      expect([400, 401], email).toContain(login.status);
    }
    expect((await t.call("GET", "/auth/me", { cookie: zelda.cookie })).status).toBe(401);
    expect((await t.call("GET", "/auth/me", { token })).status).toBe(401);
    // Nor can anyone bring the account back.
    const revive = await t.call("PATCH", `/users/${zelda.id}`, {
      cookie: t.admin,
      body: { status: "active", password: "new-password-1" },
    });
    expect(revive.status).toBe(409);

    const audit = await database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "user.erase")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toEqual({ userId: zelda.id });
    expect(audit.actor_id).toBe((await t.call("GET", "/auth/me", { cookie: t.admin })).json.user.id);

    const again = await t.call("POST", `/users/${zelda.id}/erase`, { cookie: t.admin });
    expect(again.status).toBe(200);
    expect(again.json.erased).toBe(false);
    const erasures = await database.db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "user.erase")
      .execute();
    expect(erasures).toHaveLength(1);
  });

  it("is in the API document", async () => {
    const doc = await t.call("GET", "/openapi.json");
    expect(doc.json.paths["/users/{id}/erase"].post.description).toContain("admin only");
  });
});
