import { describe, expect, it } from "vitest";
import { accountRoute, homeFor, parseRoute, type Route, routeArea, routePath, safeReturnPath } from "./router.js";

describe("parseRoute", () => {
  it("reads every page and round-trips through routePath", () => {
    const routes: Route[] = [
      { name: "signin" },
      { name: "home" },
      { name: "work" },
      { name: "label", projectId: 12 },
      { name: "console" },
      { name: "project-new" },
      { name: "project", projectId: 3 },
      { name: "project-edit", projectId: 3 },
      { name: "project-quality", projectId: 3 },
      { name: "reviews" },
      { name: "review", projectId: 4 },
      { name: "people" },
      { name: "person", personId: 8 },
      { name: "vendors" },
      { name: "vendor", vendorId: 2 },
      { name: "team", teamId: 5 },
      { name: "cost", tab: "summary" },
      { name: "cost", tab: "budgets" },
      { name: "cost", tab: "rates" },
      { name: "earnings" },
      { name: "my-scorecard" },
      { name: "person-scorecard", userId: 9 },
      { name: "capacity" },
      { name: "campaigns" },
      { name: "campaign", campaignId: 5 },
      { name: "join", slug: "de-raters-2027" },
      { name: "set-password" },
      { name: "reports" },
      { name: "experiments", tab: "list" },
      { name: "experiments", tab: "incentives" },
      { name: "experiments", tab: "roi" },
      { name: "experiment-new" },
      { name: "experiment", experimentId: 5 },
      { name: "support", tab: "inbox" },
      { name: "support", tab: "appeals" },
      { name: "support", tab: "hot-spots" },
      { name: "my-support" },
      { name: "account", area: "workspace" },
      { name: "account", area: "console" },
      { name: "workspace-settings" },
    ];
    for (const route of routes) expect(parseRoute(routePath(route))).toEqual(route);
  });

  it("tolerates trailing slashes", () => {
    expect(parseRoute("/work/7/")).toEqual({ name: "label", projectId: 7 });
  });

  it("treats bad ids and unknown paths as not found", () => {
    expect(parseRoute("/work/abc").name).toBe("not-found");
    expect(parseRoute("/work/0").name).toBe("not-found");
    expect(parseRoute("/console/projects/1e3").name).toBe("not-found");
    expect(parseRoute("/console/projects/5/delete").name).toBe("not-found");
    expect(parseRoute("/console/reviews/x").name).toBe("not-found");
    expect(parseRoute("/console/projects/2/quality/more").name).toBe("not-found");
    expect(parseRoute("/console/cost/summary").name).toBe("not-found");
    expect(parseRoute("/console/cost/other").name).toBe("not-found");
    expect(parseRoute("/nowhere")).toEqual({ name: "not-found", path: "/nowhere" });
  });
});

describe("areas and homes", () => {
  it("sends annotators to the workspace, reviewers to their queue and other staff to the console", () => {
    expect(homeFor("annotator")).toEqual({ name: "work" });
    expect(homeFor("manager")).toEqual({ name: "console" });
    expect(homeFor("reviewer")).toEqual({ name: "reviews" });
    expect(homeFor("finance")).toEqual({ name: "cost", tab: "summary" });
    expect(routeArea({ name: "earnings" })).toBe("workspace");
    expect(routeArea({ name: "cost", tab: "rates" })).toBe("console");
    expect(routeArea({ name: "review", projectId: 2 })).toBe("console");
    expect(routeArea({ name: "label", projectId: 1 })).toBe("workspace");
    expect(routeArea({ name: "people" })).toBe("console");
    expect(routeArea({ name: "signin" })).toBe("public");
    expect(routeArea({ name: "join", slug: "x-1" })).toBe("open");
    expect(routeArea({ name: "set-password" })).toBe("open");
    expect(routeArea({ name: "campaign", campaignId: 1 })).toBe("console");
  });

  it("gives every role a 'Your account' page in the area it works in", () => {
    expect(routePath(accountRoute("annotator"))).toBe("/work/account");
    expect(routeArea(accountRoute("annotator"))).toBe("workspace");
    for (const role of ["admin", "manager", "reviewer", "vendor_lead", "analyst", "finance"] as const)
      expect(routeArea(accountRoute(role))).toBe("console");
    expect(routePath(accountRoute("finance"))).toBe("/console/account");
  });

  it("only returns to same-origin app paths after sign-in", () => {
    expect(safeReturnPath("/work/3")).toBe("/work/3");
    expect(safeReturnPath("//evil.example")).toBeUndefined();
    expect(safeReturnPath("https://evil.example")).toBeUndefined();
    expect(safeReturnPath("/api/v1/export")).toBeUndefined();
    expect(safeReturnPath(null)).toBeUndefined();
  });
});
