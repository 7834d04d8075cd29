import type { LabelSchema, LabelValue } from "../label-schema.js";

/** The answer a class key stands for in a schema (ratings are numbers). */
export function classValue(schema: LabelSchema, key: string): LabelValue {
  return schema.type === "rating" ? Number(key) : key;
}
