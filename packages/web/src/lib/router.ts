import { can, type Role } from "@quorum/core";

/** The return-path rule lives in core (the server redirects with it after single sign-on). */
export { safeReturnPath } from "@quorum/core";

/** The pages of the console's Cost section. */
export const COST_TABS = ["summary", "budgets", "allocation", "rates", "savings"] as const;
export type CostTab = (typeof COST_TABS)[number];

/** The pages of the console's Experiments section. */
export const EXPERIMENT_TABS = ["list", "incentives", "roi"] as const;
export type ExperimentTab = (typeof EXPERIMENT_TABS)[number];
/** The pages of the console's Support section. */
export const SUPPORT_TABS = ["inbox", "appeals", "hot-spots"] as const;
export type SupportTab = (typeof SUPPORT_TABS)[number];

/** The app's pages and their URLs. History-based: the server answers every non-API path with the app. */
export type Route =
  | { name: "signin" }
  | { name: "home" }
  | { name: "work" }
  | { name: "label"; projectId: number }
  | { name: "exam"; examId: number }
  | { name: "training"; moduleId: number }
  | { name: "console" }
  | { name: "project-new" }
  | { name: "project"; projectId: number }
  | { name: "project-edit"; projectId: number }
  | { name: "project-quality"; projectId: number }
  | { name: "reviews" }
  | { name: "review"; projectId: number }
  | { name: "people" }
  | { name: "person"; personId: number }
  | { name: "vendors" }
  | { name: "vendor"; vendorId: number }
  | { name: "team"; teamId: number }
  | { name: "exams-console" }
  | { name: "cost"; tab: CostTab }
  | { name: "reports" }
  | { name: "intake" }
  | { name: "intake-request"; requestId: number }
  | { name: "earnings" }
  | { name: "my-scorecard" }
  | { name: "person-scorecard"; userId: number }
  | { name: "capacity" }
  | { name: "campaigns" }
  | { name: "campaign"; campaignId: number }
  | { name: "join"; slug: string }
  | { name: "set-password" }
  | { name: "wellbeing" }
  | { name: "wellbeing-console" }
  | { name: "experiments"; tab: ExperimentTab }
  | { name: "experiment-new" }
  | { name: "experiment"; experimentId: number }
  | { name: "support"; tab: SupportTab }
  | { name: "my-support" }
  /** The workspace's own settings (its time zone), for those who may change them. */
  | { name: "workspace-settings" }
  /** Who you are and your password, in the area of your role (every role has one). */
  | { name: "account"; area: "workspace" | "console" }
  | { name: "not-found"; path: string };

const id = (text: string | undefined): number | undefined => {
  if (!text || !/^[1-9]\d*$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
};

/** The route for a path name (query and hash ignored). Unknown paths are `not-found`, never an exception. */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split("/").filter((p) => p !== "");
  const [first, second, third, fourth] = parts;
  if (parts.length === 0) return { name: "home" };
  if (first === "signin" && parts.length === 1) return { name: "signin" };
  if (first === "set-password" && parts.length === 1) return { name: "set-password" };
  if (first === "join" && second && /^[a-z0-9-]{1,64}$/.test(second) && parts.length === 2)
    return { name: "join", slug: second };
  if (first === "work") {
    if (parts.length === 1) return { name: "work" };
    if (second === "earnings" && parts.length === 2) return { name: "earnings" };
    if (second === "scorecard" && parts.length === 2) return { name: "my-scorecard" };
    if (second === "wellbeing" && parts.length === 2) return { name: "wellbeing" };
    if (second === "support" && parts.length === 2) return { name: "my-support" };
    if (second === "account" && parts.length === 2) return { name: "account", area: "workspace" };
    const projectId = id(second);
    if (projectId !== undefined && parts.length === 2) return { name: "label", projectId };
    const nested = id(third);
    if (second === "exams" && nested !== undefined && parts.length === 3) return { name: "exam", examId: nested };
    if (second === "training" && nested !== undefined && parts.length === 3)
      return { name: "training", moduleId: nested };
  }
  if (first === "console") {
    if (parts.length === 1) return { name: "console" };
    if (second === "people" && parts.length === 2) return { name: "people" };
    if (second === "account" && parts.length === 2) return { name: "account", area: "console" };
    if (second === "settings" && parts.length === 2) return { name: "workspace-settings" };
    const personId = id(third);
    if (second === "people" && personId !== undefined && fourth === "scorecard" && parts.length === 4)
      return { name: "person-scorecard", userId: personId };
    if (second === "capacity" && parts.length === 2) return { name: "capacity" };
    const nestedId = id(third);
    if (second === "people" && nestedId !== undefined && parts.length === 3)
      return { name: "person", personId: nestedId };
    if (second === "vendors" && parts.length === 2) return { name: "vendors" };
    if (second === "vendors" && nestedId !== undefined && parts.length === 3)
      return { name: "vendor", vendorId: nestedId };
    if (second === "teams" && nestedId !== undefined && parts.length === 3) return { name: "team", teamId: nestedId };
    if (second === "exams" && parts.length === 2) return { name: "exams-console" };
    if (second === "campaigns") {
      if (parts.length === 2) return { name: "campaigns" };
      const campaignId = id(third);
      if (campaignId !== undefined && parts.length === 3) return { name: "campaign", campaignId };
    }
    if (second === "reports" && parts.length === 2) return { name: "reports" };
    if (second === "wellbeing" && parts.length === 2) return { name: "wellbeing-console" };
    if (second === "support") {
      if (parts.length === 2) return { name: "support", tab: "inbox" };
      const tab = SUPPORT_TABS.find((t) => t === third && t !== "inbox");
      if (tab && parts.length === 3) return { name: "support", tab };
    }
    if (second === "intake") {
      if (parts.length === 2) return { name: "intake" };
      const requestId = id(third);
      if (requestId !== undefined && parts.length === 3) return { name: "intake-request", requestId };
    }
    if (second === "cost") {
      if (parts.length === 2) return { name: "cost", tab: "summary" };
      const tab = COST_TABS.find((t) => t === third && t !== "summary");
      if (tab && parts.length === 3) return { name: "cost", tab };
    }
    if (second === "experiments") {
      if (parts.length === 2) return { name: "experiments", tab: "list" };
      if (third === "new" && parts.length === 3) return { name: "experiment-new" };
      const tab = EXPERIMENT_TABS.find((t) => t === third && t !== "list");
      if (tab && parts.length === 3) return { name: "experiments", tab };
      const experimentId = id(third);
      if (experimentId !== undefined && parts.length === 3) return { name: "experiment", experimentId };
    }
    if (second === "reviews") {
      if (parts.length === 2) return { name: "reviews" };
      const projectId = id(third);
      if (projectId !== undefined && parts.length === 3) return { name: "review", projectId };
    }
    if (second === "projects" && third === "new" && parts.length === 3) return { name: "project-new" };
    const projectId = id(third);
    if (second === "projects" && projectId !== undefined) {
      if (parts.length === 3) return { name: "project", projectId };
      if (fourth === "edit" && parts.length === 4) return { name: "project-edit", projectId };
      if (fourth === "quality" && parts.length === 4) return { name: "project-quality", projectId };
    }
  }
  return { name: "not-found", path: pathname };
}

/** The path of a route; `parseRoute(routePath(r))` gives `r` back. */
export function routePath(route: Route): string {
  switch (route.name) {
    case "signin":
      return "/signin";
    case "home":
      return "/";
    case "work":
      return "/work";
    case "label":
      return `/work/${route.projectId}`;
    case "exam":
      return `/work/exams/${route.examId}`;
    case "training":
      return `/work/training/${route.moduleId}`;
    case "console":
      return "/console";
    case "project-new":
      return "/console/projects/new";
    case "project":
      return `/console/projects/${route.projectId}`;
    case "project-edit":
      return `/console/projects/${route.projectId}/edit`;
    case "project-quality":
      return `/console/projects/${route.projectId}/quality`;
    case "reviews":
      return "/console/reviews";
    case "review":
      return `/console/reviews/${route.projectId}`;
    case "people":
      return "/console/people";
    case "person":
      return `/console/people/${route.personId}`;
    case "vendors":
      return "/console/vendors";
    case "vendor":
      return `/console/vendors/${route.vendorId}`;
    case "team":
      return `/console/teams/${route.teamId}`;
    case "exams-console":
      return "/console/exams";
    case "cost":
      return route.tab === "summary" ? "/console/cost" : `/console/cost/${route.tab}`;
    case "intake":
      return "/console/intake";
    case "intake-request":
      return `/console/intake/${route.requestId}`;
    case "earnings":
      return "/work/earnings";
    case "my-scorecard":
      return "/work/scorecard";
    case "person-scorecard":
      return `/console/people/${route.userId}/scorecard`;
    case "capacity":
      return "/console/capacity";
    case "campaigns":
      return "/console/campaigns";
    case "campaign":
      return `/console/campaigns/${route.campaignId}`;
    case "join":
      return `/join/${route.slug}`;
    case "set-password":
      return "/set-password";
    case "reports":
      return "/console/reports";
    case "wellbeing":
      return "/work/wellbeing";
    case "wellbeing-console":
      return "/console/wellbeing";
    case "experiments":
      return route.tab === "list" ? "/console/experiments" : `/console/experiments/${route.tab}`;
    case "experiment-new":
      return "/console/experiments/new";
    case "experiment":
      return `/console/experiments/${route.experimentId}`;
    case "support":
      return route.tab === "inbox" ? "/console/support" : `/console/support/${route.tab}`;
    case "my-support":
      return "/work/support";
    case "account":
      return route.area === "workspace" ? "/work/account" : "/console/account";
    case "workspace-settings":
      return "/console/settings";
    case "not-found":
      return route.path;
  }
}

/**
 * Which area a route belongs to; annotators only ever see `workspace`, staff the `console`.
 * `open` pages (a campaign's sign-up, the one-time password link) are shown to anyone, signed in or not.
 */
export function routeArea(route: Route): "public" | "open" | "workspace" | "console" | "none" {
  switch (route.name) {
    case "signin":
      return "public";
    case "join":
    case "set-password":
      return "open";
    case "work":
    case "label":
    case "exam":
    case "training":
    case "earnings":
    case "my-scorecard":
    case "wellbeing":
    case "my-support":
      return "workspace";
    case "console":
    case "project-new":
    case "project":
    case "project-edit":
    case "project-quality":
    case "reviews":
    case "review":
    case "people":
    case "person":
    case "vendors":
    case "vendor":
    case "team":
    case "exams-console":
    case "wellbeing-console":
    case "cost":
    case "person-scorecard":
    case "capacity":
    case "campaigns":
    case "campaign":
    case "reports":
    case "experiments":
    case "experiment-new":
    case "experiment":
    case "support":
    case "intake":
    case "intake-request":
    case "workspace-settings":
      return "console";
    case "account":
      return route.area;
    default:
      return "none";
  }
}

/**
 * Where a signed-in user lands, and where they are sent when they open a page of the other area:
 * those who label to their projects, those whose work is reviewing (without managing projects)
 * to the review queue, those who see only the money (finance) to the costs, other staff to the projects.
 */
export function homeFor(role: Role): Route {
  if (can(role, "labels.work")) return { name: "work" };
  if (!can(role, "projects.read") && can(role, "cost.read")) return { name: "cost", tab: "summary" };
  return can(role, "reviews.work") && !can(role, "projects.manage") ? { name: "reviews" } : { name: "console" };
}

/** The "Your account" page of someone with this role, in the area they work in. */
export function accountRoute(role: Role): Route {
  return { name: "account", area: areaFor(role) };
}

/** The area a role works in: the workspace for those who label, the console for staff. */
export function areaFor(role: Role): "workspace" | "console" {
  return can(role, "labels.work") ? "workspace" : "console";
}
