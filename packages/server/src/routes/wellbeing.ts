import {
  aggregateCheckins,
  type BudgetOverrides,
  type CheckinGroup,
  HARM_CATEGORIES,
  inPeopleScope,
  invalidInput,
  type MediaFilters,
  MIN_CHECKIN_GROUP,
  notFound,
  parseWho5,
  peopleScope,
  type WellbeingPolicy,
  who5Score,
} from "@quorum/core";
import {
  getUser,
  insertCheckin,
  latestCheckinScores,
  listOwnCheckins,
  readPersonWellbeing,
  readWellbeingPolicy,
  readWellbeingState,
  saveWellbeingPolicy,
  setPersonWellbeing,
  type WellbeingState,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson } from "../validate.js";

const Limit = z.number().int().min(0).max(100_000).nullable();
export const ExposureBudgetBody = z.object({
  itemsPerDay: Limit,
  minutesPerDay: Limit,
  itemsPerWeek: Limit,
  minutesPerWeek: Limit,
});
const PartialBudget = ExposureBudgetBody.partial();
const Minutes = z
  .number()
  .int()
  .min(1)
  .max(24 * 60);

export const WellbeingPolicyBody = z
  .strictObject({
    // Days are the workspace's: one zone for exposure budgets and every other daily figure. The
    // policy as read (with the workspace's zone) may be sent back as it is; another zone is refused.
    timeZone: z.string().max(100).optional(),
    defaultBudget: ExposureBudgetBody,
    categories: z.partialRecord(z.enum(HARM_CATEGORIES), ExposureBudgetBody),
    session: z
      .object({ reminderMinutes: Minutes, capMinutes: Minutes, breakMinutes: Minutes })
      .refine((s) => s.reminderMinutes <= s.capMinutes, {
        message: "must not come after the cap",
        path: ["reminderMinutes"],
      }),
  })
  .partial();

function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

export const PersonBudgetsBody = z.object({ budgets: z.partialRecord(z.enum(HARM_CATEGORIES), PartialBudget) });
export const MediaPreferencesBody = z.object({
  blur: z.boolean().nullable().optional(),
  greyscale: z.boolean().nullable().optional(),
  mute: z.boolean().nullable().optional(),
});
export const CheckinBody = z.object({ answers: z.unknown().describe("the five WHO-5 answers, each 0 to 5") });

export const wellbeingDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/wellbeing/settings",
    tag: "Wellbeing",
    summary:
      "The workspace's exposure budgets per harm category and session limits; `timeZone` is the workspace's (GET /workspace/settings), in which days are counted for people without a zone of their own.",
    access: "users.read",
    responses: { 200: "{policy}" },
  },
  {
    method: "patch",
    path: "/wellbeing/settings",
    tag: "Wellbeing",
    summary:
      "Changes the workspace's exposure budgets or session limits; each field given replaces the stored one (a budget limit of null: no limit). The time zone is changed with PATCH /workspace/settings.",
    access: "users.manage",
    body: WellbeingPolicyBody,
    responses: {
      200: "{policy}",
      400: "a field out of range, or a timeZone other than the workspace's (sending back the one read is accepted)",
    },
  },
  {
    method: "get",
    path: "/wellbeing/people/{id}",
    tag: "Wellbeing",
    summary: "One person's exposure today and this week per category, their budget overrides and session.",
    access: "users.read (vendor leads: their own people)",
    responses: { 200: "{exposure, overrides, breakUntil, continuousMinutes}" },
  },
  {
    method: "patch",
    path: "/wellbeing/people/{id}/budgets",
    tag: "Wellbeing",
    summary: "Sets one person's budget overrides per category, field by field (replacing earlier overrides).",
    access: "users.manage",
    body: PersonBudgetsBody,
    responses: { 200: "{overrides}" },
  },
  {
    method: "get",
    path: "/wellbeing/me",
    tag: "Wellbeing",
    summary:
      "The caller's exposure state: remaining budget per category, a break in force, continuous minutes, whether a break reminder is due, and their media preferences.",
    access: "labels.work",
    responses: { 200: "{categories, breakUntil, continuousMinutes, reminderDue, session, media}" },
  },
  {
    method: "patch",
    path: "/wellbeing/me/media",
    tag: "Wellbeing",
    summary:
      "Changes the caller's own blur, greyscale and mute choices for harmful media (null: back to the project's default).",
    access: "labels.work",
    body: MediaPreferencesBody,
    responses: { 200: "{media}" },
  },
  {
    method: "post",
    path: "/wellbeing/checkins",
    tag: "Wellbeing",
    summary: "An optional WHO-5 check-in by the caller. Nobody else ever sees its answers.",
    access: "labels.work",
    body: CheckinBody,
    example: { answers: [3, 4, 3, 2, 4] },
    responses: { 201: "{score}", 400: "answers[i] out of range" },
  },
  {
    method: "get",
    path: "/wellbeing/me/checkins",
    tag: "Wellbeing",
    summary: "The caller's own check-in scores, newest first.",
    access: "labels.work",
    responses: { 200: "{checkins}" },
  },
  {
    method: "get",
    path: "/wellbeing/checkins/summary",
    tag: "Wellbeing",
    summary:
      "Check-in results by vendor and overall over the last 30 days: each person's latest score, groups of fewer than 5 people suppressed; never individual answers.",
    access: "users.read (vendor leads: their own vendor)",
    responses: { 200: "{groups, minGroup}" },
  },
];

const DAY = 86_400_000;
/** The group of everyone the caller may see, beside one group per vendor. */
export const ALL_PEOPLE = "(all)";

function stateView(state: WellbeingState) {
  const { exposure } = state;
  return {
    categories: exposure.categories.map((c) => ({
      category: c.category,
      budget: c.budget,
      itemsToday: c.itemsToday,
      minutesToday: Math.round(c.minutesToday * 10) / 10,
      itemsThisWeek: c.itemsThisWeek,
      minutesThisWeek: Math.round(c.minutesThisWeek * 10) / 10,
      held: c.held,
      itemsLeft: c.itemsLeft,
      minutesLeft: c.minutesLeft === null ? null : Math.round(c.minutesLeft * 10) / 10,
      exhausted: c.exhausted,
    })),
    breakUntil: exposure.breakUntil === null ? null : new Date(exposure.breakUntil).toISOString(),
    continuousMinutes: Math.round(state.continuousMinutes * 10) / 10,
    reminderDue: state.reminderDue,
    session: state.session,
  };
}
export type WellbeingStateView = ReturnType<typeof stateView> & { media: z.infer<typeof MediaPreferencesBody> };
/** A person's state as a manager sees it, with the overrides set for them. */
export type WellbeingPersonView = ReturnType<typeof stateView> & { overrides: BudgetOverrides };
export interface WellbeingSettingsView {
  policy: WellbeingPolicy;
}
export interface CheckinSummaryView {
  groups: CheckinGroup[];
  minGroup: number;
}

export function wellbeingRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/wellbeing/settings", async (c) => {
    requirePermission(c, "users.read");
    const view: WellbeingSettingsView = { policy: await readWellbeingPolicy(c.get("deps").database.db) };
    return c.json(view);
  });

  app.patch("/wellbeing/settings", async (c) => {
    const user = requirePermission(c, "users.manage");
    const body = await readJson(c, WellbeingPolicyBody);
    const { database, now } = c.get("deps");
    const { timeZone, ...changes } = body;
    const current = await readWellbeingPolicy(database.db);
    if (timeZone !== undefined && timeZone !== current.timeZone)
      throw invalidInput("The time zone of exposure days is the workspace's", [
        {
          path: "timeZone",
          message: `is the workspace's time zone (${current.timeZone}): change it with PATCH /workspace/settings`,
        },
      ]);
    const policy: WellbeingPolicy = { ...current, ...withoutUndefined(changes) };
    await saveWellbeingPolicy(database.db, policy, user.id, now());
    return c.json({ policy });
  });

  app.get("/wellbeing/people/:id", async (c) => {
    const viewer = requirePermission(c, "users.read");
    const { database, now } = c.get("deps");
    const person = await getUser(database.db, idParam(c, "id"));
    if (!person || !inPeopleScope(peopleScope(viewer), person)) throw notFound("User");
    const state = await readWellbeingState(database, person, now());
    const view: WellbeingPersonView = { ...stateView(state), overrides: state.person.budgets };
    return c.json(view);
  });

  app.patch("/wellbeing/people/:id/budgets", async (c) => {
    requirePermission(c, "users.manage");
    const body = await readJson(c, PersonBudgetsBody);
    const { database, now } = c.get("deps");
    const person = await getUser(database.db, idParam(c, "id"));
    if (!person) throw notFound("User");
    const overrides = JSON.parse(JSON.stringify(body.budgets)) as BudgetOverrides;
    await setPersonWellbeing(database.db, person.id, "budgets", overrides, now());
    return c.json({ overrides });
  });

  app.get("/wellbeing/me", async (c) => {
    const user = requirePermission(c, "labels.work");
    const { database, now } = c.get("deps");
    const state = await readWellbeingState(database, user, now());
    const view: WellbeingStateView = { ...stateView(state), media: state.person.media };
    return c.json(view);
  });

  app.patch("/wellbeing/me/media", async (c) => {
    const user = requirePermission(c, "labels.work");
    const body = await readJson(c, MediaPreferencesBody);
    const { database, now } = c.get("deps");
    const current = (await readPersonWellbeing(database.db, user.id)).media;
    const media: Partial<MediaFilters> = { ...current };
    for (const key of ["blur", "greyscale", "mute"] as const) {
      const value = body[key];
      if (value === null) delete media[key];
      else if (value !== undefined) media[key] = value;
    }
    await setPersonWellbeing(database.db, user.id, "media", media, now());
    return c.json({ media });
  });

  app.post("/wellbeing/checkins", async (c) => {
    const user = requirePermission(c, "labels.work");
    const body = await readJson(c, CheckinBody);
    const answers = parseWho5(body.answers);
    const score = who5Score(answers);
    const { database, now } = c.get("deps");
    await insertCheckin(database.db, { userId: user.id, answers, score, now: now() });
    return c.json({ score }, 201);
  });

  app.get("/wellbeing/me/checkins", async (c) => {
    const user = requirePermission(c, "labels.work");
    const checkins = await listOwnCheckins(c.get("deps").database.db, user.id);
    return c.json({
      checkins: checkins.map((x) => ({ score: x.score, createdAt: new Date(x.createdAt).toISOString() })),
    });
  });

  app.get("/wellbeing/checkins/summary", async (c) => {
    const viewer = requirePermission(c, "users.read");
    const { database, now } = c.get("deps");
    const scope = peopleScope(viewer);
    const vendors = scope.kind === "vendor" ? (scope.vendor === null ? [] : [scope.vendor]) : undefined;
    const rows = await latestCheckinScores(database.db, now() - 30 * DAY, vendors);
    const groups: CheckinGroup[] = [
      ...aggregateCheckins(rows.map((row) => ({ ...row, group: ALL_PEOPLE }))),
      ...aggregateCheckins(rows).filter((g) => g.group !== ALL_PEOPLE),
    ];
    const view: CheckinSummaryView = { groups, minGroup: MIN_CHECKIN_GROUP };
    return c.json(view);
  });

  return app;
}
