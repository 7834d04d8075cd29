import type { en } from "./en.js";

/** Extra plural forms a language may need beyond English's `_one` / `_other` (CLDR categories). */
type PluralExtras = { [form: `${string}_${"zero" | "two" | "few" | "many"}`]: string };

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> } & PluralExtras;

/**
 * What a translation must hold: every key of the English resource but the console's (which stays
 * English for now), with the extra plural forms its language needs.
 */
export type Translation = Strings<Omit<typeof en, "console">>;
