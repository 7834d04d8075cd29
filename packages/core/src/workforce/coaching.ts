import { guidelineSections } from "./guideline-sections.js";

/** A gold task the person answered wrongly. */
export interface MissedGold {
  projectId: number;
  taskId: number;
  /** The person's answer and the gold answer (label-schema values). */
  answer: unknown;
  gold: unknown;
  explanation: string | null;
  createdAt: number;
}

export interface CoachingGroup {
  projectId: number;
  /** The gold label (its JSON text for non-string answers). */
  label: string;
  /** A guideline section the explanations name, when one does. */
  section: string | null;
  items: MissedGold[];
}

const labelOf = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * Missed gold items grouped by project and gold label, largest group first, with the guideline
 * section that the group's explanations mention (a section heading appearing in an explanation,
 * case aside; the longest heading wins, so "Spam" does not shadow "Spam in replies").
 */
export function groupMissedGold(
  missed: readonly MissedGold[],
  guidelines: ReadonlyMap<number, string>,
): CoachingGroup[] {
  const headings = new Map<number, string[]>();
  const sectionOf = (projectId: number, text: string | null): string | null => {
    if (!text) return null;
    let list = headings.get(projectId);
    if (!list) {
      list = guidelineSections(guidelines.get(projectId) ?? "")
        .map((s) => s.heading)
        .sort((a, b) => b.length - a.length);
      headings.set(projectId, list);
    }
    const lower = text.toLowerCase();
    return list.find((h) => lower.includes(h.toLowerCase())) ?? null;
  };
  const groups = new Map<string, CoachingGroup>();
  for (const item of missed) {
    const label = labelOf(item.gold);
    const key = `${item.projectId}\u0000${label}`;
    let group = groups.get(key);
    if (!group) {
      group = { projectId: item.projectId, label, section: null, items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
    group.section ??= sectionOf(item.projectId, item.explanation);
  }
  return [...groups.values()].sort((a, b) => b.items.length - a.items.length || a.label.localeCompare(b.label));
}
