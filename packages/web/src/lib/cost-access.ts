import { can, type Role } from "@quorum/core";

/*
 * Which cost views a role gets, as the server decides them: the summary and rate cards follow
 * `cost.read` and `cost.manage` (a vendor lead reads their vendor's rows only); budgets, pools,
 * explanations, initiatives and reports cover whole business units, so vendor leads do not get
 * them (server routes/cost-access.ts).
 */
export interface CostAccess {
  /** The console's Cost section: the summary by group. */
  summary: boolean;
  /** Add, change and delete rate cards. */
  manageRates: boolean;
  /** Budgets, allocation, the explanation waterfall, initiatives and reports. */
  analysis: boolean;
  /** Change budgets, pools, policies and initiatives. */
  manageAnalysis: boolean;
}

export function costAccess(role: Role): CostAccess {
  const read = can(role, "cost.read");
  const manage = can(role, "cost.manage");
  return {
    summary: read,
    manageRates: manage,
    analysis: read && role !== "vendor_lead",
    manageAnalysis: manage,
  };
}
