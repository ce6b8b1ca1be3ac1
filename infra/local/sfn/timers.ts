import { now } from '../../../functions/shared/clock.ts';

/** How often real time passing is checked against timers and deadlines. */
const TICK_MS = 250;

/**
 * Timers on the local clock (functions/shared/clock.ts): each fires once the clock reaches its due
 * time, whether real time got there or `advanceClock` moved it there.
 */
export class Timers {
  private readonly due = new Set<{ dueMs: number; fire(): void }>();
  private readonly ticker = setInterval(() => this.fireDue(), TICK_MS);

  constructor() {
    this.ticker.unref();
  }

  /** Calls `fire` once the local clock reaches `dueMs`; returns the cancel. */
  schedule(dueMs: number, fire: () => void): () => void {
    const timer = { dueMs, fire };
    this.due.add(timer);
    return () => this.due.delete(timer);
  }

  fireDue(): void {
    const nowMs = now().getTime();
    for (const timer of [...this.due]) {
      if (timer.dueMs <= nowMs) {
        this.due.delete(timer);
        timer.fire();
      }
    }
  }

  stop(): void {
    clearInterval(this.ticker);
    this.due.clear();
  }
}
