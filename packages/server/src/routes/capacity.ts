import type { LanguageCapacity, ProjectCapacity } from "@quorum/core";
import { readCapacityPlan } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { readQuery } from "../validate.js";

const fraction = (field: string, max: string) =>
  z
    .string()
    .regex(/^(0|1)?(\.\d+)?$/, `${field}: a decimal such as 0.2`)
    .transform(Number)
    .pipe(z.number().min(0).max(1, `${field}: ${max}`));

export const CapacityQuery = z.object({
  paidHoursPerWeek: z
    .string()
    .regex(/^\d+(\.\d+)?$/, "a number of hours such as 40")
    .transform(Number)
    .pipe(z.number().gt(0).max(168))
    .default(40),
  shrinkage: fraction("shrinkage", "must be below 1").pipe(z.number().lt(1, "must be below 1")).default(0.2),
  utilisation: fraction("utilisation", "at most 1")
    .pipe(z.number().gt(0, "must be above 0"))
    .optional()
    .describe("share of productive time spent labeling; measured from presence when left out"),
  horizonDays: z
    .string()
    .regex(/^\d+$/, "a whole number of days")
    .transform(Number)
    .pipe(z.number().int().min(1).max(365))
    .default(28)
    .describe("planning period for work without a deadline"),
});

export const capacityDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/capacity",
    tag: "People",
    summary:
      "People needed to finish the open work of the active projects by its deadlines: per project and language, workload (judgments still needed × measured handling time) ÷ (paid hours to the deadline × (1 − shrinkage) × utilisation), each person's hours capped by the content's exposure factor; per language the sum of FTE rounded up, against the active annotators who speak it (the shortfall). Utilisation is measured from presence unless given.",
    access: "capacity.read (admin, manager, analyst)",
    query: CapacityQuery,
    responses: { 200: "{policy, measured, projects, languages}" },
  },
];

export function capacityRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/capacity", async (c) => {
    requirePermission(c, "capacity.read");
    const query = readQuery(c, CapacityQuery);
    const { database, now } = c.get("deps");
    const plan = await readCapacityPlan(
      database.db,
      {
        paidHoursPerWeek: query.paidHoursPerWeek,
        shrinkage: query.shrinkage,
        ...(query.utilisation !== undefined ? { utilisation: query.utilisation } : {}),
        defaultHorizonDays: query.horizonDays,
        measureDays: 28,
      },
      now(),
    );
    return c.json({
      policy: plan.policy,
      measured: plan.measured,
      projects: plan.projects.map((p) => ({ ...p, name: plan.projectNames[p.projectId] ?? "" })),
      languages: plan.languages,
    });
  });
  return app;
}

/** GET /capacity. */
export type CapacityView = {
  policy: { paidHoursPerWeek: number; shrinkage: number; utilisation: number; defaultHorizonDays: number };
  measured: { utilisation: number | null; secondsPerJudgment: number | null };
  projects: (ProjectCapacity & { name: string })[];
  languages: LanguageCapacity[];
};
