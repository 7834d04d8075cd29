import { pick, type Random } from "../simulate/annotator-model.js";

/** Replaces every `{name}` in `template` with a value drawn for that name (the same value each time it appears). */
export function fillTemplate(
  template: string,
  random: Random,
  slots: Readonly<Record<string, readonly string[]>>,
): string {
  const chosen = new Map<string, string>();
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const values = slots[name];
    if (!values) return whole;
    let value = chosen.get(name);
    if (value === undefined) {
      value = pick(random, values);
      chosen.set(name, value);
    }
    return value;
  });
}

/** Picks one item with probability proportional to its `weight`. */
export function pickWeighted<T extends { weight: number }>(random: Random, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let draw = random() * total;
  for (const item of items) {
    draw -= item.weight;
    if (draw < 0) return item;
  }
  return items[items.length - 1]!;
}

/** A URL-friendly ASCII slug: "Schäfer & Söhne" → "schaefer-soehne". */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** A zero-padded external id such as `post-00042`. */
export function externalId(prefix: string, index: number): string {
  return `${prefix}-${String(index + 1).padStart(5, "0")}`;
}
