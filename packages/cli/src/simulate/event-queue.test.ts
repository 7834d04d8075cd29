import { describe, expect, it } from "vitest";
import { mulberry32 } from "./annotator-model.js";
import { EventQueue } from "./event-queue.js";

describe("EventQueue", () => {
  it("pops events by time, and events at one time in the order they were pushed", () => {
    const queue = new EventQueue<string>();
    const random = mulberry32(1);
    const pushed: { at: number; value: string }[] = [];
    for (let i = 0; i < 500; i++) {
      const at = Math.floor(random() * 50);
      pushed.push({ at, value: `e${i}` });
      queue.push(at, `e${i}`);
    }
    const popped: { at: number; value: string }[] = [];
    while (queue.size > 0) popped.push(queue.pop()!);
    const expected = [...pushed].sort((a, b) => a.at - b.at); // Array.prototype.sort is stable
    expect(popped).toEqual(expected);
    expect(queue.pop()).toBeUndefined();
    expect(queue.peekTime()).toBeUndefined();
  });
});
