import type { CfnResource as CdkCfnResource } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsCall } from '../../functions/shared/aws-calls.ts';
import { buildApp } from '../../infra/app.ts';
import { stageNames } from '../../infra/config.ts';
import { stateMachineName, workflowPrograms, type WorkflowProgram } from '../../workflows/index.ts';
import { readRecordings, type HandlerRecording } from '../support/aws-calls.ts';
import { buildWeb, clearSettings, render, roleStatements, testApp, type Resources } from './synth.ts';

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** IAM's wildcards: `*` any run of characters, `?` one. */
const glob = (pattern: string): RegExp => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
const matches = (pattern: string, value: string): boolean => glob(pattern).test(value);

/** Actions a function holds for the platform, not for its handler's calls. */
const platformActions = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

describe('each function’s IAM policy, against the AWS calls its handler was seen making (test/infra/aws-calls/)', () => {
  let resources: Resources;
  let recordings: Map<string, HandlerRecording>;
  /** handler `file#export` → the statements of its function's role. */
  const policies = new Map<string, Statement[]>();
  /** handler → the ID-hash secret its function reads (ID_HASH_SECRET), as rendered. */
  const secrets = new Map<string, string>();
  /** handler → the field key its function seals or opens with (FIELD_KEY_ID), as rendered. */
  const fieldKeys = new Map<string, string>();
  /** handler → the documents bucket its function is given (DOCUMENTS_BUCKET), as rendered. */
  const buckets = new Map<string, string>();
  let tableName: string;
  let machineNames: Record<string, string>;
  let region: string;

  beforeAll(async () => {
    clearSettings();
    const webAssets = await buildWeb();
    const built = buildApp(testApp({}, { bundle: false }), { webAssets });
    const assembly = built.app.synth();
    resources = assembly.getStackByName(built.stateless.stackName).template.Resources as Resources;
    recordings = readRecordings();
    for (const [handler, fn] of built.stateless.functions) {
      const roleId = built.stateless.getLogicalId(fn.role?.node.defaultChild as CdkCfnResource);
      const statements = roleStatements<Statement>(resources, roleId);
      policies.set(handler, statements);
      const variables = resources[built.stateless.getLogicalId(fn.node.defaultChild as CdkCfnResource)]?.Properties.Environment?.Variables ?? {};
      if (variables.ID_HASH_SECRET) secrets.set(handler, render(variables.ID_HASH_SECRET));
      if (variables.FIELD_KEY_ID) fieldKeys.set(handler, render(variables.FIELD_KEY_ID));
      if (variables.DOCUMENTS_BUCKET) buckets.set(handler, render(variables.DOCUMENTS_BUCKET));
    }
    tableName = stageNames(built.config.stage).table;
    region = built.config.region;
    machineNames = Object.fromEntries(workflowPrograms.map((program) => [program, stateMachineName(program, built.config.stage)]));
  }, 120_000);

  const arn = (service: string, resource: string) => `arn:<AWS::Partition>:${service}:${region}:<AWS::AccountId>:${resource}`;
  /** The ARNs a recorded call is authorized on: every workflow's for a task token, whose machine the call does not name (or with `anyProgram`). */
  const resourcesOf = (handler: string, call: AwsCall, { anyProgram = false } = {}): string[] => {
    const [kind, ...rest] = call.resource.split('/');
    const name = rest.join('/');
    if (call.action.startsWith('dynamodb:')) return [arn('dynamodb', kind === 'table' && name ? `table/${tableName}/${name}` : `table/${tableName}`)];
    if (call.action.startsWith('states:')) {
      const machines = name === '*' || anyProgram ? Object.values(machineNames) : [machineNames[name as WorkflowProgram] ?? name];
      return machines.map((machine) => (kind === 'execution' ? arn('states', `execution:${machine}:APP-20260101-0123456789`) : arn('states', `stateMachine:${machine}`)));
    }
    // The secret the function is configured with: the local one has another name.
    if (call.action.startsWith('secretsmanager:')) return [secrets.get(handler) ?? `${handler} has no ID_HASH_SECRET`];
    // The KMS key the function is configured with (locally a key file stands in for it).
    if (call.action.startsWith('kms:')) return [fieldKeys.get(handler) ?? `${handler} has no FIELD_KEY_ID`];
    // The object in the bucket the function is configured with (the local one has another name).
    if (call.action.startsWith('s3:') && kind === 'object') return [`arn:<AWS::Partition>:s3:::${buckets.get(handler) ?? `${handler} has no DOCUMENTS_BUCKET`}/${name}`];
    // An SMS to a phone number: SNS has no ARN for it.
    if (call.action === 'sns:Publish' && kind === 'phone') return ['*'];
    throw new Error(`no ARN for ${call.action} on ${call.resource}`);
  };
  const allows = (statements: Statement[], action: string, resource: string): boolean => {
    const applies = (statement: Statement) => [statement.Action].flat().some((pattern) => matches(pattern, action)) && [statement.Resource].flat().map(render).some((pattern) => matches(pattern, resource));
    return !statements.some((statement) => statement.Effect === 'Deny' && applies(statement)) && statements.some((statement) => statement.Effect === 'Allow' && !statement.Condition && applies(statement));
  };
  const callsOf = (handler: string): AwsCall[] | undefined => {
    const [file, exportName] = handler.split('#') as [string, string];
    return recordings.get(file)?.exports[exportName];
  };

  it('has a recording for every function whose handler makes AWS calls', () => {
    const unrecorded = [...policies].filter(([handler, statements]) => !callsOf(handler) && statements.some((statement) => [statement.Action].flat().some((action) => !platformActions.has(action))));
    expect(unrecorded.map(([handler]) => handler)).toEqual([]);
  });

  it('allows every call each handler was seen making', () => {
    const refused: string[] = [];
    for (const [handler, statements] of policies) {
      for (const call of callsOf(handler) ?? []) {
        for (const resource of resourcesOf(handler, call)) if (!allows(statements, call.action, resource)) refused.push(`${handler}: ${call.action} on ${resource}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('grants no action on a resource that the handler was never seen using', () => {
    const unused: string[] = [];
    for (const [handler, statements] of policies) {
      // A function serves every program: a call seen on one program's workflow is made on any's.
      const calls = (callsOf(handler) ?? []).flatMap((call) => resourcesOf(handler, call, { anyProgram: true }).map((resource) => ({ action: call.action, resource })));
      for (const statement of statements.filter((candidate) => candidate.Effect === 'Allow')) {
        for (const action of [statement.Action].flat().filter((candidate) => !platformActions.has(candidate))) {
          expect(action, `${handler}: a wildcard action`).not.toMatch(/[*?]/);
          for (const resource of [statement.Resource].flat().map(render)) {
            if (!calls.some((call) => call.action === action && matches(resource, call.resource))) unused.push(`${handler}: ${action} on ${resource}`);
          }
        }
      }
    }
    expect(unused).toEqual([]);
  });

  it('keeps /health to its table check and /openapi.json to nothing', () => {
    const actionsOf = (handler: string) => (policies.get(handler) ?? []).flatMap((statement) => [statement.Action].flat()).filter((action) => !platformActions.has(action));
    expect(actionsOf('functions/api/openapi.ts#getOpenApi')).toEqual([]);
    expect(actionsOf('functions/api/health.ts#getHealth').every((action) => action.startsWith('dynamodb:'))).toBe(true);
  });

  it('lets only the SMS sender publish to SNS', () => {
    const publishing = [...policies].filter(([, statements]) => statements.some((statement) => [statement.Action].flat().some((action) => action.startsWith('sns:'))));
    expect(publishing.map(([handler]) => handler)).toEqual(['functions/scheduled/send-text-messages.ts#handler']);
  });

  it('lets only the handlers that hash ID numbers or fingerprint sealed numbers read the ID-hash secret: the submits, the import of partner files (免申即享), the bank-account correction', () => {
    expect([...secrets.keys()].sort()).toEqual(['functions/api/applications.ts#fileAssistedApplication', 'functions/api/applications.ts#submitApplication', 'functions/api/applications.ts#updateBankAccount', 'functions/api/partner-files.ts#proposalsRoute']);
  });

  it('lets only the handlers that seal ID and card numbers make data keys, and only the decider’s view and the bank file open them', () => {
    const kmsActionsOf = (handler: string) => (policies.get(handler) ?? []).flatMap((statement) => [statement.Action].flat()).filter((action) => action.startsWith('kms:'));
    const holders = Object.fromEntries([...policies.keys()].filter((handler) => kmsActionsOf(handler).length).map((handler) => [handler, kmsActionsOf(handler).sort()]));
    expect(holders).toEqual({
      'functions/api/applications.ts#fileAssistedApplication': ['kms:GenerateDataKey'],
      'functions/api/applications.ts#getApplication': ['kms:Decrypt'],
      'functions/api/applications.ts#submitApplication': ['kms:GenerateDataKey'],
      'functions/api/applications.ts#updateBankAccount': ['kms:GenerateDataKey'],
      'functions/api/partner-files.ts#proposalsRoute': ['kms:GenerateDataKey'],
      'functions/api/payments.ts#getBankFile': ['kms:Decrypt'],
    });
    expect([...fieldKeys.keys()].sort()).toEqual(Object.keys(holders).sort());
  });
});
