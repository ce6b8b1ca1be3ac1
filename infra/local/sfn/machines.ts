import './polyfill.ts';
import { StateMachine } from 'aws-local-stepfunctions';
import { prepareDefinition, type PreparedDefinition } from './definition.ts';
import type { HistoryEvent } from './records.ts';

export interface LocalStateMachine {
  name: string;
  /** ASL JSON with the substitutions already applied. */
  definition: string;
}

/** A state machine as the service runs it: the prepared definition and its interpreters. */
export class Machine {
  readonly prepared: PreparedDefinition;
  /** 0 ms for every Task with a Retry: the interpreter retries at once and the service pauses on its clock. */
  readonly retryIntervals: Record<string, number>;
  private readonly interpreter: StateMachine;

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly definitionText: string,
  ) {
    this.prepared = prepareDefinition(definitionText);
    this.retryIntervals = Object.fromEntries([...this.prepared.plans].filter(([, plan]) => plan.retried).map(([stateName]) => [stateName, 0]));
    this.interpreter = interpreterFor(this.prepared.definition, true);
  }

  /** The interpreter that starts at `state` (a top-level state): how a redrive continues where it failed. */
  interpreterFrom(state?: string): StateMachine {
    if (state === undefined || state === this.prepared.definition.StartAt) return this.interpreter;
    // Validated once as a whole above; the same states with another StartAt need no second look.
    return interpreterFor({ ...this.prepared.definition, StartAt: state }, false);
  }

  isTopLevelState(name: string): boolean {
    return Object.hasOwn(this.prepared.definition.States as object, name);
  }
}

/**
 * Interpreters by definition, kept for the life of the process: building one validates the
 * definition, which takes a good part of a second, and a restarted service (or the next test)
 * runs the same definitions.
 */
const interpreters = new Map<string, StateMachine>();

function interpreterFor(definition: Record<string, unknown>, validate: boolean): StateMachine {
  const key = JSON.stringify(definition);
  let interpreter = interpreters.get(key);
  if (!interpreter) {
    interpreter = new StateMachine(definition as unknown as ConstructorParameters<typeof StateMachine>[0], { validationOptions: validate ? { checkArn: false } : { noValidate: true } });
    interpreters.set(key, interpreter);
  }
  return interpreter;
}

/** Where an execution goes on: the last top-level state it entered and did not leave, with the input it entered with. */
export interface ResumePoint {
  state: string;
  input: unknown;
  /** The id of that state's Entered event. */
  enteredEventId: number;
}

export function resumePoint(machine: Machine, events: readonly HistoryEvent[]): ResumePoint | undefined {
  const open = new Map<string, ResumePoint>();
  for (const event of events) {
    const entered = event.details.stateEnteredEventDetails as { name?: string; input?: string } | undefined;
    const exited = event.details.stateExitedEventDetails as { name?: string } | undefined;
    if (entered?.name && event.type.endsWith('StateEntered') && machine.isTopLevelState(entered.name)) {
      open.delete(entered.name);
      open.set(entered.name, { state: entered.name, input: JSON.parse(entered.input ?? 'null'), enteredEventId: event.id });
    } else if (exited?.name && event.type.endsWith('StateExited')) {
      open.delete(exited.name);
    }
  }
  return [...open.values()].at(-1);
}

/** Visits per state so far, so each visit of a state keys its own timer across a re-drive. */
export function visitsIn(events: readonly HistoryEvent[]): Map<string, number> {
  const visits = new Map<string, number>();
  for (const event of events) {
    const name = (event.details.stateEnteredEventDetails as { name?: string } | undefined)?.name;
    if (name && event.type.endsWith('StateEntered')) visits.set(name, (visits.get(name) ?? 0) + 1);
  }
  return visits;
}

/**
 * The interpreter's own States.Timeout error class. Its Retry and Catch let `States.TaskFailed`
 * match every error but an instance of that class, as AWS lets it match every error but
 * States.Timeout; the package does not export the class, so one tiny run that times out hands it over.
 */
export function interpreterTimeoutError(): Promise<new () => Error> {
  timeoutErrorClass ??= probeTimeoutError();
  return timeoutErrorClass;
}
let timeoutErrorClass: Promise<new () => Error> | undefined;

async function probeTimeoutError(): Promise<new () => Error> {
  const probe = new StateMachine(
    { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe', TimeoutSeconds: 0.001, End: true } } },
    { validationOptions: { noValidate: true } },
  );
  const outcome = await probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => undefined) } } }).result.catch((error: unknown) => error);
  const timeout = outcome instanceof Error ? outcome.cause : undefined;
  if (!(timeout instanceof Error) || timeout.name !== 'States.Timeout') throw new Error('aws-local-stepfunctions no longer times a task out as this service expects');
  return timeout.constructor as new () => Error;
}
