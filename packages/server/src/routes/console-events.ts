import { can } from "@quorum/core";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import { type ConsoleMessage, consoleFeed } from "../monitoring/console-feed.js";
import type { RouteDoc } from "../openapi.js";

const KEEP_ALIVE_MS = 15_000;

export const consoleEventDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/events",
    tag: "Metrics and monitors",
    summary:
      "Server-sent events for the console: `ready` once listening; `alert` (alert.raised / alert.resolved envelopes, for holders of alerts.read); `event` (import.finished, batch.completed, project.completed, annotator.paused, budget.threshold envelopes); `progress` ({projectId, judgmentsThisHour, tasks: {open, full, done}, at}) when a project's work moves. Comments keep the connection alive every 15 s.",
    access: "metrics.read (admin, manager, reviewer, vendor lead, analyst)",
    responses: { 200: "text/event-stream" },
  },
];

export function consoleEventRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/events", (c) => {
    const user = requirePermission(c, "metrics.read");
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
            await stream.writeSSE({ event: message.event, data: JSON.stringify(message.data) });
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
