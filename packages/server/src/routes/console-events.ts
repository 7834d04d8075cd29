import { type AlertEventData, can, type DayWriter, type EventEnvelope, readStoredSentence } from "@quorum/core";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import { type ConsoleMessage, consoleFeed } from "../monitoring/console-feed.js";
import type { RouteDoc } from "../openapi.js";
import { readQuery } from "../validate.js";
import { ReaderQuery, requestDayWriter } from "./reader-param.js";

const KEEP_ALIVE_MS = 15_000;

export const consoleEventDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/events",
    tag: "Metrics and monitors",
    summary:
      "Server-sent events for the console: `ready` once listening; `alert` (alert.raised / alert.updated / alert.resolved envelopes, for holders of alerts.read); `event` (import.finished, batch.completed, project.completed, annotator.paused, budget.threshold envelopes); `progress` ({projectId, judgmentsThisHour, tasks: {open, full, done}, at}) when a project's work moves. Comments keep the connection alive every 15 s. The days inside an alert's message are written in the reader's `timeZone` and `locale` (default: the workspace's zone, English).",
    access: "metrics.read (admin, manager, reviewer, vendor lead, analyst)",
    query: ReaderQuery,
    responses: { 200: "text/event-stream" },
  },
];

/** An alert's envelope with its message's days written for the reader; other messages as they are. */
function forReader(message: ConsoleMessage, writeDay: DayWriter): unknown {
  if (message.event !== "alert") return message.data;
  const envelope = message.data as EventEnvelope<"alert.raised" | "alert.updated" | "alert.resolved">;
  const data: AlertEventData = envelope.data;
  if (!data.messageParts) return envelope;
  return { ...envelope, data: { ...data, message: readStoredSentence(data, writeDay) } };
}

export function consoleEventRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/events", async (c) => {
    const user = requirePermission(c, "metrics.read");
    const writeDay = await requestDayWriter(c, readQuery(c, ReaderQuery));
    const { database, now, log } = c.get("deps");
    const mayRead = (message: ConsoleMessage) =>
      can(user.role, message.audience === "alerts" ? "alerts.read" : "stats.read");
    return streamSSE(c, async (stream) => {
      const queue: ConsoleMessage[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = await consoleFeed(database, now, log).subscribe((message) => {
        if (!mayRead(message)) return;
        queue.push(message);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      try {
        await stream.writeSSE({ event: "ready", data: JSON.stringify({ at: new Date(now()).toISOString() }) });
        while (!stream.aborted && !stream.closed) {
          const message = queue.shift();
          if (message) {
            await stream.writeSSE({ event: message.event, data: JSON.stringify(forReader(message, writeDay)) });
            continue;
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, KEEP_ALIVE_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
          if (queue.length === 0 && !stream.aborted) await stream.write(": keep-alive\n\n");
        }
      } finally {
        unsubscribe();
      }
    });
  });
  return app;
}
