/**
 * What the local service changes in a state machine definition before the interpreter sees it, in
 * memory only (the file on disk is what AWS runs):
 * - JSONata is refused: the interpreter would silently ignore it.
 * - Wait states become tasks the service runs on its own clock, so `POST /local/clock/advance` can
 *   release them and a re-drive keeps their due time.
 * - Task timeouts (TimeoutSeconds / TimeoutSecondsPath) move into the service's hands for the
 *   same reasons; the interpreter's own timer is set out of reach (it defaults to 60 s real time,
 *   where AWS has no default).
 */
export interface TaskPlan {
  kind: 'lambda' | 'wait';
  /** The Task's Resource: an integration ARN or a function ARN. */
  resource: string;
  waitForTaskToken: boolean;
  originalType: 'Task' | 'Wait';
}

export interface PreparedDefinition {
  definition: Record<string, unknown>;
  plans: Map<string, TaskPlan>;
}

export const LOCAL_WAIT_RESOURCE = 'arn:aws:lambda:us-east-1:000000000000:function:local-wait';
export const TIMEOUT_KEY = '__localTimeoutSeconds';
/** Under 2^31 ms, the largest delay Node's setTimeout honours. */
const INTERPRETER_TIMEOUT_SECONDS = 2_000_000;

type State = Record<string, unknown>;

export class JsonataNotSupportedError extends Error {
  constructor(where: string) {
    super(`${where} uses QueryLanguage JSONata, which the local interpreter silently ignores: write the workflow in JSONPath`);
    this.name = 'JsonataNotSupportedError';
  }
}

function prepareStates(states: Record<string, State>, plans: Map<string, TaskPlan>): Record<string, State> {
  const prepared: Record<string, State> = {};
  for (const [name, original] of Object.entries(states)) {
    if (original.QueryLanguage === 'JSONata') throw new JsonataNotSupportedError(`state ${name}`);
    const { QueryLanguage: _language, ...state } = original;
    if (state.Type === 'Wait') {
      const { Type: _type, Seconds, SecondsPath, Timestamp, TimestampPath, ...rest } = state;
      const parameters =
        Seconds !== undefined ? { seconds: Seconds } : SecondsPath !== undefined ? { 'seconds.$': SecondsPath } : Timestamp !== undefined ? { timestamp: Timestamp } : { 'timestamp.$': TimestampPath };
      prepared[name] = { ...rest, Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, Parameters: parameters, ResultPath: null, TimeoutSeconds: INTERPRETER_TIMEOUT_SECONDS };
      plans.set(name, { kind: 'wait', resource: LOCAL_WAIT_RESOURCE, waitForTaskToken: false, originalType: 'Wait' });
      continue;
    }
    if (state.Type === 'Task') {
      const { TimeoutSeconds, TimeoutSecondsPath, HeartbeatSeconds: _h, HeartbeatSecondsPath: _hp, ...rest } = state;
      const resource = String(state.Resource);
      const waitForTaskToken = resource.endsWith('.waitForTaskToken');
      const parameters = (rest.Parameters as Record<string, unknown> | undefined) ?? undefined;
      const timeout = TimeoutSecondsPath !== undefined ? { [`${TIMEOUT_KEY}.$`]: TimeoutSecondsPath } : TimeoutSeconds !== undefined ? { [TIMEOUT_KEY]: TimeoutSeconds } : {};
      prepared[name] = {
        ...rest,
        ...(parameters || Object.keys(timeout).length ? { Parameters: { ...(parameters ?? { 'Payload.$': '$' }), ...timeout } } : {}),
        TimeoutSeconds: INTERPRETER_TIMEOUT_SECONDS,
      };
      plans.set(name, { kind: 'lambda', resource, waitForTaskToken, originalType: 'Task' });
      continue;
    }
    if (state.Type === 'Parallel') {
      const branches = (state.Branches as { States: Record<string, State> }[]).map((branch) => ({ ...branch, States: prepareStates(branch.States, plans) }));
      prepared[name] = { ...state, Branches: branches };
      continue;
    }
    if (state.Type === 'Map') {
      const key = state.ItemProcessor ? 'ItemProcessor' : 'Iterator';
      const processor = state[key] as { States: Record<string, State> } & Record<string, unknown>;
      const { ProcessorConfig: _config, ...inner } = processor;
      prepared[name] = { ...state, [key]: { ...inner, States: prepareStates(processor.States, plans) } };
      continue;
    }
    prepared[name] = state;
  }
  return prepared;
}

export function prepareDefinition(text: string): PreparedDefinition {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  if (parsed.QueryLanguage === 'JSONata') throw new JsonataNotSupportedError('the state machine');
  const { QueryLanguage: _language, ...definition } = parsed;
  const plans = new Map<string, TaskPlan>();
  definition.States = prepareStates(definition.States as Record<string, State>, plans);
  return { definition, plans };
}
