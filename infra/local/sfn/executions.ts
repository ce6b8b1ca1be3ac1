import { Journal } from './journal.ts';
import { resumePoint, visitsIn, type Machine } from './machines.ts';
import type { ExecutionRecord, ExecutionRecords, ExecutionStatus, HistoryEvent } from './records.ts';
import { Run, type RunServices, type RunStart } from './run.ts';

/** Closed executions kept in memory, so that clients polling DescribeExecution cost the table nothing. */
const RECENT_LIMIT = 10_000;

const TERMINAL_EVENTS: Record<string, Exclude<ExecutionStatus, 'RUNNING'>> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

/**
 * The executions this service knows: the runs in progress, the ones that ended lately (in
 * memory), and through them the table for the rest. Starting, continuing after a restart and
 * redriving all come down to a Run with a journal over the history so far.
 */
export class Executions {
  private readonly live = new Map<string, Run>();
  private readonly recent = new Map<string, { execution: ExecutionRecord; events: HistoryEvent[] }>();

  constructor(
    private readonly records: ExecutionRecords,
    private readonly services: Omit<RunServices, 'ended'>,
  ) {}

  run(executionArn: string): Run | undefined {
    return this.live.get(executionArn);
  }

  async describe(executionArn: string): Promise<ExecutionRecord | undefined> {
    return this.live.get(executionArn)?.execution ?? this.recent.get(executionArn)?.execution ?? this.records.get(executionArn);
  }

  async history(executionArn: string): Promise<HistoryEvent[]> {
    return this.live.get(executionArn)?.journal.events ?? this.recent.get(executionArn)?.events ?? (await this.records.state(executionArn)).events;
  }

  /** A new execution, already recorded as RUNNING. */
  start(machine: Machine, execution: ExecutionRecord): void {
    this.launch(machine, execution, [], new Map(), [], { kind: 'start' });
  }

  /** An execution a previous process left RUNNING: closed if its end was written, else continued where its history stops. */
  async continueAfterRestart(machine: Machine, execution: ExecutionRecord): Promise<void> {
    const state = await this.records.state(execution.executionArn);
    const last = state.events.at(-1);
    const ended = last ? TERMINAL_EVENTS[last.type] : undefined;
    if (last && ended) {
      const details = Object.values(last.details)[0] as { output?: string; error?: string; cause?: string };
      await this.records.update(execution.executionArn, ['RUNNING'], { status: ended, stoppedAt: last.timestamp, output: details.output, error: details.error, cause: details.cause });
      return;
    }
    this.launch(machine, execution, state.events, state.timers, state.tokens, { kind: 'continue', from: resumePoint(machine, state.events) });
  }

  /** RedriveExecution, once the record says RUNNING again: goes on from the state it failed in. */
  async redrive(machine: Machine, execution: ExecutionRecord): Promise<void> {
    const cached = this.recent.get(execution.executionArn);
    const state = cached ? { events: cached.events, timers: new Map<string, number>(), tokens: [] } : await this.records.state(execution.executionArn);
    this.recent.delete(execution.executionArn);
    this.launch(machine, execution, state.events, state.timers, state.tokens, { kind: 'redrive', from: resumePoint(machine, state.events) });
  }

  /** Stops every run without recording an end (the service is stopping), once what they recorded has been written. */
  async detachAll(): Promise<void> {
    const runs = [...this.live.values()];
    for (const run of runs) run.detach();
    await Promise.all(runs.map((run) => run.journal.flush()));
    await Promise.all(runs.map((run) => run.closed));
    this.live.clear();
  }

  private launch(machine: Machine, execution: ExecutionRecord, events: HistoryEvent[], timers: Map<string, number>, oldTokens: string[], how: RunStart): void {
    const journal = new Journal(this.records, execution.executionArn, events);
    // Tokens of an earlier run are dead: the task that held one waits again with a new token.
    for (const token of oldTokens) journal.dropToken(token);
    const run = new Run({ ...this.services, ended: (ended) => this.ended(ended) }, machine, execution, journal, timers, visitsIn(events));
    this.live.set(execution.executionArn, run);
    run.start(how);
  }

  private ended(run: Run): void {
    if (this.live.get(run.executionArn) !== run) return;
    this.live.delete(run.executionArn);
    if (!run.ended || run.execution.status === 'RUNNING') return;
    this.recent.set(run.executionArn, { execution: run.execution, events: run.journal.events });
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value as string);
  }
}
