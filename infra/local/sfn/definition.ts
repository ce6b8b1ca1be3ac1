/**
 * What the local service changes in a state machine definition before the interpreter sees it, in
 * memory only (the file on disk is what AWS runs):
 * - JSONata is refused: the interpreter would silently ignore it.
 * - Wait states become Tasks the service runs on its own clock, so advancing the clock releases
 *   them and a re-drive keeps their due time.
 * - Task deadlines (TimeoutSeconds[Path], HeartbeatSeconds[Path]), the pauses between a Task's
 *   retries and the execution's TimeoutSeconds move into the service's hands for the same reasons. The interpreter would
 *   measure them in real time, and gives every Task a 60 s timeout AWS does not have, so its own
 *   task timer is set out of reach.
 *
 * Every rewritten Task gets Parameters of the shape of {@link TaskEnvelope}: the interpreter
 * resolves the paths in it (against the state's input after InputPath) and the service unwraps it.
 */
export interface TaskPlan {
  kind: 'lambda' | 'wait';
  /** The Task's Resource: an integration ARN or a function ARN. */
  resource: string;
  waitForTaskToken: boolean;
  /** The state's type in the original definition, for history event names. */
  originalType: 'Task' | 'Wait';
  /** The Task has a Retry: the interpreter retries at once, the service pauses on its clock. */
  retried: boolean;
}

/** What a rewritten Task's override receives once the interpreter has resolved its Parameters. */
export interface TaskEnvelope {
  /** A Task's resolved Parameters (or its whole input when it has none); a Wait's effective input. */
  parameters: unknown;
  timeoutSeconds?: unknown;
  heartbeatSeconds?: unknown;
  /** Wait states only. */
  seconds?: unknown;
  timestamp?: unknown;
}

export interface PreparedDefinition {
  definition: Record<string, unknown>;
  plans: Map<string, TaskPlan>;
  /** The execution's TimeoutSeconds, measured by the service on the local clock. */
  timeoutSeconds?: number;
}

/** A Resource the interpreter accepts; the service never calls it (the state is overridden). */
const LOCAL_WAIT_RESOURCE = 'arn:aws:lambda:us-east-1:000000000000:function:local-wait';
/** Under 2^31 ms, the largest delay Node's setTimeout honours. */
const OUT_OF_REACH_SECONDS = 2_000_000;

type State = Record<string, unknown>;

export class JsonataNotSupportedError extends Error {
  constructor(where: string) {
    super(`${where} uses QueryLanguage JSONata, which the local interpreter silently ignores: write the workflow in JSONPath`);
    this.name = 'JsonataNotSupportedError';
  }
}

export class UnsupportedResourceError extends Error {
  constructor(state: string, resource: string) {
    super(`state ${state} calls ${resource}: the local service runs Lambda tasks only (lambda:invoke, lambda:invoke.waitForTaskToken or a function ARN)`);
    this.name = 'UnsupportedResourceError';
  }
}

const LAMBDA_RESOURCE = /^(arn:aws:states:::lambda:invoke(\.waitForTaskToken)?|arn:aws:lambda:[^:]+:[^:]+:function:.+)$/;

/** `{ key: value }` or `{ 'key.$': path }`, whichever the state used; nothing when it used neither. */
function field(key: string, value: unknown, path: unknown): Record<string, unknown> {
  if (value !== undefined) return { [key]: value };
  if (path !== undefined) return { [`${key}.$`]: path };
  return {};
}

function prepareWait(name: string, state: State, plans: Map<string, TaskPlan>): State {
  const { Type: _type, Seconds, SecondsPath, Timestamp, TimestampPath, ...rest } = state;
  plans.set(name, { kind: 'wait', resource: LOCAL_WAIT_RESOURCE, waitForTaskToken: false, originalType: 'Wait', retried: false });
  // The handler returns `parameters`, so the output is the effective input, as a Wait's is.
  const envelope = { 'parameters.$': '$', ...field('seconds', Seconds, SecondsPath), ...field('timestamp', Timestamp, TimestampPath) };
  return { ...rest, Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, Parameters: envelope, TimeoutSeconds: OUT_OF_REACH_SECONDS };
}

function prepareTask(name: string, state: State, plans: Map<string, TaskPlan>): State {
  const { TimeoutSeconds, TimeoutSecondsPath, HeartbeatSeconds, HeartbeatSecondsPath, Parameters, ...rest } = state;
  const resource = String(state.Resource);
  if (!LAMBDA_RESOURCE.test(resource)) throw new UnsupportedResourceError(name, resource);
  plans.set(name, { kind: 'lambda', resource, waitForTaskToken: resource.endsWith('.waitForTaskToken'), originalType: 'Task', retried: Array.isArray(state.Retry) && state.Retry.length > 0 });
  const envelope = {
    ...(Parameters === undefined ? { 'parameters.$': '$' } : { parameters: Parameters }),
    ...field('timeoutSeconds', TimeoutSeconds, TimeoutSecondsPath),
    ...field('heartbeatSeconds', HeartbeatSeconds, HeartbeatSecondsPath),
  };
  return { ...rest, Parameters: envelope, TimeoutSeconds: OUT_OF_REACH_SECONDS };
}

function prepareStates(states: Record<string, State>, plans: Map<string, TaskPlan>): Record<string, State> {
  const prepared: Record<string, State> = {};
  for (const [name, original] of Object.entries(states)) {
    if (original.QueryLanguage === 'JSONata') throw new JsonataNotSupportedError(`state ${name}`);
    const { QueryLanguage: _language, ...state } = original;
    switch (state.Type) {
      case 'Wait':
        prepared[name] = prepareWait(name, state, plans);
        break;
      case 'Task':
        prepared[name] = prepareTask(name, state, plans);
        break;
      case 'Parallel': {
        const branches = (state.Branches as { States: Record<string, State> }[]).map((branch) => ({ ...branch, States: prepareStates(branch.States, plans) }));
        prepared[name] = { ...state, Branches: branches };
        break;
      }
      case 'Map': {
        const key = state.ItemProcessor ? 'ItemProcessor' : 'Iterator';
        // ProcessorConfig (INLINE/DISTRIBUTED) is unknown to the interpreter; every Map runs inline.
        const { ProcessorConfig: _config, ...processor } = state[key] as { States: Record<string, State> } & Record<string, unknown>;
        prepared[name] = { ...state, [key]: { ...processor, States: prepareStates(processor.States, plans) } };
        break;
      }
      default:
        prepared[name] = state;
    }
  }
  return prepared;
}

/** Parses and rewrites a definition; throws for JSONata anywhere and for Tasks that are not Lambda calls. */
export function prepareDefinition(text: string): PreparedDefinition {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  if (parsed.QueryLanguage === 'JSONata') throw new JsonataNotSupportedError('the state machine');
  const { QueryLanguage: _language, TimeoutSeconds, ...definition } = parsed;
  const plans = new Map<string, TaskPlan>();
  definition.States = prepareStates(definition.States as Record<string, State>, plans);
  return { definition, plans, ...(typeof TimeoutSeconds === 'number' ? { timeoutSeconds: TimeoutSeconds } : {}) };
}
