/** Roles a user can hold; see DESIGN.md "Who uses it". */
export const ROLES = ["admin", "manager", "reviewer", "annotator", "vendor_lead", "analyst", "finance"] as const;
export type Role = (typeof ROLES)[number];

/** What a role may do. Checked in one place by the server before any state change. */
export type Permission =
  | "users.manage"
  | "users.read"
  | "projects.manage"
  | "projects.read"
  | "tasks.import"
  | "data.export"
  | "labels.work"
  | "reviews.work"
  | "stats.read"
  /** See tasks' gold answers (and whether a judgment matched one) in staff views. */
  | "gold.read"
  /** Write, correct or remove a task's gold answer (reviewers write gold; DESIGN.md "Who uses it"). */
  | "gold.write"
  /** Read the audit log of every change. */
  | "audit.read"
  | "metrics.read"
  | "alerts.read"
  | "monitors.manage"
  | "webhooks.manage"
  /** Read cost, pay and budgets of everyone (vendor leads: their vendor's people only). */
  | "cost.read"
  /** Change rate cards, budgets and allocation policies, and add manual ledger rows. */
  | "cost.manage"
  /** Read staffing plans: people needed per language against the pool (issue 12, item 8). */
  | "capacity.read"
  /** Change the workspace's settings (its time zone). */
  | "workspace.manage"
  /** Schedule reports (digests) for anyone, and run, read or delete every schedule. */
  | "reports.manage"
  /**
   * Schedule the reports a role can read, addressed to oneself (a business unit's weekly report),
   * and run, read or delete one's own schedules: analysts and finance send these to leadership.
   */
  | "reports.schedule"
  /** Read experiments, their results, dataset versions and ROI (aggregates by arm, never one person's pay). */
  | "experiments.read"
  /** Design, start and stop experiments; bonus schemes; freeze dataset versions; record model evaluations. */
  | "experiments.manage";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: [
    "users.manage",
    "users.read",
    "projects.manage",
    "projects.read",
    "tasks.import",
    "data.export",
    "reviews.work",
    "stats.read",
    "gold.read",
    "gold.write",
    "audit.read",
    "metrics.read",
    "alerts.read",
    "monitors.manage",
    "webhooks.manage",
    "cost.read",
    "cost.manage",
    "capacity.read",
    "workspace.manage",
    "reports.manage",
    "reports.schedule",
    "experiments.read",
    "experiments.manage",
  ],
  manager: [
    "users.manage",
    "users.read",
    "projects.manage",
    "projects.read",
    "tasks.import",
    "data.export",
    "reviews.work",
    "stats.read",
    "gold.read",
    "gold.write",
    "metrics.read",
    "alerts.read",
    "monitors.manage",
    "webhooks.manage",
    "cost.read",
    "cost.manage",
    "capacity.read",
    "reports.manage",
    "reports.schedule",
    "experiments.read",
    "experiments.manage",
  ],
  reviewer: ["projects.read", "reviews.work", "stats.read", "gold.read", "gold.write", "metrics.read"],
  annotator: ["labels.work"],
  vendor_lead: ["users.read", "projects.read", "stats.read", "metrics.read", "cost.read"],
  // Analysts export data, gold included, so they may see it in the console too.
  analyst: [
    "users.read",
    "projects.read",
    "data.export",
    "stats.read",
    "gold.read",
    "metrics.read",
    "alerts.read",
    "cost.read",
    "capacity.read",
    "reports.schedule",
    "experiments.read",
  ],
  // A finance partner reads and manages the money side, and nothing else: no labels, no people.
  finance: ["cost.read", "cost.manage", "reports.schedule"],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Managers may create every role but admin; only admins create admins. */
export function canAssignRole(actor: Role, target: Role): boolean {
  if (actor === "admin") return true;
  return actor === "manager" && target !== "admin";
}

/**
 * Whether `actor` may edit another account (profile, role, status, password reset). Admins may
 * edit anyone; managers only accounts below them: never an admin's nor another manager's, so one
 * manager cannot take over another by resetting their password.
 */
export function canManageUser(actor: { id: number; role: Role }, target: { id: number; role: Role }): boolean {
  if (actor.role === "admin") return true;
  if (actor.role !== "manager") return false;
  if (actor.id === target.id) return true;
  return target.role !== "admin" && target.role !== "manager";
}
