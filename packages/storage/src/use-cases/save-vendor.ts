import { DomainError, notFound } from "@quorum/core";
import type { Database } from "../database.js";
import { isUniqueViolation } from "../database.js";
import { forgetUserCredentials } from "../repositories/credential-cache.js";
import { getVendor, insertVendor, updateVendor, type Vendor, type VendorFields } from "../repositories/vendors.js";
import { inTransaction, writeAudit } from "../transaction.js";

function nameTaken(): DomainError {
  return new DomainError("conflict", "A vendor with this name exists", [{ path: "name", message: "already taken" }]);
}

/** Creates a vendor record (name unique), audited. */
export async function createVendor(
  database: Database,
  options: { fields: VendorFields & { name: string }; actorId: number; now: number },
): Promise<Vendor> {
  try {
    return await inTransaction(database, async (trx) => {
      const vendor = await insertVendor(trx, options.fields, options.now);
      await writeAudit(trx, {
        actorId: options.actorId,
        action: "vendor.create",
        details: { ...vendor },
        now: options.now,
      });
      return vendor;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/**
 * Changes a vendor's name, contacts, terms or archived flag. A rename carries over to its people
 * (`users.vendor`, which vendor-lead scoping reads) and to the rate cards scoped to the vendor, in
 * the same transaction; the cost ledger keeps the name each row was written under.
 */
export async function updateVendorRecord(
  database: Database,
  options: { vendorId: number; fields: VendorFields; actorId: number; now: number },
): Promise<Vendor> {
  try {
    return await inTransaction(database, async (trx) => {
      const before = await getVendor(trx, options.vendorId);
      if (!before) throw notFound("Vendor");
      await updateVendor(trx, before.id, options.fields);
      const renamed = options.fields.name !== undefined && options.fields.name !== before.name;
      if (renamed) {
        const people = await trx
          .updateTable("users")
          .set({ vendor: options.fields.name ?? null })
          .where("vendor", "=", before.name)
          .returning("id")
          .execute();
        for (const person of people) forgetUserCredentials(Number(person.id));
        await trx
          .updateTable("rate_cards")
          .set({ vendor: options.fields.name ?? null })
          .where("vendor", "=", before.name)
          .execute();
      }
      await writeAudit(trx, {
        actorId: options.actorId,
        action: "vendor.update",
        details: { vendorId: before.id, before: { name: before.name }, after: options.fields },
        now: options.now,
      });
      return (await getVendor(trx, before.id)) as Vendor;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}
