import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./database.js";
import { down, up } from "./migrations/20261202010000-vendors-teams.js";
import { addJudgmentActivity } from "./repositories/activity-hourly.js";
import { currentMemberships, membershipHistory } from "./repositories/team-memberships.js";
import { listTeams } from "./repositories/teams.js";
import { insertUser } from "./repositories/users.js";
import { listVendors } from "./repositories/vendors.js";
import { newProject } from "./testing/new-project.js";
import { TEST_NOW } from "./testing/test-now.js";
import { testTargets } from "./testing.js";
import { movePersonToTeam } from "./use-cases/move-person-to-team.js";
import { readOwnToday } from "./use-cases/read-own-today.js";

const targets = await testTargets();

describe.each(targets)("vendors and teams on $dialect", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  it("turns the typed-in vendor names into vendor records with a default team, led by their vendor lead", async () => {
    const db = database.db;
    // Back to the schema before the migration, with people carrying vendor names as text.
    await down(db as never);
    const person = (email: string, role: string, vendor: string | null, createdAt: number) =>
      db
        .insertInto("users")
        .values({
          email,
          name: email,
          password_hash: "x",
          role,
          languages: '["en"]',
          skills: "{}",
          vendor,
          status: "active",
          created_at: createdAt,
        } as never)
        .execute();
    await person("lead@acme.test", "vendor_lead", "Acme", 1_000);
    await person("a@acme.test", "annotator", "Acme", 2_000);
    await person("b@rival.test", "annotator", "Rival", 3_000);
    await person("c@crowd.test", "annotator", null, 4_000);
    await up(db as never);

    expect((await listVendors(db)).map((v) => v.name)).toEqual(["Acme", "Rival"]);
    const teams = await listTeams(db);
    expect(teams.map((t) => [t.vendorName, t.name, t.memberCount])).toEqual([
      ["Acme", "Default", 2],
      ["Rival", "Default", 1],
    ]);
    const lead = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "lead@acme.test")
      .executeTakeFirstOrThrow();
    expect(teams[0]?.leadUserId).toBe(Number(lead.id));
    const members = await currentMemberships(db);
    expect(members).toHaveLength(3);
    const a = await db.selectFrom("users").select("id").where("email", "=", "a@acme.test").executeTakeFirstOrThrow();
    expect(members.find((m) => m.userId === Number(a.id))).toMatchObject({
      vendorName: "Acme",
      joinedAt: 2_000,
      leftAt: null,
    });
  });

  it("keeps one current team per person when moves race, and every stay in the history", async () => {
    const user = await insertUser(
      database.db,
      { email: "racer@x.test", name: "R", passwordHash: "x", role: "annotator" },
      10,
    );
    const teams = await listTeams(database.db);
    const moves = Array.from({ length: 6 }, (_, i) =>
      movePersonToTeam(database, { userId: user.id, teamId: teams[i % 2]!.id, actorId: user.id, now: 100 + i }),
    );
    await Promise.all(moves);
    const history = await membershipHistory(database.db, user.id);
    const current = history.filter((m) => m.leftAt === null);
    expect(current).toHaveLength(1);
    expect(history.length).toBeGreaterThanOrEqual(2);
    const row = await database.db
      .selectFrom("users")
      .select("vendor")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    // The vendor column follows the stay that is current (racing moves commit in any order of `now`).
    expect(row.vendor).toBe(current[0]?.vendorName);
  });

  it("counts a person's own figures from midnight in their time zone", async () => {
    const user = await insertUser(
      database.db,
      { email: "tz@x.test", name: "T", passwordHash: "x", role: "annotator" },
      10,
    );
    const project = await newProject(database, user);
    // TEST_NOW's UTC day began at `utcMidnight`; in Tokyo (UTC+9) the local day began 9 hours earlier.
    const utcMidnight = Math.floor(TEST_NOW / 86_400_000) * 86_400_000;
    const work = (createdAt: number) =>
      addJudgmentActivity(database.db, {
        projectId: project.id,
        annotatorId: user.id,
        activeMs: 1000,
        goldCorrect: null,
        createdAt,
      });
    await work(utcMidnight - 2 * 3_600_000); // 22:00 UTC yesterday: 07:00 today in Tokyo
    await work(utcMidnight + 3_600_000);
    const now = utcMidnight + 2 * 3_600_000; // 02:00 UTC, 11:00 in Tokyo: the same local day
    const utc = await readOwnToday(database.db, { id: user.id, timeZone: null }, now);
    const tokyo = await readOwnToday(database.db, { id: user.id, timeZone: "Asia/Tokyo" }, now);
    expect(utc[0]?.judgments).toBe(1);
    expect(tokyo[0]?.judgments).toBe(2);
  });
});
