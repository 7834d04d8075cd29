import type { en } from "./en.js";
export const de = {} as unknown as Translations;
type Translations = typeof en;
