import { type HarmCategory, type MediaFilters, mediaFiltersFor, projectIsHarmful } from "@quorum/core";
import type { ProjectView, WellbeingStateView } from "@quorum/server";

/** The filters a task of this project shows with, for this person (their own choices over the project's). */
export function taskFilters(project: Pick<ProjectView, "harm">, own: WellbeingStateView["media"] | undefined) {
  const person: Partial<MediaFilters> = {};
  for (const key of ["blur", "greyscale", "mute"] as const) {
    const value = own?.[key];
    if (typeof value === "boolean") person[key] = value;
  }
  return mediaFiltersFor(projectIsHarmful(project.harm), project.harm.media, person);
}

/** The harm categories a project's tasks carry (its own and those its imports marked). */
export function projectCategories(project: Pick<ProjectView, "harm">): HarmCategory[] {
  const marks = new Set<string>(project.harm.present);
  if (project.harm.category) marks.add(project.harm.category);
  return [...marks].filter((mark): mark is HarmCategory => mark !== "none").sort();
}

export type WellbeingCategory = WellbeingStateView["categories"][number];

/** What the workbench shows of a person's exposure in a project: its categories only. */
export function exposureFor(state: WellbeingStateView | undefined, categories: readonly HarmCategory[]) {
  if (!state) return [];
  return state.categories.filter((c) => categories.includes(c.category));
}

/** Whether a break is in force at `now` (ms). */
export function onBreak(state: WellbeingStateView | undefined, now: number): boolean {
  return !!state?.breakUntil && Date.parse(state.breakUntil) > now;
}

/** A limit as text: "—" when there is none. */
export function limitText(value: number | null): string {
  return value === null ? "—" : String(value);
}
