import type { Database } from "../database.js";

/**
 * A per-process cache of values keyed by database and key, each kept for `ttlMs` of wall time.
 * For what changes rarely and is read on every judgment (rate cards, a person's vendor, a
 * project's business unit): a change made through another process is seen within `ttlMs`.
 */
export function processCache<K, V>(ttlMs: number) {
  const byDatabase = new WeakMap<Database, Map<K, { value: V; loadedAt: number }>>();
  return {
    /** The value cached for `key` if it is fresh, else undefined (synchronous: no await on a hit). */
    peek(database: Database, key: K): { value: V } | undefined {
      const hit = byDatabase.get(database)?.get(key);
      return hit && Date.now() - hit.loadedAt < ttlMs ? hit : undefined;
    },
    async get(database: Database, key: K, load: () => Promise<V>): Promise<V> {
      const hit = this.peek(database, key);
      if (hit) return hit.value;
      let entries = byDatabase.get(database);
      if (!entries) {
        entries = new Map();
        byDatabase.set(database, entries);
      }
      const loadedAt = Date.now();
      const value = await load();
      entries.set(key, { value, loadedAt });
      return value;
    },
    forget(database: Database): void {
      byDatabase.delete(database);
    },
  };
}
