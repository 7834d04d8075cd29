/** A zone name or a query as compared: lower case, underscores and slashes as spaces. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[_/]+/g, " ");
}

/**
 * The zones whose name holds every word of `query`, in their order: "new york" finds
 * America/New_York, "europe ber" Europe/Berlin. An empty query keeps them all.
 */
export function searchTimeZones(zones: readonly string[], query: string): string[] {
  const words = normalise(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...zones];
  return zones.filter((zone) => {
    const name = normalise(zone);
    return words.every((word) => name.includes(word));
  });
}
