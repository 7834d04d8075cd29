import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("vendors and teams on $dialect", (target) => {
  let t: TestAppWithDatabase;
  const ids: Record<string, number> = {};
  let lead: TestSession;
  let acmePerson: TestSession;
  let rivalPerson: TestSession;
  let manager: TestSession;

  const post = async (path: string, body: unknown, cookie = t.admin) => t.call("POST", path, { cookie, body });

  beforeAll(async () => {
    t = await openTestApp(target);
    manager = await t.userSession("manager");
    for (const name of ["Acme", "Rival"]) {
      const vendor = await post(
        "/vendors",
        { name, contactEmail: `ops@${name.toLowerCase()}.example`, currency: "EUR" },
        manager.cookie,
      );
      expect(vendor.status).toBe(201);
      ids[name] = vendor.json.vendor.id;
      for (const team of ["North", "South"]) {
        const created = await post("/teams", { vendorId: ids[name], name: team }, manager.cookie);
        expect(created.status).toBe(201);
        ids[`${name}${team}`] = created.json.team.id;
      }
    }
    lead = await t.userSession("vendor_lead", { teamId: ids.AcmeNorth }, "acme-lead");
    acmePerson = await t.userSession("annotator", { teamId: ids.AcmeNorth, languages: ["de-AT"] }, "acme-1");
    rivalPerson = await t.userSession("annotator", { teamId: ids.RivalNorth }, "rival-1");
    await t.call("PATCH", `/teams/${ids.AcmeNorth}`, { cookie: manager.cookie, body: { leadUserId: lead.id } });
  });
  afterAll(() => t.close());

  it("shows a vendor lead only their own vendor's people, teams and vendor", async () => {
    const cookie = lead.cookie;
    const people = await t.call("GET", "/people", { cookie });
    expect(people.status).toBe(200);
    const seen = people.json.people.map((p: { id: number }) => p.id);
    expect(seen).toContain(acmePerson.id);
    expect(seen).not.toContain(rivalPerson.id);
    for (const person of people.json.people) expect(person.vendor).toBe("Acme");
    expect((await t.call("GET", `/people/${rivalPerson.id}`, { cookie })).status).toBe(404);
    expect((await t.call("GET", `/people/${acmePerson.id}`, { cookie })).status).toBe(200);
    expect((await t.call("GET", `/people?vendorId=${ids.Rival}`, { cookie })).status).toBe(404);
    expect((await t.call("GET", `/people?teamId=${ids.RivalNorth}`, { cookie })).status).toBe(404);
    const teams = await t.call("GET", "/teams", { cookie });
    expect(teams.json.teams.map((team: { vendorName: string }) => team.vendorName)).toEqual(["Acme", "Acme"]);
    expect((await t.call("GET", `/teams?vendorId=${ids.Rival}`, { cookie })).status).toBe(404);
    expect((await t.call("GET", `/teams/${ids.RivalNorth}/members`, { cookie })).status).toBe(404);
    const vendors = await t.call("GET", "/vendors", { cookie });
    expect(vendors.json.vendors.map((v: { name: string }) => v.name)).toEqual(["Acme"]);
    expect((await t.call("GET", "/users", { cookie })).text).not.toContain("rival-1");
  });

  it("lets a vendor lead invite, deactivate, reactivate and move only their own people", async () => {
    const cookie = lead.cookie;
    const invite = (teamId: number, role = "annotator") =>
      post(
        "/users",
        { email: `inv-${teamId}-${role}@x.io`, name: "Invitee", password: "password-123", role, teamId },
        cookie,
      );
    const invited = await invite(ids.AcmeSouth as number);
    expect(invited.status).toBe(201);
    expect(invited.json.user.vendor).toBe("Acme");
    expect((await invite(ids.RivalSouth as number)).status).toBe(404);
    expect((await invite(ids.AcmeSouth as number, "reviewer")).status).toBe(403);
    expect(
      (await post("/users", { email: "no-team@x.io", name: "N", password: "password-123", role: "annotator" }, cookie))
        .status,
    ).toBe(403);

    const person = invited.json.user.id;
    const patch = (id: number, body: unknown) => t.call("PATCH", `/users/${id}`, { cookie, body });
    expect((await patch(person, { status: "deactivated" })).json.user.status).toBe("deactivated");
    expect((await patch(person, { status: "active" })).json.user.status).toBe("active");
    expect((await patch(person, { name: "Renamed" })).status).toBe(403);
    expect((await patch(rivalPerson.id, { status: "deactivated" })).status).toBe(404);
    expect((await patch(manager.id, { status: "deactivated" })).status).toBe(404);

    const moved = await post(`/people/${person}/team`, { teamId: ids.AcmeNorth }, cookie);
    expect(moved.status).toBe(200);
    expect(moved.json.person.team.teamId).toBe(ids.AcmeNorth);
    expect((await post(`/people/${person}/team`, { teamId: ids.RivalNorth }, cookie)).status).toBe(404);
    expect((await post(`/people/${rivalPerson.id}/team`, { teamId: ids.AcmeNorth }, cookie)).status).toBe(404);
    expect((await post(`/people/${person}/team`, { teamId: null }, cookie)).status).toBe(403);

    for (const [method, path, body] of [
      ["POST", "/vendors", { name: "Mine" }],
      ["PATCH", `/vendors/${ids.Acme}`, { name: "Acme2" }],
      ["POST", `/vendors/${ids.Rival}/merge`, { intoVendorId: ids.Acme }],
      ["POST", "/teams", { vendorId: ids.Acme, name: "East" }],
      ["PATCH", `/teams/${ids.AcmeNorth}`, { name: "X" }],
      ["POST", `/teams/${ids.AcmeSouth}/merge`, { intoTeamId: ids.AcmeNorth }],
    ] as const)
      expect((await t.call(method, path, { cookie, body })).status, `${method} ${path}`).toBe(403);
  });

  it("keeps skills out of a vendor lead's invitations: exams grant them, or a manager", async () => {
    const invite = (email: string, extra: Record<string, unknown>) =>
      post(
        "/users",
        { email, name: "Invitee", password: "password-123", role: "annotator", teamId: ids.AcmeSouth, ...extra },
        lead.cookie,
      );
    // A skill would open skill-gated projects to a newcomer who has passed no exam.
    const skilled = await invite("skilled@x.io", { skills: { relevance: 100 } });
    expect(skilled.status).toBe(403);
    expect(skilled.json.error.message).toContain("skills");
    const everyone = (await t.call("GET", "/people", { cookie: manager.cookie })).json.people as { email: string }[];
    expect(everyone.map((p) => p.email)).not.toContain("skilled@x.io");
    // No skills (or none given) is an ordinary invitation; a manager may still give skills.
    expect((await invite("unskilled@x.io", { skills: {} })).status).toBe(201);
    const byManager = await post(
      "/users",
      {
        email: "managed@x.io",
        name: "M",
        password: "password-123",
        role: "annotator",
        teamId: ids.AcmeSouth,
        skills: { relevance: 60 },
      },
      manager.cookie,
    );
    expect(byManager.status).toBe(201);
    expect(byManager.json.user.skills).toEqual({ relevance: 60 });
  });

  it("keeps one current team per person, even when moves race", async () => {
    const person = await t.userSession("annotator", { teamId: ids.AcmeNorth }, "racer");
    const teams = [ids.AcmeSouth, ids.RivalNorth, ids.RivalSouth, ids.AcmeNorth, ids.AcmeSouth];
    const results = await Promise.all(teams.map((teamId) => post(`/people/${person.id}/team`, { teamId })));
    for (const result of results) expect(result.status).toBe(200);
    const profile = await t.call("GET", `/people/${person.id}`, { cookie: t.admin });
    const current = profile.json.memberships.filter((m: { leftAt: string | null }) => m.leftAt === null);
    expect(current).toHaveLength(1);
    expect(profile.json.person.team.teamId).toBe(current[0].teamId);
    expect(profile.json.person.vendor).toBe(current[0].vendorName);
  });

  it("merges teams and vendors keeping every stay in the history", async () => {
    const person = await t.userSession("annotator", { teamId: ids.RivalNorth }, "merged");
    await post(`/people/${person.id}/team`, { teamId: ids.RivalSouth });
    const mergedTeams = await post(`/teams/${ids.RivalSouth}/merge`, { intoTeamId: ids.RivalNorth }, manager.cookie);
    expect(mergedTeams.status).toBe(200);
    let profile = await t.call("GET", `/people/${person.id}`, { cookie: t.admin });
    expect(profile.json.memberships.map((m: { teamId: number }) => m.teamId)).toEqual([
      ids.RivalNorth,
      ids.RivalSouth,
      ids.RivalNorth,
    ]);
    expect(profile.json.memberships.filter((m: { leftAt: null }) => m.leftAt === null)).toHaveLength(1);

    const mergedVendors = await post(`/vendors/${ids.Rival}/merge`, { intoVendorId: ids.Acme }, manager.cookie);
    expect(mergedVendors.status).toBe(200);
    expect(mergedVendors.json.teamsMoved).toBe(2);
    profile = await t.call("GET", `/people/${person.id}`, { cookie: t.admin });
    expect(profile.json.person.vendor).toBe("Acme");
    expect(profile.json.memberships).toHaveLength(3);
    expect(profile.json.person.team).toMatchObject({
      teamId: ids.RivalNorth,
      teamName: "North (Rival)",
      vendorName: "Acme",
    });
    const vendors = await t.call("GET", "/vendors", { cookie: t.admin });
    expect(vendors.json.vendors.find((v: { id: number }) => v.id === ids.Rival)).toMatchObject({
      archived: true,
      mergedInto: ids.Acme,
    });
    // The Acme lead now sees the people who came with Rival.
    const seen = (await t.call("GET", "/people", { cookie: lead.cookie })).json.people.map((p: { id: number }) => p.id);
    expect(seen).toContain(person.id);
    expect((await post(`/teams/${ids.AcmeNorth}/merge`, { intoTeamId: ids.AcmeNorth }, manager.cookie)).status).toBe(
      400,
    );
  });

  it("renames a vendor for its people, and its lead keeps seeing them", async () => {
    const renamed = await t.call("PATCH", `/vendors/${ids.Acme}`, {
      cookie: manager.cookie,
      body: { name: "Acme Labs" },
    });
    expect(renamed.status).toBe(200);
    const person = await t.call("GET", `/people/${acmePerson.id}`, { cookie: lead.cookie });
    expect(person.status).toBe(200);
    expect(person.json.person.vendor).toBe("Acme Labs");
    const taken = await t.call("PATCH", `/vendors/${ids.Acme}`, { cookie: manager.cookie, body: { name: "Rival" } });
    expect(taken.status).toBe(409);
    expect(taken.json.error.details[0].path).toBe("name");
  });

  it("validates time zones and language levels, naming the field", async () => {
    const bad = await t.call("PATCH", "/users/me", { cookie: acmePerson.cookie, body: { timeZone: "Mars/Olympus" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("timeZone");
    const good = await t.call("PATCH", "/users/me", {
      cookie: acmePerson.cookie,
      body: { timeZone: "Europe/Vienna", region: "AT" },
    });
    expect(good.json.user).toMatchObject({ timeZone: "Europe/Vienna", region: "AT" });
    const me = await t.call("GET", "/users/me", { cookie: acmePerson.cookie });
    expect(me.json.user).toMatchObject({ timeZone: "Europe/Vienna", region: "AT", languages: ["de-AT"] });
    const badCreate = await post("/users", {
      email: "tz@x.io",
      name: "Tz",
      password: "password-123",
      role: "annotator",
      timeZone: "Nowhere",
    });
    expect(badCreate.status).toBe(400);
    expect(badCreate.json.error.details[0].path).toBe("timeZone");
    const badLevel = await t.call("PATCH", `/users/${acmePerson.id}`, {
      cookie: t.admin,
      body: { languageLevels: { "de-AT": "C7" } },
    });
    expect(badLevel.status).toBe(400);
    expect(badLevel.json.error.details[0].path).toContain("languageLevels");
    const unlisted = await t.call("PATCH", `/users/${acmePerson.id}`, {
      cookie: t.admin,
      body: { languageLevels: { fr: "B2" } },
    });
    expect(unlisted.json.error.details[0].path).toBe("languageLevels.fr");
  });

  it("refuses a field an account route does not take, naming it, and changes nothing", async () => {
    const raise = await t.call("PATCH", "/users/me", {
      cookie: acmePerson.cookie,
      body: { role: "manager", timeZone: "Asia/Tokyo" },
    });
    expect(raise.status).toBe(400);
    expect(raise.json.error.details).toEqual([{ path: "role", message: "Unknown field: role" }]);
    const me = await t.call("GET", "/users/me", { cookie: acmePerson.cookie });
    expect(me.json.user.role).toBe("annotator");
    expect(me.json.user.timeZone).not.toBe("Asia/Tokyo");

    const typo = await t.call("PATCH", `/users/${acmePerson.id}`, {
      cookie: manager.cookie,
      body: { name: "Renamed", langauges: ["fr"] },
    });
    expect(typo.status).toBe(400);
    expect(typo.json.error.details).toEqual([{ path: "langauges", message: "Unknown field: langauges" }]);
    expect((await t.call("GET", `/users/${acmePerson.id}`, { cookie: manager.cookie })).json.user.name).not.toBe(
      "Renamed",
    );

    const invite = await post(
      "/users",
      { email: "strict@x.io", name: "Strict", password: "password-123", role: "annotator", admin: true },
      manager.cookie,
    );
    expect(invite.status).toBe(400);
    expect(invite.json.error.details[0].path).toBe("admin");
    const listed = await t.call("GET", "/users", { cookie: manager.cookie });
    expect(listed.text).not.toContain("strict@x.io");
  });

  it("matches languages by region and level when handing out work", async () => {
    const project = await post("/projects", {
      name: "Austrian German",
      schema: { type: "single_choice", options: ["ok", "spam"] },
      requirements: { languages: ["de-AT"], minLanguageLevel: "C1" },
    });
    expect(project.status).toBe(201);
    await t.call("POST", `/projects/${project.json.id}/imports`, {
      cookie: t.admin,
      raw: '{"data":{"text":"Servus","language":"de-AT"}}',
    });
    const german = await t.userSession("annotator", { languages: ["de"], languageLevels: { de: "native" } }, "de-only");
    const austrianLow = await t.userSession(
      "annotator",
      { languages: ["de-AT"], languageLevels: { "de-AT": "B1" } },
      "at-low",
    );
    const austrian = await t.userSession(
      "annotator",
      { languages: ["de-AT"], languageLevels: { "de-AT": "C2" } },
      "at-high",
    );
    const next = (cookie: string) => t.call("POST", `/projects/${project.json.id}/assignments/next`, { cookie });
    expect([403, 404]).toContain((await next(german.cookie)).status);
    expect([403, 404]).toContain((await next(austrianLow.cookie)).status);
    const leased = await next(austrian.cookie);
    expect(leased.status).toBe(200);
    expect(leased.json.assignment.task.data.text).toBe("Servus");
  });
});
