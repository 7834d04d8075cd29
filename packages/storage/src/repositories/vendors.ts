import type { Kysely, Selectable, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type { VendorsTable } from "../schema-people.js";

export interface Vendor {
  id: number;
  name: string;
  contactName: string | null;
  contactEmail: string | null;
  contractTerms: string;
  currency: string | null;
  archived: boolean;
  mergedInto: number | null;
  createdAt: number;
}

export type VendorFields = Partial<
  Pick<Vendor, "name" | "contactName" | "contactEmail" | "contractTerms" | "currency" | "archived">
>;

function toVendor(row: Selectable<VendorsTable>): Vendor {
  return {
    id: Number(row.id),
    name: row.name,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    contractTerms: row.contract_terms,
    currency: row.currency,
    archived: Number(row.archived) === 1,
    mergedInto: row.merged_into === null ? null : Number(row.merged_into),
    createdAt: Number(row.created_at),
  };
}

export async function insertVendor(
  db: Kysely<DB>,
  vendor: VendorFields & { name: string },
  now: number,
): Promise<Vendor> {
  const row = await db
    .insertInto("vendors")
    .values({
      name: vendor.name,
      contact_name: vendor.contactName ?? null,
      contact_email: vendor.contactEmail ?? null,
      contract_terms: vendor.contractTerms ?? "",
      currency: vendor.currency ?? null,
      merged_into: null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toVendor(row);
}

export async function getVendor(db: Kysely<DB>, id: number): Promise<Vendor | undefined> {
  const row = await db.selectFrom("vendors").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toVendor(row);
}

export async function findVendorByName(db: Kysely<DB>, name: string): Promise<Vendor | undefined> {
  const row = await db.selectFrom("vendors").selectAll().where("name", "=", name).executeTakeFirst();
  return row && toVendor(row);
}

/** Vendors by name; `name` narrows to one (a vendor lead's own). */
export async function listVendors(db: Kysely<DB>, filter: { name?: string } = {}): Promise<Vendor[]> {
  let query = db.selectFrom("vendors").selectAll().orderBy("name");
  if (filter.name !== undefined) query = query.where("name", "=", filter.name);
  return (await query.execute()).map(toVendor);
}

export async function updateVendor(
  db: Kysely<DB>,
  id: number,
  fields: VendorFields & { mergedInto?: number },
): Promise<void> {
  const values: Updateable<VendorsTable> = {};
  if (fields.name !== undefined) values.name = fields.name;
  if (fields.contactName !== undefined) values.contact_name = fields.contactName;
  if (fields.contactEmail !== undefined) values.contact_email = fields.contactEmail;
  if (fields.contractTerms !== undefined) values.contract_terms = fields.contractTerms;
  if (fields.currency !== undefined) values.currency = fields.currency;
  if (fields.archived !== undefined) values.archived = fields.archived ? 1 : 0;
  if (fields.mergedInto !== undefined) values.merged_into = fields.mergedInto;
  if (Object.keys(values).length > 0) await db.updateTable("vendors").set(values).where("id", "=", id).execute();
}
