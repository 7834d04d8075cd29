/**
 * Buffers handed back for reuse, at most `limit` of them kept. An export worker copies each
 * range's text into one of these and transfers it to the writing thread, which hands it back once
 * written: without reuse every range left a buffer of its size (~0.7 MiB) as garbage in the
 * writing thread, tens of MiB of it before that thread's collector ran.
 */
export class SpareBuffers {
  readonly #kept: ArrayBuffer[] = [];
  /** Buffers made because none kept was large enough (a figure for tests). */
  made = 0;

  constructor(readonly limit: number) {}

  /** A buffer of at least `length` bytes: a kept one if one is large enough, else a new one with room to spare. */
  take(length: number): ArrayBuffer {
    const index = this.#kept.findIndex((buffer) => buffer.byteLength >= length);
    if (index >= 0) return this.#kept.splice(index, 1)[0]!;
    this.made++;
    // A quarter more, so that ranges of slightly different sizes reuse each other's buffers.
    return new ArrayBuffer(length + (length >> 2));
  }

  /** Keeps a buffer handed back (the smallest is dropped when `limit` are kept already). */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0) return;
    this.#kept.push(buffer);
    if (this.#kept.length > this.limit) {
      let smallest = 0;
      for (let i = 1; i < this.#kept.length; i++)
        if (this.#kept[i]!.byteLength < this.#kept[smallest]!.byteLength) smallest = i;
      this.#kept.splice(smallest, 1);
    }
  }

  /** How many buffers are kept. */
  get size(): number {
    return this.#kept.length;
  }
}
