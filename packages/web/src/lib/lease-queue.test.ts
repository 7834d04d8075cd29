import { describe, expect, it } from "vitest";
import { LeaseQueue, type QueuedLease } from "./lease-queue.js";

const NOW = 1_000_000;
const lease = (id: number, expiresIn = 600_000): QueuedLease => ({
  id,
  task: { id: id * 10 },
  expiresAt: new Date(NOW + expiresIn).toISOString(),
});

function source(resumed: QueuedLease[], fresh: QueuedLease[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    resume: async () => resumed,
    next: async () => {
      calls += 1;
      return fresh.shift();
    },
  };
}

describe("LeaseQueue", () => {
  it("resumes held leases first, then keeps one ahead", async () => {
    const queue = new LeaseQueue(source([lease(1)], [lease(2), lease(3)]), () => NOW);
    await queue.start();
    expect(queue.current?.id).toBe(1);
    expect(queue.upcoming.map((l) => l.id)).toEqual([2]);
    expect(queue.ready).toBe(true);
    expect(queue.advance()?.id).toBe(2);
    await queue.fill();
    expect(queue.upcoming.map((l) => l.id)).toEqual([3]);
  });

  it("shows the next task synchronously on advance", async () => {
    const queue = new LeaseQueue(source([], [lease(1), lease(2)]), () => NOW);
    await queue.start();
    const shown = queue.advance();
    expect(shown?.id).toBe(2);
  });

  it("drops leases about to expire", async () => {
    const queue = new LeaseQueue(source([lease(1, 5_000), lease(2)], []), () => NOW);
    await queue.start();
    expect(queue.current?.id).toBe(2);
  });

  it("stops asking when the server has nothing, until retried", async () => {
    const fresh = [lease(1)];
    const src = source([], fresh);
    const queue = new LeaseQueue(src, () => NOW);
    await queue.start();
    expect(queue.exhausted).toBe(true);
    expect(queue.advance()).toBeUndefined();
    await queue.fill();
    expect(src.calls).toBe(2);
    fresh.push(lease(5));
    await queue.retry();
    expect(queue.current?.id).toBe(5);
  });

  it("keeps the error of a failed fetch and notifies", async () => {
    let notified = 0;
    const queue = new LeaseQueue(
      {
        resume: async () => [],
        next: async () => {
          throw new Error("offline");
        },
      },
      () => NOW,
    );
    queue.subscribe(() => {
      notified += 1;
    });
    await queue.start();
    expect((queue.error as Error).message).toBe("offline");
    expect(notified).toBeGreaterThan(0);
  });
});
