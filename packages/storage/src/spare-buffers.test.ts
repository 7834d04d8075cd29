import { describe, expect, it } from "vitest";
import { SpareBuffers } from "./spare-buffers.js";

describe("SpareBuffers", () => {
  it("reuses a buffer handed back instead of making one", () => {
    const spare = new SpareBuffers(2);
    const first = spare.take(1000);
    expect(first.byteLength).toBeGreaterThanOrEqual(1000);
    spare.give(first);
    expect(spare.take(900)).toBe(first);
    expect(spare.made).toBe(1);
  });

  it("makes a new buffer when none kept is large enough", () => {
    const spare = new SpareBuffers(2);
    const small = spare.take(100);
    spare.give(small);
    const large = spare.take(10_000);
    expect(large).not.toBe(small);
    expect(large.byteLength).toBeGreaterThanOrEqual(10_000);
    expect(spare.made).toBe(2);
    expect(spare.size).toBe(1);
  });

  it("never keeps more than its limit, dropping the smallest", () => {
    const spare = new SpareBuffers(2);
    const buffers = [300, 100, 200, 400].map((n) => spare.take(n));
    for (const buffer of buffers) spare.give(buffer);
    expect(spare.size).toBe(2);
    expect(spare.take(1)).toBe(buffers[0]);
    expect(spare.take(1)).toBe(buffers[3]);
    expect(spare.size).toBe(0);
  });

  it("does not keep a detached buffer", () => {
    const spare = new SpareBuffers(2);
    const buffer = spare.take(10);
    structuredClone(buffer, { transfer: [buffer] });
    spare.give(buffer);
    expect(spare.size).toBe(0);
  });
});
