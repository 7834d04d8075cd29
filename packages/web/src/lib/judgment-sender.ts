import type { GoldFeedback } from "@quorum/server";
import { type LocalQueue, type PendingJudgment, retryDelay } from "./local-queue.js";

/** What the server said about one send. */
export type SendOutcome =
  | { kind: "stored"; gold?: GoldFeedback }
  | { kind: "retry"; message: string }
  | { kind: "expired"; message: string }
  | { kind: "rejected"; message: string };

export type SenderEvent =
  | {
      type: "stored";
      judgment: PendingJudgment;
      gold?: GoldFeedback;
    }
  | { type: "problem"; judgment: PendingJudgment }
  | { type: "changed" };

export interface SenderDeps {
  queue: LocalQueue<PendingJudgment>;
  send: (judgment: PendingJudgment) => Promise<SendOutcome>;
  now: () => number;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

/**
 * Sends judgments so that none is lost silently: each is written to the local queue before the
 * first attempt and removed only when the server acknowledges it. Network failures and server
 * errors retry with the same client key (the server stores it once) with exponential back-off;
 * an expired lease or a refusal stays in the queue, marked, until the annotator decides.
 */
export class JudgmentSender {
  private timers = new Map<string, unknown>();
  private inFlight = new Set<string>();
  private listeners = new Set<(event: SenderEvent) => void>();

  constructor(private readonly deps: SenderDeps) {}

  subscribe(listener: (event: SenderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SenderEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Records the judgment and starts sending it. Resolves with what the server said to the first
   * attempt (with any gold feedback), so the view may wait a moment for it; retries go on after.
   */
  submit(judgment: Omit<PendingJudgment, "attempts" | "state" | "savedAt">): Promise<SendOutcome | undefined> {
    const record: PendingJudgment = { ...judgment, attempts: 0, state: "sending", savedAt: this.deps.now() };
    this.deps.queue.put(record);
    this.emit({ type: "changed" });
    return this.attempt(record.id);
  }

  /** Resumes sending what an earlier page left in the queue. */
  resumeAll(): void {
    for (const j of this.deps.queue.list()) if (j.state === "sending") void this.attempt(j.id);
  }

  /** Retries every waiting judgment now (e.g. when the browser comes back online). */
  retryNow(): void {
    for (const j of this.deps.queue.list()) {
      if (j.state !== "sending") continue;
      const timer = this.timers.get(j.id);
      if (timer !== undefined) this.deps.clearTimer(timer);
      this.timers.delete(j.id);
      void this.attempt(j.id);
    }
  }

  /** Forgets a judgment the annotator chose to discard. */
  discard(id: string): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) this.deps.clearTimer(timer);
    this.timers.delete(id);
    this.deps.queue.remove(id);
    this.emit({ type: "changed" });
  }

  pending(): PendingJudgment[] {
    return this.deps.queue.list();
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private async attempt(id: string): Promise<SendOutcome | undefined> {
    if (this.inFlight.has(id)) return undefined;
    const judgment = this.deps.queue.get(id);
    if (judgment?.state !== "sending") return undefined;
    this.timers.delete(id);
    this.inFlight.add(id);
    this.emit({ type: "changed" });
    let outcome: SendOutcome;
    try {
      outcome = await this.deps.send(judgment);
    } catch (error) {
      outcome = { kind: "retry", message: error instanceof Error ? error.message : String(error) };
    }
    this.inFlight.delete(id);
    if (!this.deps.queue.get(id)) return outcome; // discarded meanwhile
    const attempts = judgment.attempts + 1;
    switch (outcome.kind) {
      case "stored":
        this.deps.queue.remove(id);
        this.emit(outcome.gold ? { type: "stored", judgment, gold: outcome.gold } : { type: "stored", judgment });
        break;
      case "retry":
        this.deps.queue.update(id, { attempts, message: outcome.message });
        this.timers.set(
          id,
          this.deps.setTimer(() => void this.attempt(id), retryDelay(attempts)),
        );
        break;
      case "expired":
      case "rejected": {
        const state = outcome.kind;
        this.deps.queue.update(id, { attempts, state, message: outcome.message });
        this.emit({ type: "problem", judgment: { ...judgment, attempts, state, message: outcome.message } });
        break;
      }
    }
    this.emit({ type: "changed" });
    return outcome;
  }
}
