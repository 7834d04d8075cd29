import { BONUS_KINDS, type BonusRule, checkBonusRule, DomainError } from "@quorum/core";
import {
  type BonusScheme,
  getBonusScheme,
  insertBonusScheme,
  listBonusSchemes,
  readPayElasticities,
  settleBonusScheme,
  updateBonusScheme,
  writeAudit,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { Currency, Instant, iso } from "./cost-params.js";
import { visibleProject } from "./project-access.js";

export const BonusSchemeBody = z.object({
  projectId: z.number().int().positive(),
  name: z.string().trim().min(1).max(200),
  currency: Currency,
  budgetMinor: z.number().int().positive().max(1e12).describe("the most the scheme may pay, minor units"),
  rule: z.object({
    kind: z.enum(BONUS_KINDS),
    amountMinor: z.number().int().positive().max(1e9).optional(),
    accuracyBar: z.number().gt(0).max(1).optional(),
    minGold: z.number().int().min(1).max(10_000).optional(),
    streakLength: z.number().int().min(1).max(10_000).optional(),
    language: z.string().trim().min(1).max(35).optional(),
    multiplierBps: z.number().int().max(100_000).optional(),
  }),
});

export const SettleBody = z.object({
  until: Instant.optional().describe("settle work up to then (default: now)"),
});

const ProjectQuery = z.object({ projectId: z.coerce.number().int().positive().optional() });

export const incentiveDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/bonus-schemes",
    tag: "Incentives",
    summary: "Bonus schemes with their budget, what they paid and up to when they are settled.",
    access: "experiments.read (admin, manager, analyst)",
    query: ProjectQuery,
    responses: { 200: "{bonusSchemes}" },
  },
  {
    method: "post",
    path: "/bonus-schemes",
    tag: "Incentives",
    summary:
      "Adds a bonus scheme with a budget: `accuracy` pays amountMinor per accepted label to people at or above accuracyBar gold accuracy; `streak` pays amountMinor per streakLength accepted judgments in a row; `surge` adds multiplierBps/10000 − 1 of base pay for work in `language` while its queue is past its deadline. A gold answer counts as its pay does (core `bonusFactsOf`): where the project gives no feedback on hidden controls, a hidden control's answer counts as accepted whether right or wrong, so a streak or the accepted labels never tell which answers were checks; the accuracy bar reads the period's gold accuracy over every control, one figure that names no answer.",
    access: "experiments.manage (admin, manager)",
    body: BonusSchemeBody,
    responses: { 201: "{bonusScheme}", 400: "bad field (named)" },
  },
  {
    method: "post",
    path: "/bonus-schemes/{id}/settle",
    tag: "Incentives",
    summary:
      "Pays the work since the last settlement as `bonus` rows in the cost ledger (one per person, capped by the budget). Idempotent: a period already settled writes nothing.",
    access: "experiments.manage",
    body: SettleBody,
    responses: { 200: "{bonusScheme, rows, paidMinor}", 409: "closed" },
  },
  {
    method: "post",
    path: "/bonus-schemes/{id}/close",
    tag: "Incentives",
    summary: "Closes a scheme; its ledger rows stay.",
    access: "experiments.manage",
    responses: { 200: "{bonusScheme}", 409: "already closed" },
  },
  {
    method: "get",
    path: "/projects/{id}/pay-elasticity",
    tag: "Incentives",
    summary:
      "Pay elasticity from the project's experiments whose arms set pay per judgment: the slope of log throughput (judgments per active hour) on log pay across arms, weighted by each arm's delta-method variance at the randomisation unit, with its standard error and 95% interval (+0.3: 10% more pay, about 3% more judgments per hour), per experiment. The newest stopped one's estimate is the workspace's, used by intake assessments.",
    access: "experiments.read",
    responses: {
      200: "{experiments: [{id, name, status, currency, arms: [{arm, payMinor, throughput, units}], excludedArms: [{arm, payMinor, payCurrency, reason}], elasticity, standardError, ci95}]}",
    },
  },
];

function schemeView(scheme: BonusScheme) {
  return {
    ...scheme,
    remainingMinor: Math.max(0, scheme.budgetMinor - scheme.spentMinor),
    settledTo: iso(scheme.settledTo),
    createdAt: iso(scheme.createdAt),
    closedAt: iso(scheme.closedAt),
  };
}

export function incentiveRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/bonus-schemes", async (c) => {
    requirePermission(c, "experiments.read");
    const { projectId } = readQuery(c, ProjectQuery);
    if (projectId !== undefined) await visibleProject(c, projectId);
    const schemes = await listBonusSchemes(c.get("deps").database.db, projectId);
    return c.json({ bonusSchemes: schemes.map(schemeView) });
  });

  app.post("/bonus-schemes", async (c) => {
    const user = requirePermission(c, "experiments.manage");
    const body = await readJson(c, BonusSchemeBody);
    await visibleProject(c, body.projectId);
    const rule = Object.fromEntries(
      Object.entries(body.rule).filter(([, v]) => v !== undefined),
    ) as unknown as BonusRule;
    checkBonusRule(rule);
    const { database, now } = c.get("deps");
    const scheme = await insertBonusScheme(database.db, { ...body, rule }, { id: user.id, now: now() });
    await writeAudit(database.db, {
      projectId: scheme.projectId,
      actorId: user.id,
      action: "bonus_scheme.create",
      details: { id: scheme.id },
      now: now(),
    });
    return c.json({ bonusScheme: schemeView(scheme) }, 201);
  });

  app.post("/bonus-schemes/:id/settle", async (c) => {
    const user = requirePermission(c, "experiments.manage");
    const id = idParam(c, "id");
    const body = await readJson(c, SettleBody);
    const { database, now } = c.get("deps");
    await visibleProject(c, (await getBonusScheme(database.db, id)).projectId);
    const settled = await settleBonusScheme(database, id, {
      id: user.id,
      now: now(),
      ...(body.until === undefined ? {} : { until: body.until }),
    });
    return c.json({ bonusScheme: schemeView(settled.scheme), rows: settled.rows, paidMinor: settled.paidMinor });
  });

  app.post("/bonus-schemes/:id/close", async (c) => {
    const user = requirePermission(c, "experiments.manage");
    const id = idParam(c, "id");
    const { database, now } = c.get("deps");
    const scheme = await getBonusScheme(database.db, id);
    await visibleProject(c, scheme.projectId);
    if (scheme.status === "closed") throw new DomainError("conflict", "The scheme is already closed");
    await updateBonusScheme(database.db, id, { closedAt: now() });
    await writeAudit(database.db, {
      projectId: scheme.projectId,
      actorId: user.id,
      action: "bonus_scheme.close",
      details: { id },
      now: now(),
    });
    return c.json({ bonusScheme: schemeView(await getBonusScheme(database.db, id)) });
  });

  app.get("/projects/:id/pay-elasticity", async (c) => {
    requirePermission(c, "experiments.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { database, now } = c.get("deps");
    const read = await readPayElasticities(database, { projectId: project.id, now: now() });
    return c.json({
      experiments: read.map(({ experiment, elasticity: { estimate, currency, excluded } }) => ({
        id: experiment.id,
        name: experiment.name,
        status: experiment.status,
        currency,
        arms: estimate?.arms ?? [],
        excludedArms: excluded,
        elasticity: estimate?.elasticity ?? null,
        standardError: estimate?.standardError ?? null,
        ci95: estimate?.ci95 ?? null,
      })),
    });
  });

  return app;
}
