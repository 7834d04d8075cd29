import type { en } from "./en.js";
export const ar = {} as unknown as Translations;
type Translations = typeof en;
