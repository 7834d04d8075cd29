/** Bits of the filter per byte of the file, a power of two between the bounds (16 MiB for 170 MB of JSONL). */
const FILTER_BITS_PER_BYTE = 0.5;
const MIN_FILTER_BITS = 2 ** 20;
const MAX_FILTER_BITS = 2 ** 28;
/** Bits set per id. */
const PROBES = 3;
/** Suspects kept before giving up on them (a few MiB of ids). */
export const MAX_SUSPECTS = 100_000;

/**
 * The ids of an import file that may repeat an earlier id of it, found with a Bloom filter whose
 * size is set by the file's size, not by how many ids it holds: every id that repeats is among
 * the suspects, with a few that do not (about ten in a million ids for the bench's file), for the
 * caller to look up among the tasks written. Past `MAX_SUSPECTS` it stops keeping them
 * (`suspects()` is undefined) and the caller must compare every id. Hand-written: it is one bit
 * array with double hashing that must also name the ids it saw again; Bloom filter packages
 * (bloom-filters and the like) bring many filter kinds and their own hashing for this one use.
 */
export class IdRepeatFilter {
  readonly #bits: Int32Array;
  readonly #mask: number;
  #suspects: string[] | undefined = [];

  constructor(fileBytes: number) {
    let bits = MIN_FILTER_BITS;
    while (bits < MAX_FILTER_BITS && bits < fileBytes * FILTER_BITS_PER_BYTE) bits *= 2;
    this.#bits = new Int32Array(bits / 32);
    this.#mask = bits - 1;
  }

  add(id: string): void {
    // Two 32-bit FNV-1a style hashes of the UTF-16 code units, combined for each probe.
    let h1 = 0x811c9dc5;
    let h2 = 0x01234567;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h2 = (h2 ^ (h2 >>> 15)) | 1;
    let seen = true;
    for (let probe = 0; probe < PROBES; probe++) {
      const bit = (h1 + Math.imul(probe, h2)) & this.#mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      const value = this.#bits[word]!;
      if ((value & flag) === 0) {
        seen = false;
        this.#bits[word] = value | flag;
      }
    }
    if (!seen || !this.#suspects) return;
    this.#suspects.push(id);
    if (this.#suspects.length > MAX_SUSPECTS) this.#suspects = undefined;
  }

  /** The ids that may repeat an earlier one (each id once at least), or undefined past `MAX_SUSPECTS`. */
  suspects(): string[] | undefined {
    return this.#suspects;
  }
}
