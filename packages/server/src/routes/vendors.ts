import { notFound } from "@quorum/core";
import { createVendor, getVendor, listVendors, mergeVendors, updateVendorRecord } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson } from "../validate.js";
import { vendorView } from "./people-views.js";

const VendorFields = {
  contactName: z.string().min(1).max(200).nullable().optional(),
  contactEmail: z.string().email().max(320).nullable().optional(),
  contractTerms: z.string().max(20_000).optional().describe("the contract's terms as text (rates, notice, scope)"),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "use an ISO 4217 code such as EUR")
    .nullable()
    .optional(),
};

export const CreateVendorBody = z.object({ name: z.string().trim().min(1).max(200), ...VendorFields });
export const UpdateVendorBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  ...VendorFields,
  archived: z.boolean().optional(),
});
export const MergeVendorBody = z.object({ intoVendorId: z.number().int().positive() });

export const vendorDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/vendors",
    tag: "People",
    summary: "Vendors with contacts and contract terms, by name (archived and merged ones too).",
    access: "users.read (a vendor lead sees only their own vendor)",
    responses: { 200: "{vendors}" },
  },
  {
    method: "post",
    path: "/vendors",
    tag: "People",
    summary: "Creates a vendor (unique name).",
    access: "users.manage (admin, manager)",
    body: CreateVendorBody,
    responses: { 201: "{vendor}", 409: "name taken" },
  },
  {
    method: "patch",
    path: "/vendors/{id}",
    tag: "People",
    summary:
      "Renames a vendor (its people and rate cards follow; the cost ledger keeps old names), edits contacts and terms, or archives it.",
    access: "users.manage",
    body: UpdateVendorBody,
    responses: { 200: "{vendor}", 404: "no such vendor", 409: "name taken" },
  },
  {
    method: "post",
    path: "/vendors/{id}/merge",
    tag: "People",
    summary:
      "Merges this vendor into another: its teams move whole (team histories unchanged), its people take the other's name, and it is archived.",
    access: "users.manage",
    body: MergeVendorBody,
    responses: { 200: "{teamsMoved, peopleMoved}", 400: "bad target", 404: "no such vendor" },
  },
];

export function vendorRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/vendors", async (c) => {
    const actor = requirePermission(c, "users.read");
    const db = c.get("deps").database.db;
    const vendors = await listVendors(db, actor.role === "vendor_lead" ? { name: actor.vendor ?? "\u0000none" } : {});
    return c.json({ vendors: vendors.map(vendorView) });
  });

  app.post("/vendors", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const body = await readJson(c, CreateVendorBody);
    const { database, now } = c.get("deps");
    const vendor = await createVendor(database, { fields: clean(body), actorId: actor.id, now: now() });
    return c.json({ vendor: vendorView(vendor) }, 201);
  });

  app.patch("/vendors/:id", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const id = idParam(c, "id");
    const body = await readJson(c, UpdateVendorBody);
    const { database, now } = c.get("deps");
    const vendor = await updateVendorRecord(database, {
      vendorId: id,
      fields: clean(body),
      actorId: actor.id,
      now: now(),
    });
    return c.json({ vendor: vendorView(vendor) });
  });

  app.post("/vendors/:id/merge", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const id = idParam(c, "id");
    const body = await readJson(c, MergeVendorBody);
    const { database, now } = c.get("deps");
    if (!(await getVendor(database.db, id))) throw notFound("Vendor");
    return c.json(
      await mergeVendors(database, { sourceId: id, targetId: body.intoVendorId, actorId: actor.id, now: now() }),
    );
  });

  return app;
}

/** The body without its absent fields (exactOptionalPropertyTypes: absent is not undefined). */
function clean<T extends Record<string, unknown>>(body: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as never;
}
