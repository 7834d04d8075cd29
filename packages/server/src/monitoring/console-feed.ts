import { type EventEnvelope, isConsoleEvent } from "@quorum/core";
import { activityBuckets, type Database, eventsAfter, latestEventId, taskCountsBy } from "@quorum/storage";

/** What the console's live stream sends; `audience` says who may see it. */
export interface ConsoleMessage {
  event: "alert" | "event" | "progress";
  data: unknown;
  /** `alerts`: holders of alerts.read; `stats`: holders of stats.read. */
  audience: "alerts" | "stats";
}

type Listener = (message: ConsoleMessage) => void;

const HOUR = 3_600_000;
const POLL_MS = 1000;
const PROGRESS_EVERY_MS = 3000;
/** Re-read this many ids below the newest seen: on PostgreSQL a lower id may commit after a higher one. */
const ID_LOOKBACK = 50;

/**
 * One per database and process: while anyone listens, tails the event outbox (so alerts raised by
 * any process arrive within a second) and, every 3 s, the projects whose judgments this hour
 * changed, with their task counts. Reads stop when the last listener leaves.
 */
export class ConsoleFeed {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private cursor = 0;
  private seen = new Set<number>();
  private judgedThisHour = new Map<number, number>();
  private progressAt = 0;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly database: Database,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts listening; resolves once the feed is tailing, so nothing raised after it is missed. */
  async subscribe(listener: Listener): Promise<() => void> {
    if (this.listeners.size === 0 && !this.timer) {
      this.cursor = await latestEventId(this.database.db);
      this.seen.clear();
      this.judgedThisHour.clear();
      this.progressAt = 0;
      this.timer = setInterval(() => void this.poll(), POLL_MS).unref();
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  private poll(): Promise<void> {
    this.polling ??= this.readAndPublish()
      .catch((error: Error) => this.log(`console feed: ${error.message}`))
      .finally(() => {
        this.polling = undefined;
      });
    return this.polling;
  }

  private publish(message: ConsoleMessage) {
    for (const listener of this.listeners) listener(message);
  }

  private async readAndPublish(): Promise<void> {
    const events = await eventsAfter(this.database.db, Math.max(0, this.cursor - ID_LOOKBACK));
    for (const event of events) {
      if (this.seen.has(event.id)) continue;
      this.seen.add(event.id);
      this.cursor = Math.max(this.cursor, event.id);
      if (!isConsoleEvent(event.type)) continue;
      const envelope: EventEnvelope = {
        id: `evt_${event.id}`,
        type: event.type,
        createdAt: new Date(event.createdAt).toISOString(),
        projectId: event.projectId,
        data: event.data as EventEnvelope["data"],
      };
      const alert = event.type === "alert.raised" || event.type === "alert.updated" || event.type === "alert.resolved";
      this.publish({ event: alert ? "alert" : "event", data: envelope, audience: alert ? "alerts" : "stats" });
    }
    for (const id of this.seen) if (id < this.cursor - ID_LOOKBACK) this.seen.delete(id);
    // Paced by the wall clock; the hour read is the app's clock (tests control it).
    if (Date.now() - this.progressAt >= PROGRESS_EVERY_MS) {
      this.progressAt = Date.now();
      await this.publishProgress(this.now());
    }
  }

  private async publishProgress(now: number): Promise<void> {
    const hour = Math.floor(now / HOUR) * HOUR;
    const rows = await activityBuckets(
      this.database.db,
      { projectId: null, vendor: null },
      { from: hour, to: hour + HOUR, grain: "hour", groupBy: "project" },
    );
    for (const row of rows) {
      const projectId = Number(row.group);
      if (this.judgedThisHour.get(projectId) === row.sums.judgments) continue;
      this.judgedThisHour.set(projectId, row.sums.judgments);
      const [tasks] = await taskCountsBy(this.database.db, { projectId, language: null }, "none");
      this.publish({
        event: "progress",
        data: {
          projectId,
          judgmentsThisHour: row.sums.judgments,
          tasks: tasks?.counts ?? null,
          at: new Date(now).toISOString(),
        },
        audience: "stats",
      });
    }
  }
}

const feeds = new WeakMap<Database, ConsoleFeed>();

/** The feed of this database in this process. */
export function consoleFeed(database: Database, now: () => number, log: (line: string) => void): ConsoleFeed {
  let feed = feeds.get(database);
  if (!feed) {
    feed = new ConsoleFeed(database, now, log);
    feeds.set(database, feed);
  }
  return feed;
}
