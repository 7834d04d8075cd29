import type { ProjectActivity } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { activityFeed, describeEvent, workingNow } from "./activity.js";

const at = (minutesAgo: number) => new Date(Date.UTC(2026, 0, 1, 12) - minutesAgo * 60_000).toISOString();
const NOW = Date.UTC(2026, 0, 1, 12);

const activity: ProjectActivity = {
  judgments: [1, 2, 3, 90].map((m, i) => ({
    id: 10 - i,
    taskId: 100 + i,
    annotatorId: i % 2,
    annotatorName: i % 2 === 0 ? "Ana" : "Bo",
    value: "pos",
    activeMs: 5000,
    createdAt: at(m),
  })),
  events: [
    {
      id: 2,
      action: "tasks.import",
      details: { batchId: 4, imported: 300 },
      actorId: 2,
      actorName: "Maya",
      actorRole: "manager",
      createdAt: at(500),
    },
    {
      id: 1,
      action: "project.create",
      details: {},
      actorId: 2,
      actorName: "Maya",
      actorRole: "manager",
      createdAt: at(600),
    },
  ],
};

describe("activity", () => {
  it("merges judgments and events newest first, keeping events even when judgments are many", () => {
    const feed = activityFeed(activity, { judgments: 2, events: 1 });
    expect(feed.map((e) => e.id)).toEqual(["j10", "j9", "e2"]);
    expect(feed[2]).toMatchObject({ kind: "event", text: "imported 300 tasks (batch 4)", who: "Maya" });
  });

  it("describes events in words and keeps unknown codes", () => {
    expect(describeEvent("review.enqueue", { source: "low_confidence", enqueued: 1 })).toBe(
      "queued 1 task for review (low confidence)",
    );
    expect(describeEvent("project.update", { deadline: 1, name: "x" })).toBe("changed deadline, name");
    expect(describeEvent("review.correct", { taskId: 7 })).toBe("corrected task #7 in review");
    expect(describeEvent("brand.new", null)).toBe("brand.new");
  });

  it("describes in words the events the demo's project feed shows, never their codes", () => {
    expect(describeEvent("dataset_version.freeze", { id: 2, name: "v1", taskCount: 120 })).toBe(
      'froze dataset version "v1" (120 tasks)',
    );
    expect(describeEvent("bonus_scheme.settle", { id: 3, rows: 1, paidMinor: 500 })).toBe(
      "settled bonus scheme 3 (1 payment)",
    );
    expect(describeEvent("support.update", { questionId: 9, status: "answered" })).toBe("marked question #9 answered");
    expect(describeEvent("appeal.file", { appealId: 1, judgmentId: 44 })).toBe("filed an appeal against judgment #44");
    expect(describeEvent("project.guidelines", { version: 3 })).toBe("published guidelines v3");
    expect(describeEvent("batch.cancel", { batchId: 5, tasksCancelled: 12 })).toBe("cancelled batch 5 (12 tasks)");
    expect(describeEvent("data.export", { format: "jsonl" })).toBe("exported the data as JSONL");
  });

  it("counts who worked in the last hour, busiest first", () => {
    expect(workingNow(activity.judgments, NOW)).toEqual([
      { name: "Ana", count: 2 },
      { name: "Bo", count: 1 },
    ]);
  });
});
