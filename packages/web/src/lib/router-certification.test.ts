import { describe, expect, it } from "vitest";
import { parseRoute, type Route, routeArea, routePath } from "./router.js";

describe("exam and training routes", () => {
  it("round-trip and belong to the right area", () => {
    const routes: [Route, string, string][] = [
      [{ name: "exam", examId: 4 }, "/work/exams/4", "workspace"],
      [{ name: "training", moduleId: 2 }, "/work/training/2", "workspace"],
      [{ name: "exams-console" }, "/console/exams", "console"],
    ];
    for (const [route, path, area] of routes) {
      expect(routePath(route)).toBe(path);
      expect(parseRoute(path)).toEqual(route);
      expect(routeArea(route)).toBe(area);
    }
  });

  it("treats bad ids as not found and leaves the labeling path alone", () => {
    expect(parseRoute("/work/exams/0").name).toBe("not-found");
    expect(parseRoute("/work/exams").name).toBe("not-found");
    expect(parseRoute("/work/training/x").name).toBe("not-found");
    expect(parseRoute("/work/exams/3/more").name).toBe("not-found");
    expect(parseRoute("/work/12")).toEqual({ name: "label", projectId: 12 });
  });
});
