import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One AWS call as IAM authorizes it: `dynamodb:Query` on `table/warmth/index/byStatus`,
 * `states:StartExecution` on the autumn-aid state machine. Resources are named without account,
 * region or stage (the table by its role, a state machine by its program) so that recordings made
 * locally compare with any deployment's policy.
 */
export interface AwsCall {
  /** IAM action, e.g. `dynamodb:Query`. */
  action: string;
  /**
   * `table` or `table/index/<name>` for DynamoDB; `stateMachine/<program>`, `execution/<program>` or
   * `stateMachine/*` (a task token's, any workflow) for Step Functions; `secret/<name>`;
   * `object/<key>` in the documents bucket; `phone` for an SMS published to a number; `key/fields` for
   * the field key's data keys (KMS).
   */
  resource: string;
}

/** Which handler (`file#export`) the current invocation runs: set by the local runtime around each invocation. */
export const handlerContext = new AsyncLocalStorage<string>();

/** Calls recorded in this process, by handler; filled only when AWS_CALL_RECORDING is set (the test setup sets it). */
export const recordedCalls = new Map<string, Map<string, AwsCall>>();

const recording = (): boolean => process.env.AWS_CALL_RECORDING === '1';

function record(calls: readonly AwsCall[]): void {
  const handler = handlerContext.getStore();
  if (!handler) return;
  let byKey = recordedCalls.get(handler);
  if (!byKey) recordedCalls.set(handler, (byKey = new Map()));
  for (const call of calls) byKey.set(`${call.action} ${call.resource}`, call);
}

/** DynamoDB calls split into the IAM actions they need: a transaction is authorized item by item. */
function dynamoCalls(command: string, input: Record<string, any>): AwsCall[] {
  const onTable = (index?: string) => (index ? `table/index/${index}` : 'table');
  if (command === 'TransactWriteItems') {
    const kinds: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };
    return (input.TransactItems as Record<string, unknown>[]).flatMap((item) => Object.keys(item).map((kind) => ({ action: `dynamodb:${kinds[kind] ?? kind}`, resource: 'table' })));
  }
  if (command === 'TransactGetItems') return [{ action: 'dynamodb:GetItem', resource: 'table' }];
  return [{ action: `dynamodb:${command}`, resource: onTable(input.IndexName as string | undefined) }];
}

/** The program whose state machine an ARN names (of the machine or of one of its executions), from WORKFLOW_ARNS. */
function programOf(arn: string): string {
  const machine = arn.includes(':execution:') ? arn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, '') : arn;
  const arns = JSON.parse(process.env.WORKFLOW_ARNS ?? '{}') as Record<string, string>;
  return Object.entries(arns).find(([, candidate]) => candidate === machine)?.[0] ?? machine;
}

function sfnCalls(command: string, input: Record<string, any>): AwsCall[] {
  const action = `states:${command}`;
  if (typeof input.stateMachineArn === 'string') return [{ action, resource: `stateMachine/${programOf(input.stateMachineArn)}` }];
  if (typeof input.executionArn === 'string') return [{ action, resource: `execution/${programOf(input.executionArn)}` }];
  // A task token does not say whose it is: the grant must cover every workflow's.
  return [{ action, resource: 'stateMachine/*' }];
}

const secretCalls = (command: string, input: Record<string, any>): AwsCall[] => [{ action: `secretsmanager:${command}`, resource: `secret/${String(input.SecretId ?? '')}` }];

/** S3 calls as IAM authorizes them: HeadObject needs s3:GetObject. Presigning records the call it signs. */
const s3Actions: Record<string, string> = { HeadObject: 'GetObject' };
// An object by its key's folder (`documents/*`): each document has a key of its own, which would make every run's recording new.
const s3Calls = (command: string, input: Record<string, any>): AwsCall[] => [{ action: `s3:${s3Actions[command] ?? command}`, resource: `object/${String(input.Key ?? '').replace(/[^/]+$/, '*')}` }];

const snsCalls = (command: string, input: Record<string, any>): AwsCall[] => [{ action: `sns:${command}`, resource: input.PhoneNumber ? 'phone' : `topic/${String(input.TopicArn ?? '')}` }];

/** KMS calls on the field key (FIELD_KEY_ID), the one key warmth asks KMS for data keys of. */
const kmsCalls = (command: string): AwsCall[] => [{ action: `kms:${command}`, resource: 'key/fields' }];

const byService = { dynamodb: dynamoCalls, states: sfnCalls, secretsmanager: secretCalls, s3: s3Calls, sns: snsCalls, kms: kmsCalls } as const;

/**
 * In test mode only, records the call a local stand-in makes in its place (the SMS outbox for
 * Amazon SNS), so the grant of the handler that uses it is proven like any other.
 */
export function recordStandInCall(service: keyof typeof byService, command: string, input: Record<string, any>): void {
  if (recording()) record(byService[service](command, input));
}

interface MiddlewareClient {
  middlewareStack: { add(middleware: (next: (args: { input: object }) => Promise<unknown>, context: { commandName?: string }) => (args: { input: object }) => Promise<unknown>, options: { step: 'initialize'; name: string }): void };
}

/**
 * In test mode only, records every call the client makes for the handler running it; the grants
 * test (test/infra/grants.test.ts) holds each function's IAM policy to these recordings.
 */
export function recordAwsCalls<T extends MiddlewareClient>(client: T, service: keyof typeof byService): T {
  if (!recording()) return client;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? '').replace(/Command$/, '');
      record(byService[service](command, args.input as Record<string, any>));
      return next(args);
    },
    { step: 'initialize', name: 'warmthRecordAwsCalls' },
  );
  return client;
}
