import { canCoach, canReadScorecard, forbidden, notFound, TIERS, type User } from "@quorum/core";
import {
  changeTier,
  evaluateTiers,
  getUser,
  insertCoachingNote,
  readCoaching,
  readScorecard,
  recordPresence,
  reverseTierChange,
  writeAudit,
} from "@quorum/storage";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, queryInteger, readJson, readQuery } from "../validate.js";
import { coachingView, scorecardView } from "./scorecard-views.js";

export const ScorecardQuery = z.object({ weeks: queryInteger().pipe(z.number().min(1).max(52)).default(12) });
export const SetTierBody = z.object({ tier: z.enum(TIERS), reason: z.string().trim().min(1).max(500) });
export const EvaluateTiersBody = z.object({ days: z.number().int().min(1).max(365).default(84) });
export const CoachingNoteBody = z.object({
  body: z.string().trim().min(1).max(4000),
  projectId: z.number().int().positive().nullable().optional(),
  label: z.string().min(1).max(200).nullable().optional(),
});

const ACCESS = "the person themself, admins and managers, and the vendor lead of the person's vendor";

export const scorecardDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/presence",
    tag: "People",
    summary:
      "A heartbeat from the web app while the tab is visible: marks the current minute present in the caller's quarter-hour bucket (repeats in the same minute change nothing). Utilisation = active labeling time ÷ this logged-in time.",
    access: "signed in",
    responses: { 204: "recorded" },
  },
  {
    method: "get",
    path: "/users/{id}/scorecard",
    tag: "People",
    summary:
      "A person's scorecard across projects over the last `weeks` weeks, from roll-ups: throughput, average handling time, gold accuracy with its 95% Wilson interval, agreement with the aggregate (all time), utilisation, skip and lease-expiry rates, by week (Mondays in the person's time zone, else UTC) and by project; their tier and its history. The person's own card shows gold counts only from projects that give feedback on hidden controls.",
    access: ACCESS,
    query: ScorecardQuery,
    responses: { 200: "{person, from, totals, agreement, weeks, projects, tierChanges}" },
  },
  {
    method: "get",
    path: "/users/{id}/coaching",
    tag: "People",
    summary:
      "The person's recent missed gold answers (their answer, the gold answer and explanation) grouped by project and gold label with the guideline section the explanation names, and managers' coaching notes. The person sees only misses they were already given feedback on (`withheld` counts the rest).",
    access: ACCESS,
    responses: { 200: "{groups, withheld, notes}" },
  },
  {
    method: "post",
    path: "/users/{id}/coaching-notes",
    tag: "People",
    summary: "Adds a coaching note for the person, optionally about a project and a gold label.",
    access: "admins and managers (not on themselves)",
    body: CoachingNoteBody,
    responses: { 201: "{id}" },
  },
  {
    method: "post",
    path: "/users/{id}/tier",
    tag: "People",
    summary: "Sets the person's tier by hand, with a reason; logged and reversible.",
    access: "admins and managers (not on themselves)",
    body: SetTierBody,
    responses: { 200: "{changeId} (null when already at that tier)" },
  },
  {
    method: "post",
    path: "/users/{id}/tier-changes/{changeId}/reverse",
    tag: "People",
    summary: "Undoes the person's latest tier change in force: the tier before it returns (logged).",
    access: "admins and managers (not on themselves)",
    responses: { 204: "undone", 409: "not the latest change in force, or already undone" },
  },
  {
    method: "post",
    path: "/tiers/evaluate",
    tag: "People",
    summary:
      "Applies the tier rules to every active annotator on their gold answers of the last `days` days: promote one tier when the lower bound of the 95% Wilson interval reaches the next tier's bar (standard 75%, expert 90%), demote one when the upper bound falls below the tier's bar (standard 70%, expert 85%), each after at least 30 gold answers. Every change is logged and reversible.",
    access: "users.manage (admin, manager)",
    body: EvaluateTiersBody,
    responses: { 200: "{changes}" },
  },
];

/** The person named in the path, if the caller may read their scorecard; others get 404 as if there were none. */
async function readablePerson(c: Context<AppEnv>): Promise<{ viewer: User; person: User }> {
  const viewer = currentUser(c);
  const person = await getUser(c.get("deps").database.db, idParam(c, "id"));
  if (!person || !canReadScorecard(viewer, person)) {
    // A vendor lead is told of nobody outside their vendor, as by GET /users/{id}.
    if (!person || viewer.role === "vendor_lead") throw notFound("User");
    throw forbidden("Only the person, their managers and their vendor lead may read this");
  }
  return { viewer, person };
}

async function coachablePerson(c: Context<AppEnv>): Promise<{ viewer: User; person: User }> {
  const viewer = requirePermission(c, "users.manage");
  const person = await getUser(c.get("deps").database.db, idParam(c, "id"));
  if (!person) throw notFound("User");
  if (!canCoach(viewer, person)) throw forbidden("You may not change your own tier or coach yourself");
  return { viewer, person };
}

export function scorecardRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/presence", async (c) => {
    const user = currentUser(c);
    const { database, now } = c.get("deps");
    await recordPresence(database.db, user.id, now());
    return c.body(null, 204);
  });

  app.get("/users/:id/scorecard", async (c) => {
    const { viewer, person } = await readablePerson(c);
    const { weeks } = readQuery(c, ScorecardQuery);
    const { database, now } = c.get("deps");
    const report = await readScorecard(database.db, { person, weeks, now: now(), ownView: viewer.id === person.id });
    return c.json(scorecardView(person, report));
  });

  app.get("/users/:id/coaching", async (c) => {
    const { viewer, person } = await readablePerson(c);
    const coaching = await readCoaching(c.get("deps").database.db, {
      userId: person.id,
      ownView: viewer.id === person.id,
    });
    return c.json(coachingView(coaching));
  });

  app.post("/users/:id/coaching-notes", async (c) => {
    const { viewer, person } = await coachablePerson(c);
    const body = await readJson(c, CoachingNoteBody);
    const { database, now } = c.get("deps");
    const id = await insertCoachingNote(database.db, {
      userId: person.id,
      authorId: viewer.id,
      projectId: body.projectId ?? null,
      label: body.label ?? null,
      body: body.body,
      now: now(),
    });
    await writeAudit(database.db, {
      actorId: viewer.id,
      action: "coaching.note",
      details: { userId: person.id, noteId: id },
      now: now(),
    });
    return c.json({ id }, 201);
  });

  app.post("/users/:id/tier", async (c) => {
    const { viewer, person } = await coachablePerson(c);
    const body = await readJson(c, SetTierBody);
    const { database, now } = c.get("deps");
    const changeId = await changeTier(database.db, {
      userId: person.id,
      tier: body.tier,
      reason: body.reason,
      actorId: viewer.id,
      now: now(),
    });
    return c.json({ changeId: changeId ?? null });
  });

  app.post("/users/:id/tier-changes/:changeId/reverse", async (c) => {
    const { viewer, person } = await coachablePerson(c);
    const { database, now } = c.get("deps");
    await reverseTierChange(database.db, {
      userId: person.id,
      changeId: idParam(c, "changeId"),
      actorId: viewer.id,
      now: now(),
    });
    return c.body(null, 204);
  });

  app.post("/tiers/evaluate", async (c) => {
    const viewer = requirePermission(c, "users.manage");
    const body = await readJson(c, EvaluateTiersBody);
    const { database, now } = c.get("deps");
    const changes = await evaluateTiers(database.db, { days: body.days, now: now(), actorId: viewer.id });
    return c.json({ changes });
  });

  return app;
}
