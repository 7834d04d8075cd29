/**
 * Measures active time on a task for pay and handling-time figures: time counts while the page
 * is visible and for at most `idleAfterMs` after the last keyboard or pointer activity, so a
 * task left open over lunch does not count as work. `now` is injected for tests.
 */
export class ActiveClock {
  private total = 0;
  private mark: number;
  private lastActivity: number;
  private visible = true;

  constructor(
    private readonly now: () => number,
    private readonly idleAfterMs = 60_000,
  ) {
    this.mark = now();
    this.lastActivity = this.mark;
  }

  private accumulate(): void {
    const now = this.now();
    if (this.visible) {
      const end = Math.min(now, this.lastActivity + this.idleAfterMs);
      if (end > this.mark) this.total += end - this.mark;
    }
    this.mark = now;
  }

  /** A key press, click or pointer move. */
  activity(): void {
    this.accumulate();
    this.lastActivity = this.mark;
  }

  setVisible(visible: boolean): void {
    this.accumulate();
    this.visible = visible;
    if (visible) this.lastActivity = this.mark;
  }

  /** Active milliseconds so far, rounded. */
  read(): number {
    this.accumulate();
    return Math.round(this.total);
  }

  /** Starts over for the next task. */
  reset(): void {
    this.total = 0;
    this.mark = this.now();
    this.lastActivity = this.mark;
  }
}
