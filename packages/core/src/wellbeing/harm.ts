import { invalidInput } from "../errors.js";

/** Kinds of harmful content a project or task may carry (issue 12, item 7). */
export const HARM_CATEGORIES = ["violence", "sexual", "hate", "self-harm", "other"] as const;
export type HarmCategory = (typeof HARM_CATEGORIES)[number];

/** What a task of an import may say of itself: a category, or `none` for benign content in a harmful project. */
export type HarmMark = HarmCategory | "none";

export function isHarmCategory(value: unknown): value is HarmCategory {
  return typeof value === "string" && (HARM_CATEGORIES as readonly string[]).includes(value);
}

/** How harmful media is shown by default: blurred, in greyscale, muted (each revealed by a click or key). */
export interface MediaFilters {
  blur: boolean;
  greyscale: boolean;
  mute: boolean;
}

/** The filters a harmful project starts with: all on. */
export const DEFAULT_HARMFUL_MEDIA: MediaFilters = { blur: true, greyscale: true, mute: true };
export const NO_MEDIA_FILTERS: MediaFilters = { blur: false, greyscale: false, mute: false };

/**
 * A project's harmful content: the category its tasks get unless an import says otherwise
 * (`category`), the marks its tasks carry (`present`, kept up by imports; `none` for benign tasks)
 * and the default media filters. A project with no category present costs the lease nothing.
 */
export interface ProjectHarm {
  category: HarmCategory | null;
  present: HarmMark[];
  media: MediaFilters;
}

export const NO_HARM: ProjectHarm = { category: null, present: [], media: NO_MEDIA_FILTERS };

/** Whether any task of the project may be harmful (the lease then checks the person's exposure). */
export function projectIsHarmful(harm: Pick<ProjectHarm, "present" | "category">): boolean {
  return harm.category !== null || harm.present.some((mark) => mark !== "none");
}

/**
 * The harm of a project from its settings. The older `sensitive` flag means "harmful, kind not
 * said": a sensitive project without a category is `other`, with media filters on.
 */
export function projectHarmFrom(input: {
  sensitive: boolean;
  category?: HarmCategory | null | undefined;
  media?: Partial<MediaFilters> | undefined;
}): Pick<ProjectHarm, "category" | "media"> {
  const category = input.category ?? (input.sensitive ? "other" : null);
  const base = category === null ? NO_MEDIA_FILTERS : DEFAULT_HARMFUL_MEDIA;
  return { category, media: { ...base, ...input.media } };
}

/**
 * The stored harm of an imported task: its own mark (`none` → null) or else the project's
 * category. Throws `invalid_input` naming `harm` for an unknown mark.
 */
export function taskHarm(projectCategory: HarmCategory | null, mark: unknown): HarmCategory | null {
  if (mark === undefined || mark === null || mark === "") return projectCategory;
  if (mark === "none") return null;
  if (isHarmCategory(mark)) return mark;
  throw invalidInput(`harm must be one of ${[...HARM_CATEGORIES, "none"].join(", ")}`, [
    { path: "harm", message: `must be one of ${[...HARM_CATEGORIES, "none"].join(", ")}` },
  ]);
}

/**
 * The media filters a person sees: the project's defaults (none for a benign task), each replaced
 * by the person's own choice where they made one.
 */
export function mediaFiltersFor(harmful: boolean, project: MediaFilters, person: Partial<MediaFilters>): MediaFilters {
  if (!harmful) return NO_MEDIA_FILTERS;
  return {
    blur: person.blur ?? project.blur,
    greyscale: person.greyscale ?? project.greyscale,
    mute: person.mute ?? project.mute,
  };
}
