import type { PeopleScope } from "./people-scope.js";

/** What an activity event's visibility depends on: who made it, and what its details name. */
export interface ActivityEventFacts {
  actorId: number | null;
  /** The actor's role; null for the system or a person since removed. */
  actorRole: string | null;
  details: unknown;
}

/** The audit action of a gold answer written, corrected or removed; its details hold the answer. */
export const GOLD_ANSWER_ACTION = "task.gold";

/** Whether an event may be shown to a viewer who may (`seesGold`) or may not read gold answers. */
export function eventShowsGoldTo(action: string, seesGold: boolean): boolean {
  return seesGold || action !== GOLD_ANSWER_ACTION;
}

/** A viewer's scope resolved to ids: whether a person is inside it. */
export interface ScopedViewer {
  scope: PeopleScope;
  sees(personId: number | null): boolean;
}

/**
 * Whether an event's details hold an amount of money (`amountMinor`, `paidMinor`…): a cost
 * adjustment or a bonus settlement can pay people outside a scoped viewer's vendor, and their
 * details do not always name them, so such events are left out for that viewer altogether.
 */
export function carriesPay(details: unknown): boolean {
  return typeof details === "object" && details !== null && Object.keys(details).some((key) => key.endsWith("Minor"));
}

/**
 * Whether `viewer` may see an activity event. Everyone-scoped viewers (staff) see all. A scoped
 * viewer (a vendor lead) sees no event carrying pay, none made by an annotator or vendor lead
 * outside their scope (another vendor's appeal or lead), and none whose details name
 * (`annotatorId`) a person outside it; events by staff or the system about nobody in particular stay.
 */
export function eventVisibleTo(viewer: ScopedViewer, event: ActivityEventFacts): boolean {
  if (viewer.scope.kind === "everyone") return true;
  if (carriesPay(event.details)) return false;
  const byPerson = event.actorRole === "annotator" || event.actorRole === "vendor_lead";
  if (byPerson && !viewer.sees(event.actorId)) return false;
  const about = (event.details as { annotatorId?: unknown } | null)?.annotatorId;
  return about === undefined || (typeof about === "number" && viewer.sees(about));
}
