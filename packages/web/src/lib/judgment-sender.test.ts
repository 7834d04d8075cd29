import { describe, expect, it } from "vitest";
import { JudgmentSender, type SenderEvent, type SendOutcome } from "./judgment-sender.js";
import { LocalQueue, type PendingJudgment } from "./local-queue.js";

function setup(outcomes: SendOutcome[]) {
  const store = new Map<string, string>();
  const queue = new LocalQueue<PendingJudgment>(
    {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
    "pending",
  );
  const timers: { callback: () => void; ms: number }[] = [];
  const sent: string[] = [];
  const events: SenderEvent[] = [];
  const sender = new JudgmentSender({
    queue,
    now: () => 0,
    send: async (j) => {
      sent.push(j.id);
      return outcomes.shift() ?? { kind: "stored" };
    },
    setTimer: (callback, ms) => timers.push({ callback, ms }),
    clearTimer: () => undefined,
  });
  sender.subscribe((e) => events.push(e));
  return { sender, queue, timers, sent, events };
}

const judgment = { id: "a1-x", projectId: 1, assignmentId: 1, taskId: 5, value: "yes", activeMs: 900 };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("JudgmentSender", () => {
  it("removes a judgment once stored and passes gold feedback on", async () => {
    const { sender, queue, events } = setup([
      { kind: "stored", gold: { correct: false, answer: "no", explanation: "See §2" } },
    ]);
    sender.submit(judgment);
    expect(queue.list()).toHaveLength(1);
    await flush();
    expect(queue.list()).toHaveLength(0);
    expect(events.find((e) => e.type === "stored")).toMatchObject({ gold: { correct: false } });
  });

  it("keeps a judgment through network failures and retries with the same key", async () => {
    const { sender, queue, timers, sent } = setup([
      { kind: "retry", message: "No connection" },
      { kind: "retry", message: "No connection" },
    ]);
    sender.submit(judgment);
    await flush();
    expect(queue.get("a1-x")).toMatchObject({ attempts: 1, state: "sending", message: "No connection" });
    expect(timers.map((t) => t.ms)).toEqual([1000]);
    timers[0]?.callback();
    await flush();
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000]);
    timers[1]?.callback();
    await flush();
    expect(sent).toEqual(["a1-x", "a1-x", "a1-x"]);
    expect(queue.list()).toHaveLength(0);
  });

  it("keeps an expired judgment, tells the view, and forgets it only when discarded", async () => {
    const { sender, queue, events, timers } = setup([{ kind: "expired", message: "The lease has expired" }]);
    sender.submit(judgment);
    await flush();
    expect(queue.get("a1-x")?.state).toBe("expired");
    expect(events.some((e) => e.type === "problem")).toBe(true);
    expect(timers).toHaveLength(0);
    sender.discard("a1-x");
    expect(queue.list()).toHaveLength(0);
  });

  it("resumes what an earlier page left", async () => {
    const { sender, queue, sent } = setup([]);
    queue.put({ ...judgment, attempts: 3, state: "sending", savedAt: 0 });
    queue.put({ ...judgment, id: "a2-y", attempts: 1, state: "expired", savedAt: 0 });
    sender.resumeAll();
    await flush();
    expect(sent).toEqual(["a1-x"]);
    expect(queue.list().map((j) => j.id)).toEqual(["a2-y"]);
  });
});
