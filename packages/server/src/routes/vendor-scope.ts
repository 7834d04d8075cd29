import type { User } from "@quorum/core";

/**
 * The vendor whose people a caller may see figures of: a vendor lead only their own (one without
 * a vendor sees nobody), everyone else all (null). The same rule as GET /projects/{id}/stats.
 */
export function vendorScope(user: User): string | null {
  return user.role === "vendor_lead" ? (user.vendor ?? "\u0000none") : null;
}
