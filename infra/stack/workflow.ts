import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { workflowFile, type WorkflowProgram } from '../../workflows/index.ts';
import { repoRoot } from './paths.ts';

export interface WorkflowOptions {
  /** The state machine's name (it carries the stage). */
  name: string;
  logRetentionDays: number;
  tracing: boolean;
  /** The customer-managed key the execution logs are encrypted with. */
  logKey: IKey;
}

/**
 * One program's Standard state machine, from the very ASL file the local runtime runs. Each
 * `${…}` placeholder in the file must be a substitution this stack can fill (a step function's
 * ARN); anything else fails the synth here rather than the deployment later.
 */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;

  /** @param functions step functions by substitution name, e.g. `CheckEligibilityFunctionArn`. */
  constructor(scope: Construct, id: string, program: WorkflowProgram, functions: ReadonlyMap<string, IFunction>, options: WorkflowOptions) {
    super(scope, id);
    const file = join(repoRoot, workflowFile(program));
    if (!existsSync(file)) throw new Error(`The ${program} workflow has no definition: ${file} is missing (workflowFile in workflows/index.ts).`);
    const definition = readFileSync(file, 'utf8');

    const placeholders = [...new Set([...definition.matchAll(/\$\{([^}]*)\}/g)].map((match) => match[1] as string))];
    // The partition (aws, aws-cn) of the service integrations' ARNs is the stack's, never a literal.
    const unknown = placeholders.filter((name) => !functions.has(name) && name !== 'Partition');
    if (unknown.length > 0) {
      throw new Error(`${file} refers to ${unknown.map((name) => `\${${name}}`).join(', ')}, which no step handler of workflows/index.ts provides (known: ${[...functions.keys()].join(', ')}).`);
    }
    const used = placeholders.filter((name) => functions.has(name)).map((name) => [name, functions.get(name) as IFunction] as const);

    const logGroup = new LogGroup(this, 'Logs', { retention: options.logRetentionDays as RetentionDays, removalPolicy: RemovalPolicy.RETAIN, encryptionKey: options.logKey });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: options.name,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(definition),
      definitionSubstitutions: { ...Object.fromEntries(used.map(([name, fn]) => [name, fn.functionArn])), ...(placeholders.includes('Partition') ? { Partition: Aws.PARTITION } : {}) },
      tracingEnabled: options.tracing,
      // Every event, but no execution data: inputs and outputs carry ID and bank numbers.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });
    // The CDK does not read a string definition, so it grants nothing: invoke rights for exactly
    // the functions this file names, unqualified as the substitutions are.
    this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: used.map(([, fn]) => fn.functionArn) }));
    if (!options.tracing) Validations.of(this).acknowledge({ id: 'AwsSolutions::AwsSolutions-SF2', reason: 'Tracing is off in this stage (tracing: false in infra/stages/<stage>.json); the execution history and logs remain.' });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: `CloudWatch Logs delivery (logs:CreateLogDelivery and its kin)${options.tracing ? ' and X-Ray tracing take' : ' takes'} no resource; the CDK adds them for logging${options.tracing ? ' and tracing' : ''}.`,
    });
  }
}
