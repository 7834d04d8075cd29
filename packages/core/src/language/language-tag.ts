/**
 * The canonical form of a BCP 47 language tag (`de-at` → `de-AT`, `ZH-hant` → `zh-Hant`), or
 * undefined when the text is not a well-formed tag. Uses the platform's `Intl`, which knows the
 * tag grammar and its case conventions.
 */
export function canonicalLanguageTag(tag: string): string | undefined {
  const trimmed = tag.trim();
  if (trimmed === "") return undefined;
  try {
    return Intl.getCanonicalLocales(trimmed)[0];
  } catch {
    return undefined;
  }
}

/**
 * The tags to try for a wanted language, most specific first, as in the lookup of RFC 4647 §3.4:
 * `zh-Hant-TW` → `zh-Hant-TW`, `zh-Hant`, `zh`. Extensions and private use (from the first
 * singleton on, `-u-ca-buddhist`) say nothing about the text's language and are left out.
 * Empty for a malformed tag.
 */
export function languageFallbacks(tag: string): string[] {
  const canonical = canonicalLanguageTag(tag);
  if (!canonical) return [];
  const all = canonical.split("-");
  const singleton = all.findIndex((part, i) => i > 0 && part.length === 1);
  const parts = singleton === -1 ? all : all.slice(0, singleton);
  const chain: string[] = [];
  for (let n = parts.length; n > 0; n--) chain.push(parts.slice(0, n).join("-"));
  return chain;
}

/**
 * The first of the wanted languages that is available, each wanted tag falling back from the
 * specific to the general (`de-AT` finds `de`); the available tag is returned as given.
 * Undefined when none matches.
 */
export function pickLanguage(wanted: readonly string[], available: readonly string[]): string | undefined {
  const byLower = new Map(available.map((tag) => [(canonicalLanguageTag(tag) ?? tag).toLowerCase(), tag]));
  for (const tag of wanted)
    for (const candidate of languageFallbacks(tag)) {
      const found = byLower.get(candidate.toLowerCase());
      if (found !== undefined) return found;
    }
  return undefined;
}
