import type { CostSummaryResponse } from "@quorum/server";
import { useMemo } from "react";
import { useApi } from "../use-api.js";

const YEAR = 366 * 86_400_000;

/**
 * Names of the business units and projects that had costs in the last year, by id (the budget,
 * pool and initiative views carry ids only; the cost summary names its groups).
 */
export function useCostNames(): {
  unit: (id: number | null) => string;
  project: (id: number | null) => string;
  /** The projects with costs, by name: for those who may not list projects (finance). */
  projects: { id: string; name: string }[];
  /** The business units with costs, by name. */
  units: { id: string; name: string }[];
} {
  const [from, to] = useMemo(() => {
    const now = Date.now();
    return [new Date(now - YEAR).toISOString(), new Date(now + 86_400_000).toISOString()];
  }, []);
  const units = useApi<CostSummaryResponse>(`/cost/summary?groupBy=businessUnit&from=${from}&to=${to}`);
  const projects = useApi<CostSummaryResponse>(`/cost/summary?groupBy=project&from=${from}&to=${to}`);
  return useMemo(() => {
    const names = (data: CostSummaryResponse | undefined) =>
      new Map((data?.rows ?? []).map((row) => [row.key, row.label]));
    const unitNames = names(units.data);
    const projectNames = names(projects.data);
    const byName = (named: Map<string, string>) =>
      [...named]
        .filter(([id]) => /^\d+$/.test(id))
        .map(([id, name]) => ({ id, name }))
        .sort((a, b) => a.name.localeCompare(b.name));
    return {
      projects: byName(projectNames),
      units: byName(unitNames),
      unit: (id) => (id === null ? "–" : (unitNames.get(String(id)) ?? `#${id}`)),
      project: (id) => (id === null ? "–" : (projectNames.get(String(id)) ?? `#${id}`)),
    };
  }, [units.data, projects.data]);
}
