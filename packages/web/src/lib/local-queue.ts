/** The part of `localStorage` the queues use, so tests can pass a Map-backed stand-in. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * A list of records kept in localStorage under one key, written through on every change so a
 * reload or a crash loses nothing. Records are identified by `id`. A storage that throws (full,
 * or disabled in private mode) degrades to memory only rather than breaking the page.
 */
export class LocalQueue<T extends { id: string }> {
  private memory: T[] | undefined;

  constructor(
    private readonly storage: KeyValueStorage | undefined,
    private readonly key: string,
  ) {}

  list(): T[] {
    if (this.memory) return [...this.memory];
    try {
      const raw = this.storage?.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      this.memory = Array.isArray(parsed) ? (parsed as T[]) : [];
    } catch {
      this.memory = [];
    }
    return [...this.memory];
  }

  private save(items: T[]): void {
    this.memory = items;
    try {
      if (items.length === 0) this.storage?.removeItem(this.key);
      else this.storage?.setItem(this.key, JSON.stringify(items));
    } catch {
      // Memory still holds the items for this page's life.
    }
  }

  /** Adds the record, or replaces the one with the same id. */
  put(item: T): void {
    const items = this.list().filter((i) => i.id !== item.id);
    items.push(item);
    this.save(items);
  }

  update(id: string, patch: Partial<T>): void {
    this.save(this.list().map((i) => (i.id === id ? { ...i, ...patch } : i)));
  }

  remove(id: string): void {
    this.save(this.list().filter((i) => i.id !== id));
  }

  get(id: string): T | undefined {
    return this.list().find((i) => i.id === id);
  }
}

/** A judgment written down before it is sent; removed once the server has acknowledged it. */
export interface PendingJudgment {
  /** The client key: the same on every retry, so the server stores the judgment once. */
  id: string;
  projectId: number;
  assignmentId: number;
  taskId: number;
  value: unknown;
  activeMs: number;
  savedAt: number;
  attempts: number;
  /** `sending`: will be retried; `expired`: the lease ended first; `rejected`: the server refused it. */
  state: "sending" | "expired" | "rejected";
  message?: string;
}

/** A "this case is unclear" question waiting to be sent. */
export interface PendingQuestion {
  id: string;
  projectId: number;
  taskId: number;
  assignmentId: number;
  text: string;
  /** Guideline section heading and label the question is about, when chosen. */
  section?: string;
  label?: string;
  savedAt: number;
  attempts: number;
}

/** Wait before retry number `attempts` (1-based): 1 s, 2 s, 4 s … capped at 30 s. */
export function retryDelay(attempts: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** A client key for a judgment: unique per answer, stable across its retries. */
export function newClientKey(assignmentId: number, random: () => string): string {
  return `a${assignmentId}-${random()}`;
}
