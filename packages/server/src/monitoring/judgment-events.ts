import { COMPLETION_EVENT_TYPES, type EventType } from "@quorum/core";
import { type Database, recordCompletionEvents, subscribedEventTypes } from "@quorum/storage";

/** The judgment path asks at most this often which events anyone subscribes to. */
const SUBSCRIPTIONS_TTL_MS = 2000;

const cache = new WeakMap<Database, { types: Set<EventType>; readAt: number }>();

/** Forget the cached subscriptions (after a webhook is created or deleted in this process). */
export function forgetSubscriptions(database: Database): void {
  cache.delete(database);
}

async function subscribed(database: Database): Promise<Set<EventType>> {
  const cached = cache.get(database);
  const now = Date.now();
  if (cached && now - cached.readAt < SUBSCRIPTIONS_TTL_MS) return cached.types;
  const types = await subscribedEventTypes(database.db);
  cache.set(database, { types, readAt: now });
  return types;
}

/**
 * After a judgment is stored: completion events for its task, batch and project, when anyone
 * subscribes to them (otherwise no work at all beyond a cached set lookup). Raised after the
 * judgment's transaction, whose code belongs to the labeling engine: a crash between the two
 * loses the event. Failures are logged, never turned into a failed judgment.
 */
export async function recordJudgmentEvents(
  database: Database,
  options: { projectId: number; taskId: number; now: number; log: (line: string) => void },
): Promise<void> {
  try {
    const types = await subscribed(database);
    const wanted = new Set(COMPLETION_EVENT_TYPES.filter((t) => types.has(t)));
    if (wanted.size === 0) return;
    await recordCompletionEvents(database, {
      projectId: options.projectId,
      taskId: options.taskId,
      wanted,
      now: options.now,
    });
  } catch (error) {
    options.log(`completion events for task ${options.taskId}: ${(error as Error).message}`);
  }
}
