import type { AddressInfo } from "node:net";
import { testTargets } from "@quorum/storage";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "./monitoring/mailer.js";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const DAY = 86_400_000;

const GOOD = {
  name: "Ana Silva",
  email: "ana@example.org",
  languages: ["pt-br", "es"],
  region: "LATAM",
  timeZone: "America/Sao_Paulo",
  consent: true,
};

describe.each(targets)("recruitment over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let campaignId = 0;

  beforeAll(async () => {
    t = await openTestApp(target);
    const created = await t.call("POST", "/campaigns", {
      cookie: t.admin,
      body: {
        name: "Portuguese raters",
        channel: "job_board",
        source: "LinkedIn",
        spendMinor: 120_000,
        currency: "EUR",
        targetLanguages: ["pt"],
        slug: "pt-raters",
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.campaign).toMatchObject({ slug: "pt-raters", joinPath: "/join/pt-raters", status: "open" });
    campaignId = created.json.campaign.id;
  });
  afterAll(() => t.close());

  const count = async (table: "users" | "funnel_events" | "password_tokens") =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("refuses bad sign-ups with one error per field and writes nothing", async () => {
    const before = await Promise.all([count("users"), count("funnel_events"), count("password_tokens")]);
    const bad = await t.call("POST", "/campaigns/pt-raters/applications", {
      body: {
        name: "",
        email: "nope",
        languages: ["pt-br", "12345"],
        region: "",
        timeZone: "Mars/Olympus",
        consent: false,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_input");
    const paths = bad.json.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(["consent", "email", "languages.1", "name", "region", "timeZone"]);
    const unknownCode = await t.call("POST", "/campaigns/pt-raters/applications", {
      body: { ...GOOD, referralCode: "NOPE" },
    });
    expect(unknownCode.status).toBe(400);
    expect(unknownCode.json.error.details).toEqual([
      { path: "referralCode", message: "no one has this referral code" },
    ]);
    expect((await t.call("POST", "/campaigns/nowhere/applications", { body: GOOD })).status).toBe(404);
    // Text that cannot be a slug (a NUL is refused by PostgreSQL's text) is an unknown campaign too.
    expect((await t.call("GET", "/campaigns/1%00/sign-up")).status).toBe(404);
    expect((await t.call("POST", "/campaigns/pt%00raters/applications", { body: GOOD })).status).toBe(404);
    expect(await Promise.all([count("users"), count("funnel_events"), count("password_tokens")])).toEqual(before);
  });

  it("signs a candidate up, hands back a one-time link that sets the password once and signs them in", async () => {
    const info = await t.call("GET", "/campaigns/pt-raters/sign-up");
    expect(info.json).toEqual({
      campaign: { name: "Portuguese raters", targetLanguages: ["pt"], targetRegions: [], open: true },
    });
    const signed = await t.call("POST", "/campaigns/pt-raters/applications", { body: GOOD });
    expect(signed.status).toBe(201);
    expect(signed.json).toMatchObject({ emailed: false, passwordLink: expect.stringMatching(/\/set-password#pw_/) });
    const token = decodeURIComponent(signed.json.passwordLink.split("#")[1]);
    // Not signed in yet: the account has no password.
    expect(
      (await t.call("POST", "/auth/login", { body: { email: GOOD.email, password: "anything-at-all" } })).status,
    ).toBe(401);
    const weak = await t.call("POST", "/password-links/redeem", { body: { token, password: "password" } });
    expect(weak.status).toBe(400);
    const set = await t.call("POST", "/password-links/redeem", { body: { token, password: "a-strong-pass-phrase" } });
    expect(set.status).toBe(200);
    expect(set.json.user).toMatchObject({
      email: GOOD.email,
      role: "annotator",
      languages: ["pt-BR", "es"],
      skills: {},
    });
    const cookie = (set.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect((await t.call("GET", "/auth/me", { cookie })).json.user.email).toBe(GOOD.email);
    expect(
      (await t.call("POST", "/password-links/redeem", { body: { token, password: "another-strong-one" } })).status,
    ).toBe(404);
    await t.login(GOOD.email, "a-strong-pass-phrase");
    const again = await t.call("POST", "/campaigns/pt-raters/applications", { body: GOOD });
    expect(again.status).toBe(409);
    expect(again.json.error.details[0].path).toBe("email");

    const detail = await t.call("GET", `/campaigns/${campaignId}`, { cookie: t.admin });
    expect(detail.json.funnel.figures.stages.slice(0, 2)).toEqual([
      { stage: "applied", count: 1, ofApplied: 1, ofPrevious: null },
      { stage: "screened", count: 1, ofApplied: 1, ofPrevious: 1 },
    ]);
    expect(detail.json.funnel.costPerQualified).toEqual([{ currency: "EUR", amountMinor: null }]);
  });

  it("credits a referrer whose code a candidate gives", async () => {
    const referrer = await t.userSession("annotator", { languages: ["pt"] });
    const { code } = (await t.call("GET", "/me/referral-code", { cookie: referrer.cookie })).json;
    expect(code).toMatch(/^[0-9A-F]{10}$/);
    expect((await t.call("GET", "/me/referral-code", { cookie: referrer.cookie })).json.code).toBe(code);
    const signed = await t.call("POST", "/campaigns/pt-raters/applications", {
      body: { ...GOOD, email: "bia@example.org", referralCode: code.toLowerCase() },
    });
    expect(signed.status).toBe(201);
    const funnel = await t.call("GET", "/recruitment/funnel", { cookie: t.admin });
    expect(funnel.json.referrers).toContainEqual({
      userId: referrer.id,
      name: expect.any(String),
      applied: 1,
      qualified: 0,
    });
  });

  it("refuses sign-ups to a closed campaign and past the per-address limit", async () => {
    await t.call("PATCH", `/campaigns/${campaignId}`, { cookie: t.admin, body: { status: "closed" } });
    const closed = await t.call("POST", "/campaigns/pt-raters/applications", {
      body: { ...GOOD, email: "late@example.org" },
    });
    expect(closed.status).toBe(409);
    await t.call("PATCH", `/campaigns/${campaignId}`, { cookie: t.admin, body: { status: "open" } });
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++)
      last = (await t.call("POST", "/campaigns/pt-raters/applications", { body: { name: "" }, address: "203.0.113.9" }))
        .status;
    expect(last).toBe(429);
  });

  it("imports people from CSV all or nothing and returns their one-time links", async () => {
    const header = "name,email,role,languages,region,time_zone,vendor\n";
    const bad = await t.call("POST", "/users/import", {
      cookie: t.admin,
      raw: `${header}Ok,ok@x.io,annotator,de,EU,Europe/Berlin,\nBad,bad@x.io,annotator,de,EU,Nowhere/Land,\n`,
      headers: { "content-type": "text/csv" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details).toEqual([
      { path: "line 3: time_zone", message: expect.stringContaining("Nowhere/Land") },
    ]);
    expect(await t.database.db.selectFrom("users").select("id").where("email", "=", "ok@x.io").execute()).toEqual([]);
    const good = await t.call("POST", "/users/import", {
      cookie: t.admin,
      raw: `${header}Ok,ok@x.io,annotator,de,EU,Europe/Berlin,Acme\n`,
      headers: { "content-type": "text/csv" },
    });
    expect(good.status).toBe(201);
    expect(good.json).toMatchObject({
      imported: 1,
      people: [{ email: "ok@x.io", emailed: false, passwordLink: expect.stringContaining("#pw_") }],
    });
    const manager = await t.userSession("manager");
    const adminRow = `${header}Boss,boss@x.io,admin,,,,\n`;
    const refused = await t.call("POST", "/users/import", { cookie: manager.cookie, raw: adminRow });
    expect(refused.json.error.details).toEqual([{ path: "line 2: role", message: "a manager may not create a admin" }]);
  });

  it("e-mails the one-time link instead of showing it when a mail server is configured, and links expire", async () => {
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        let text = "";
        stream.on("data", (chunk: Buffer) => {
          text += chunk.toString("utf8");
        });
        stream.on("end", () => {
          mails.push(text);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const { port } = smtp.server.address() as AddressInfo;
    const mailer = createMailer(`smtp://127.0.0.1:${port}`, "Quorum <quorum@test.local>");
    const mailing = await openTestApp(
      target,
      { now: 1_800_000_000_000 },
      { mailer, publicUrl: "https://quorum.example.com" },
    );
    try {
      await mailing.call("POST", "/campaigns", {
        cookie: mailing.admin,
        body: { name: "Mail", channel: "social", spendMinor: 0, currency: "USD", slug: "mail-test" },
      });
      const signed = await mailing.call("POST", "/campaigns/mail-test/applications", { body: GOOD });
      expect(signed.status).toBe(201);
      expect(signed.json).toMatchObject({ emailed: true, passwordLink: null });
      expect(mails).toHaveLength(1);
      const link = mails[0]!.replace(/=\r?\n/g, "").match(/https:\/\/quorum\.example\.com\/set-password#(\S+)/)!;
      const token = decodeURIComponent(link[1]!.replace(/=3D/g, "="));
      mailing.clock.now += 3 * DAY + 1;
      const late = await mailing.call("POST", "/password-links/redeem", {
        body: { token, password: "a-strong-pass-phrase" },
      });
      expect(late.status).toBe(404);
      const person = signed.json.userId;
      const reset = await mailing.call("POST", `/users/${person}/password-link`, { cookie: mailing.admin });
      expect(reset.status).toBe(201);
      expect(reset.json).toMatchObject({ emailed: true, link: null });
      expect(mails).toHaveLength(2);
    } finally {
      mailer.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await mailing.close();
    }
  });

  it("shows campaigns and the pool to people readers; a vendor lead sees only their vendor's campaigns", async () => {
    await t.call("POST", "/campaigns", {
      cookie: t.admin,
      body: {
        name: "Acme drive",
        channel: "vendor",
        spendMinor: 5000,
        currency: "EUR",
        slug: "acme-drive",
        vendor: "Acme",
      },
    });
    const lead = await t.userSession("vendor_lead", { vendor: "Acme" });
    const list = await t.call("GET", "/campaigns", { cookie: lead.cookie });
    expect(list.json.campaigns.map((c: { slug: string }) => c.slug)).toEqual(["acme-drive"]);
    expect((await t.call("GET", `/campaigns/${campaignId}`, { cookie: lead.cookie })).status).toBe(404);
    expect((await t.call("GET", "/recruitment/pool", { cookie: lead.cookie })).status).toBe(403);
    const pool = await t.call("GET", "/recruitment/pool", { cookie: t.admin });
    expect(pool.status).toBe(200);
    expect(Object.keys(pool.json).sort()).toEqual([
      "activePeople",
      "byLanguage",
      "byRegion",
      "gap",
      "secondsPerJudgment",
    ]);
    const annotator = await t.userSession("annotator");
    const header = "name,email,role,languages,region,time_zone\n";
    for (const role of ["reviewer", "annotator", "vendor_lead", "analyst", "finance"]) {
      const session = role === "vendor_lead" ? lead : role === "annotator" ? annotator : await t.userSession(role);
      const writes = [
        await t.call("POST", "/campaigns", {
          cookie: session.cookie,
          body: { name: "X", channel: "social", spendMinor: 0, currency: "EUR", slug: `x-${role}` },
        }),
        await t.call("PATCH", `/campaigns/${campaignId}`, { cookie: session.cookie, body: { spendMinor: 1 } }),
        await t.call("POST", "/users/import", {
          cookie: session.cookie,
          raw: `${header}A,a-${role}@x.io,annotator,de,EU,UTC\n`,
        }),
        await t.call("POST", `/users/${annotator.id}/password-link`, { cookie: session.cookie }),
      ];
      expect(
        writes.map((w) => w.status),
        role,
      ).toEqual([403, 403, 403, 403]);
      expect((await t.call("GET", "/me/referral-code", { cookie: session.cookie })).status).toBe(200);
    }
    expect((await t.call("GET", "/me/referral-code")).status).toBe(401);
    expect((await t.call("POST", "/campaigns", { body: {} })).status).toBe(401);
    for (const path of ["/campaigns", `/campaigns/${campaignId}`, "/recruitment/funnel", "/recruitment/pool"])
      expect((await t.call("GET", path, { cookie: annotator.cookie })).status, path).toBe(403);
  });
});
