import { describe, expect, it } from "vitest";
import { type KeyValueStorage, LocalQueue, newClientKey, type PendingJudgment, retryDelay } from "./local-queue.js";

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const judgment = (id: string): PendingJudgment => ({
  id,
  projectId: 1,
  assignmentId: 2,
  taskId: 3,
  value: "a",
  activeMs: 1000,
  savedAt: 0,
  attempts: 0,
  state: "sending",
});

describe("LocalQueue", () => {
  it("writes through so a new page sees the same records", () => {
    const storage = memoryStorage();
    const queue = new LocalQueue<PendingJudgment>(storage, "pending");
    queue.put(judgment("k1"));
    queue.put(judgment("k2"));
    queue.update("k1", { attempts: 2, state: "expired" });
    const reloaded = new LocalQueue<PendingJudgment>(storage, "pending");
    expect(reloaded.list().map((j) => [j.id, j.attempts, j.state])).toEqual([
      ["k1", 2, "expired"],
      ["k2", 0, "sending"],
    ]);
    reloaded.remove("k1");
    reloaded.remove("k2");
    expect(storage.data.has("pending")).toBe(false);
  });

  it("replaces a record with the same id", () => {
    const queue = new LocalQueue<PendingJudgment>(memoryStorage(), "pending");
    queue.put(judgment("k1"));
    queue.put({ ...judgment("k1"), value: "b" });
    expect(queue.list().map((j) => j.value)).toEqual(["b"]);
  });

  it("survives corrupt and failing storage", () => {
    const storage = memoryStorage();
    storage.data.set("pending", "{not json");
    expect(new LocalQueue(storage, "pending").list()).toEqual([]);
    const failing: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => undefined,
    };
    const queue = new LocalQueue<PendingJudgment>(failing, "pending");
    queue.put(judgment("k1"));
    expect(queue.list()).toHaveLength(1);
  });
});

it("retries back off exponentially up to 30 s", () => {
  expect([1, 2, 3, 6, 10].map(retryDelay)).toEqual([1000, 2000, 4000, 30_000, 30_000]);
});

it("client keys name the assignment", () => {
  expect(newClientKey(42, () => "xyz")).toBe("a42-xyz");
});
