import type { Role } from "@quorum/core";

/** How each role is named on screen. */
export const ROLE_LABEL: Record<Role, string> = {
  admin: "Admin",
  manager: "Manager",
  reviewer: "Reviewer",
  annotator: "Annotator",
  vendor_lead: "Vendor lead",
  analyst: "Analyst",
};
