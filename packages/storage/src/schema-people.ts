import type { Generated } from "kysely";

/** Vendors, their teams and who belonged to which team when (migration 20261202010000-vendors-teams). */
export interface PeopleTables {
  vendors: VendorsTable;
  teams: TeamsTable;
  team_memberships: TeamMembershipsTable;
}

export interface VendorsTable {
  id: Generated<number>;
  /** Unique; `users.vendor` of its people carries it. */
  name: string;
  contact_name: string | null;
  contact_email: string | null;
  contract_terms: Generated<string>;
  /** The currency the vendor invoices in (ISO 4217); null when not agreed yet. */
  currency: string | null;
  archived: Generated<number>;
  /** The vendor this one was merged into (then archived). */
  merged_into: number | null;
  created_at: number;
}

export interface TeamsTable {
  id: Generated<number>;
  vendor_id: number;
  /** Unique within the vendor. */
  name: string;
  lead_user_id: number | null;
  archived: Generated<number>;
  merged_into: number | null;
  created_at: number;
}

/** A stay of a person in a team; `left_at` null is the current one (at most one per person). */
export interface TeamMembershipsTable {
  id: Generated<number>;
  user_id: number;
  team_id: number;
  joined_at: number;
  left_at: number | null;
}
