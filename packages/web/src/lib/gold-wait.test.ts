import { describe, expect, it } from "vitest";
import { goldInTime } from "./gold-wait.js";
import type { SendOutcome } from "./judgment-sender.js";

const gold = { correct: false, answer: "negative", explanation: "Broken on arrival is negative." };
const after = (ms: number, outcome: SendOutcome | undefined) =>
  new Promise<SendOutcome | undefined>((resolve) => setTimeout(() => resolve(outcome), ms));

describe("goldInTime", () => {
  it("gives the gold feedback that arrives before the next task is shown", async () => {
    expect(await goldInTime(after(5, { kind: "stored", gold }), 200)).toEqual(gold);
  });

  it("gives nothing for an ordinary task, a failed send, or an answer that comes too late", async () => {
    expect(await goldInTime(after(5, { kind: "stored" }), 200)).toBeUndefined();
    expect(await goldInTime(after(5, { kind: "retry", message: "offline" }), 200)).toBeUndefined();
    expect(await goldInTime(after(100, { kind: "stored", gold }), 10)).toBeUndefined();
    expect(await goldInTime(Promise.reject(new Error("boom")), 200)).toBeUndefined();
  });
});
