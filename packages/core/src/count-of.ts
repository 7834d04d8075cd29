/**
 * "1 item", "1,250 items": a count and its noun agreeing, for the sentences the server writes
 * in English (risk register, scheduled reports) and people read as written.
 */
export function countOf(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}
