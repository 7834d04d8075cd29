import type { en } from "./en.js";
export const es = {} as unknown as Translations;
type Translations = typeof en;
