/**
 * Fault injection, for the reliability suite: a share of Lambda task invocations fail as Lambda's
 * own transient faults would. Local runtime only (nothing under functions/ or infra/stack knows
 * of it), off unless configured.
 */
export interface FaultInjection {
  /** The share of task invocations that fail, from 0 to 1. */
  share: number;
  /** A source of numbers in [0, 1); Math.random unless a test needs a fixed sequence. */
  random?: () => number;
  /** Decides each invocation's fault itself (a scenario test aims at one step); `share` is ignored then. */
  decide?: (functionName: string) => Fault | undefined;
}

/**
 * What an injected fault does to one invocation:
 * - `error`: the function never runs; the invocation fails with Lambda.ServiceException.
 * - `timeout`: the function runs (its effects happen) but its reply is lost; the invocation fails
 *   with Lambda.ClientExecutionTimeoutException, as when the caller gave up waiting. The task's
 *   retry runs the step again, which is why every step is idempotent.
 */
export type Fault = 'error' | 'timeout';

export class InjectedFaultError extends Error {
  constructor(
    name: 'Lambda.ServiceException' | 'Lambda.ClientExecutionTimeoutException',
    message: string,
  ) {
    super(message);
    this.name = name;
  }
}

/** The fault for the next invocation, or none. */
export function nextFault(faults: FaultInjection | undefined, functionName: string): Fault | undefined {
  if (faults?.decide) return faults.decide(functionName);
  if (!faults || faults.share <= 0) return undefined;
  const random = faults.random ?? Math.random;
  if (random() >= faults.share) return undefined;
  return random() < 0.5 ? 'error' : 'timeout';
}

export function validateFaults(faults: FaultInjection | undefined): void {
  if (faults && !(faults.share >= 0 && faults.share <= 1)) throw new RangeError(`the share of injected faults must be from 0 to 1, not ${faults.share}`);
}
