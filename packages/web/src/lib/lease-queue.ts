/** The lease fields the queue needs (AssignmentView has them). */
export interface QueuedLease {
  id: number;
  expiresAt: string;
  task: { id: number };
}

export interface LeaseSource<L extends QueuedLease> {
  /** The annotator's unexpired leases in the project, oldest first (to resume after a reload). */
  resume(): Promise<L[]>;
  /** A new lease, or undefined when nothing is left for this annotator. */
  next(): Promise<L | undefined>;
}

/**
 * The task on screen and the ones leased ahead of it, so that after a submit the next task is
 * shown from memory (no round trip between Enter and the next task). It keeps `depth` leases
 * ahead, within the server's limit of three per annotator and project, and drops leases that
 * expire before they are shown. No timers: the view calls `fill` after each change.
 */
export class LeaseQueue<L extends QueuedLease> {
  current: L | undefined;
  upcoming: L[] = [];
  /** The server had nothing more the last time it was asked. */
  exhausted = false;
  /** The last error met while fetching ahead (shown only when nothing is on screen). */
  error: unknown;
  private filling: Promise<void> | undefined;
  private listeners = new Set<() => void>();

  constructor(
    private readonly source: LeaseSource<L>,
    private readonly now: () => number,
    private readonly depth = 1,
    /** A lease with less than this left is not worth showing. */
    private readonly minRemainingMs = 15_000,
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private usable(lease: L): boolean {
    return Date.parse(lease.expiresAt) - this.now() > this.minRemainingMs;
  }

  async start(): Promise<void> {
    const leases = (await this.source.resume()).filter((l) => this.usable(l));
    this.current = leases[0];
    this.upcoming = leases.slice(1);
    this.changed();
    await this.fill();
  }

  /** Leases ahead until `depth` are waiting (or one is on screen, if none is), unless exhausted. */
  fill(): Promise<void> {
    if (!this.filling)
      this.filling = this.fillLoop().finally(() => {
        this.filling = undefined;
      });
    return this.filling;
  }

  private async fillLoop(): Promise<void> {
    while (!this.exhausted && (this.current === undefined || this.upcoming.length < this.depth)) {
      let lease: L | undefined;
      try {
        lease = await this.source.next();
        this.error = undefined;
      } catch (error) {
        this.error = error;
        this.changed();
        return;
      }
      if (!lease) this.exhausted = true;
      else if (this.current === undefined) this.current = lease;
      else if (lease.id !== this.current.id && !this.upcoming.some((l) => l.id === lease.id)) this.upcoming.push(lease);
      this.changed();
    }
  }

  /** Shows the next waiting task (dropping expired ones) and fetches ahead again. Returns it. */
  advance(): L | undefined {
    this.upcoming = this.upcoming.filter((l) => this.usable(l));
    this.current = this.upcoming.shift();
    this.changed();
    void this.fill();
    return this.current;
  }

  /** Asks the server again after it had nothing (e.g. "check again", or new tasks imported). */
  retry(): Promise<void> {
    this.exhausted = false;
    this.error = undefined;
    return this.fill();
  }

  /** Whether the next task is already in memory. */
  get ready(): boolean {
    return this.upcoming.some((l) => this.usable(l));
  }
}
