import { now } from '../../../functions/shared/clock.ts';
import { timerSortKey, tokenSortKey, type ExecutionRecords, type HistoryEvent, type PendingWrites } from './records.ts';

/** `TaskScheduled` → `taskScheduledEventDetails`, as AWS names the details of each event type. */
export const detailsKey = (type: string) => `${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`;

/**
 * One execution's history and waiting records, kept in memory and written in batches: `flush()`
 * at each wait and at the end puts the events since the last flush, new timers and tokens, and
 * deletes the tokens and timers done with, in one write (records.ts). Flushes are chained, so they
 * land in order; `written` is the last one, and never rejects.
 */
export class Journal {
  readonly events: HistoryEvent[];
  private flushedCount: number;
  private pending: Omit<PendingWrites, 'events'> = { timers: [], tokens: [], deletes: [] };
  written: Promise<void> = Promise.resolve();

  constructor(
    private readonly records: ExecutionRecords,
    private readonly executionArn: string,
    /** Events already in the table (a re-drive or a redrive continues after them). */
    stored: HistoryEvent[] = [],
  ) {
    this.events = [...stored];
    this.flushedCount = stored.length;
  }

  get length(): number {
    return this.events.length;
  }

  add(type: string, details: Record<string, unknown>, key = detailsKey(type)): HistoryEvent {
    const id = this.events.length + 1;
    const event: HistoryEvent = { id, previousEventId: id - 1, timestamp: now().toISOString(), type, details: { [key]: details } };
    this.events.push(event);
    return event;
  }

  putTimer(key: string, dueMs: number): void {
    this.pending.timers.push({ key, dueMs });
  }

  putToken(token: string, task: { stateName: string; deadline?: string }): void {
    this.pending.tokens.push({ token, ...task });
  }

  /** A token used or given up: deleted with the next flush, or never written if it had not been yet. */
  dropToken(token: string): void {
    const unwritten = this.pending.tokens.findIndex((pending) => pending.token === token);
    if (unwritten >= 0) this.pending.tokens.splice(unwritten, 1);
    else this.pending.deletes.push(tokenSortKey(token));
  }

  dropTimer(key: string): void {
    const unwritten = this.pending.timers.findIndex((pending) => pending.key === key);
    if (unwritten >= 0) this.pending.timers.splice(unwritten, 1);
    else this.pending.deletes.push(timerSortKey(key));
  }

  /** Writes what piled up since the last flush (nothing when nothing did); resolves when it has landed. */
  flush(): Promise<void> {
    const writes: PendingWrites = { events: this.events.slice(this.flushedCount), ...this.pending };
    this.flushedCount = this.events.length;
    this.pending = { timers: [], tokens: [], deletes: [] };
    if (writes.events.length + writes.timers.length + writes.tokens.length + writes.deletes.length === 0) return this.written;
    // A write that fails (the database is away) is reported and the chain goes on: the execution's
    // record still says RUNNING, so the next start re-drives it from what did land.
    this.written = this.written.then(() => this.records.write(this.executionArn, writes)).catch((error: unknown) => console.error('local Step Functions: could not write an execution’s history', error));
    return this.written;
  }
}
