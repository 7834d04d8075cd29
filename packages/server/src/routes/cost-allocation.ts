import { invalidInput, monthPeriod, notFound } from "@quorum/core";
import {
  ALLOCATION_DRIVERS,
  allocateCostPools,
  getCostPool,
  insertAllocationPolicy,
  insertCostPool,
  listAllocationPolicies,
  listCostPools,
  POOL_CATEGORIES,
  type PoolAllocationResult,
  setCostPoolAmount,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { Currency, iso, Month, requireCostManage, requireCostRead } from "./cost-access.js";

export const CreatePoolBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    category: z.enum(POOL_CATEGORIES),
    description: z.string().max(2000).default(""),
    currency: Currency,
  })
  .strict();

export const PoolAmountBody = z
  .object({
    month: Month,
    amountMinor: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
    note: z.string().max(500).optional(),
  })
  .strict();

export const CreatePolicyBody = z
  .object({
    /** The first month the version applies to. */
    effectiveFrom: Month,
    method: z.enum(["even", "driver", "weights"]),
    driver: z.enum(ALLOCATION_DRIVERS).optional(),
    weights: z
      .array(z.object({ businessUnitId: z.number().int().positive(), weight: z.number().min(0).finite() }).strict())
      .max(1000)
      .optional(),
  })
  .strict();

export const AllocationsQuery = z.object({ month: Month });

export const allocationDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/cost/pools",
    tag: "Cost",
    summary: "Creates a shared cost pool (QA team, tooling, management, idle vendor capacity).",
    access: "cost.manage (admin, manager, finance)",
    body: CreatePoolBody,
    responses: { 201: "{pool}" },
  },
  {
    method: "get",
    path: "/cost/pools",
    tag: "Cost",
    summary: "Shared cost pools with their policy versions.",
    access: "cost.read (admin, manager, analyst, finance; not vendor leads)",
    responses: { 200: "{pools}" },
  },
  {
    method: "post",
    path: "/cost/pools/{id}/amounts",
    tag: "Cost",
    summary: "Sets what a pool cost in a month (replaces that month's amount).",
    access: "cost.manage (admin, manager, finance)",
    body: PoolAmountBody,
    responses: { 200: "{poolId, month, amountMinor}" },
  },
  {
    method: "post",
    path: "/cost/pools/{id}/policies",
    tag: "Cost",
    summary:
      "Adds the next version of a pool's allocation policy: even, by a driver (judgments, active_hours, direct_cost) or by fixed weights.",
    access: "cost.manage (admin, manager, finance)",
    body: CreatePolicyBody,
    example: { effectiveFrom: "2026-10", method: "driver", driver: "judgments" },
    responses: { 201: "{policy}" },
  },
  {
    method: "get",
    path: "/cost/allocations",
    tag: "Cost",
    summary:
      "Each pool's cost in a month allocated to business units (largest remainder: the parts plus the unallocated rest equal the pool exactly).",
    access: "cost.read (admin, manager, analyst, finance; not vendor leads)",
    query: AllocationsQuery,
    responses: { 200: "{month, pools}" },
  },
];

export function allocationView(result: PoolAllocationResult) {
  return {
    poolId: result.pool.id,
    pool: result.pool.name,
    category: result.pool.category,
    currency: result.pool.currency,
    poolMinor: result.poolMinor,
    policy: result.policy,
    allocations: result.allocations,
    allocatedMinor: result.allocations.reduce((sum, a) => sum + a.amountMinor, 0),
    unallocatedMinor: result.unallocatedMinor,
    idle: result.pool.category === "idle_capacity",
  };
}

export function allocationRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/cost/pools", async (c) => {
    const user = requireCostManage(c);
    const body = await readJson(c, CreatePoolBody);
    const { database, now } = c.get("deps");
    const pool = await insertCostPool(database.db, { ...body, createdBy: user.id, now: now() });
    return c.json({ pool: { ...pool, createdAt: iso(pool.createdAt), archivedAt: iso(pool.archivedAt) } }, 201);
  });

  app.get("/cost/pools", async (c) => {
    requireCostRead(c);
    const db = c.get("deps").database.db;
    const [pools, policies] = await Promise.all([listCostPools(db), listAllocationPolicies(db)]);
    return c.json({
      pools: pools.map((pool) => ({
        ...pool,
        createdAt: iso(pool.createdAt),
        archivedAt: iso(pool.archivedAt),
        policies: policies
          .filter((p) => p.poolId === pool.id)
          .map((p) => ({ ...p, effectiveFrom: iso(p.effectiveFrom), createdAt: iso(p.createdAt) })),
      })),
    });
  });

  app.post("/cost/pools/:id/amounts", async (c) => {
    const user = requireCostManage(c);
    const id = idParam(c, "id");
    const body = await readJson(c, PoolAmountBody);
    const { database, now } = c.get("deps");
    if (!(await getCostPool(database.db, id))) throw notFound("Cost pool");
    const period = monthPeriod(body.month);
    await setCostPoolAmount(database.db, {
      poolId: id,
      periodStart: period.start,
      periodEnd: period.end,
      amountMinor: body.amountMinor,
      note: body.note ?? null,
      createdBy: user.id,
      now: now(),
    });
    return c.json({ poolId: id, month: body.month, amountMinor: body.amountMinor });
  });

  app.post("/cost/pools/:id/policies", async (c) => {
    const user = requireCostManage(c);
    const id = idParam(c, "id");
    const body = await readJson(c, CreatePolicyBody);
    if (body.method === "driver" && body.driver === undefined)
      throw invalidInput("A driver policy names its driver", [
        { path: "driver", message: `must be one of ${ALLOCATION_DRIVERS.join(", ")}` },
      ]);
    if (body.method === "weights" && !body.weights?.length)
      throw invalidInput("A weights policy lists its weights", [
        { path: "weights", message: "must list at least one business unit" },
      ]);
    if (body.method === "weights" && body.weights!.every((w) => w.weight === 0))
      throw invalidInput("A weights policy needs a weight above 0", [
        { path: "weights", message: "every weight is 0" },
      ]);
    const { database, now } = c.get("deps");
    if (!(await getCostPool(database.db, id))) throw notFound("Cost pool");
    const policy = await insertAllocationPolicy(database.db, {
      poolId: id,
      effectiveFrom: monthPeriod(body.effectiveFrom).start,
      method: body.method,
      driver: body.method === "driver" ? body.driver! : null,
      weights: body.method === "weights" ? body.weights! : null,
      createdBy: user.id,
      now: now(),
    });
    return c.json(
      { policy: { ...policy, effectiveFrom: iso(policy.effectiveFrom), createdAt: iso(policy.createdAt) } },
      201,
    );
  });

  app.get("/cost/allocations", async (c) => {
    requireCostRead(c);
    const { month } = readQuery(c, AllocationsQuery);
    const period = monthPeriod(month);
    const pools = await allocateCostPools(c.get("deps").database.db, { from: period.start, to: period.end });
    return c.json({ month, pools: pools.map(allocationView) });
  });
  return app;
}
