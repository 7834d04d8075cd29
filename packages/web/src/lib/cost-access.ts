import { can, type Role } from "@quorum/core";

/*
 * Which cost views a role gets. The summary and rate cards follow the `cost.read` and
 * `cost.manage` permissions (vendor leads read their vendor's rows). Budgets, pools,
 * explanations, initiatives and reports are the server's cost-analysis routes, which admit
 * admins, managers and analysts and let admins and managers change them (routes/cost-access.ts).
 */
const ANALYSIS_READERS: readonly Role[] = ["admin", "manager", "analyst"];
const ANALYSIS_MANAGERS: readonly Role[] = ["admin", "manager"];

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
  return {
    summary: can(role, "cost.read"),
    manageRates: can(role, "cost.manage"),
    analysis: ANALYSIS_READERS.includes(role),
    manageAnalysis: ANALYSIS_MANAGERS.includes(role),
  };
}
