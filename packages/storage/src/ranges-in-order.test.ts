import { describe, expect, it } from "vitest";
import { type RangeText, rangesInOrder, type TaskRange } from "./ranges-in-order.js";

function* ranges(count: number): Generator<TaskRange> {
  for (let i = 0; i < count; i++) yield { first: i * 10 + 1, last: i * 10 + 10 };
}

describe("rangesInOrder", () => {
  // The writer's memory: at most lanes × ahead ranges read and not yet written, however slowly
  // the file is written and whatever order the readers finish in.
  it("never has more than lanes × ahead ranges read and not yet written", async () => {
    let started = 0;
    let most = 0;
    const written: number[] = [];
    // Ranges finish out of order (later ones first within each few), the writer slowly.
    const read = (index: number) => {
      started++;
      most = Math.max(most, started - written.length);
      return new Promise<RangeText>((resolve) =>
        setTimeout(() => resolve({ bytes: new Uint8Array([index]), tasks: 10, judgments: 1 }), 5 - (index % 5)),
      );
    };
    for await (const piece of rangesInOrder(ranges(50), 3, 2, read)) {
      written.push((piece.text as Uint8Array)[0]!);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(written).toEqual([...Array(50).keys()]);
    expect(most).toBe(6);
  });

  it("passes each range's counts on as running totals, and its release", async () => {
    const released: number[] = [];
    const read = async (index: number): Promise<RangeText> => ({
      bytes: new Uint8Array(0),
      tasks: 10,
      judgments: index,
      release: () => released.push(index),
    });
    const totals: [number, number][] = [];
    for await (const piece of rangesInOrder(ranges(4), 2, 1, read)) {
      totals.push([piece.tasks, piece.judgments]);
      piece.release?.();
    }
    expect(totals).toEqual([
      [10, 0],
      [20, 1],
      [30, 3],
      [40, 6],
    ]);
    expect(released).toEqual([0, 1, 2, 3]);
  });
});
