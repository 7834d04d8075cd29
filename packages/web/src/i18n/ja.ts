import type { en } from "./en.js";
export const ja = {} as unknown as Translations;
type Translations = typeof en;
