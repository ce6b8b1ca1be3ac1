import { join } from 'node:path';
import { ArnFormat, Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { DocumentAccess } from '../../functions/api/routes.ts';
import { objectKeyOf } from '../../functions/store/document-files.ts';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type AddToPrincipalPolicyResult, ManagedPolicy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type ILogGroup, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { HandlerRef } from '../../functions/shared/handler-ref.ts';
import { repoRoot } from './paths.ts';

/** What a function may do with the workflows: answer task tokens, or also start, describe and stop executions. */
export type WorkflowAccess = 'answerTasks' | 'runExecutions';

/**
 * A function's role that carries its grants inline, not as a policy resource of its own: with a
 * function per handler, that one resource per function is what would take the app stack past
 * CloudFormation's 500. The statements are the same ones the grants add.
 */
class FunctionRole extends Role {
  private readonly inlineGrants: PolicyDocument;

  constructor(scope: Construct, id: string) {
    const grants = new PolicyDocument();
    super(scope, id, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
      inlinePolicies: { Grants: grants },
    });
    this.inlineGrants = grants;
  }

  override addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {
    this.inlineGrants.addStatements(statement);
    return { statementAdded: true, policyDependable: this };
  }
}

/**
 * Every warmth function: one bundled handler with the project's defaults set once. A function
 * gets no data or workflow access by default; each bind method sets the environment variable and
 * the IAM grant together, so the two cannot disagree.
 */
export class WarmthFunction extends NodejsFunction {
  /**
   * `sharedLogs`: a log group several functions write to (the API handlers share one, which keeps
   * the app stack under CloudFormation's 500 resources; every log line names its function).
   * Without it the function gets a group of its own.
   */
  constructor(scope: Construct, id: string, handler: HandlerRef, sharedLogs?: ILogGroup) {
    const logGroup = sharedLogs ?? new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS });
    const role = new FunctionRole(scope, `${id}Role`);
    super(scope, id, {
      role,
      entry: join(repoRoot, handler.file),
      handler: handler.export,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      // API Gateway gives up on an integration after 30 s; a step that needs longer is a design error.
      timeout: Duration.seconds(29),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'warmth' },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        sourceMap: true,
        minify: true,
        // The Node 22 runtime ships SDK v3; bundling it again only slows cold starts.
        externalModules: ['@aws-sdk/*'],
        // An ESM bundle still meets CommonJS dependencies that call require.
        banner: "import { createRequire as warmthRequire } from 'node:module'; const require = warmthRequire(import.meta.url);",
        forceDockerBundling: false,
      },
    });
    const acknowledge = (id: string, reason: string) => this.acknowledgeFinding(`AwsSolutions::AwsSolutions-${id}`, reason);
    acknowledge('IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'The basic execution role only lets the function write its own logs.');
    acknowledge('IAM5[Resource::*]', 'Active X-Ray tracing needs xray:PutTraceSegments and PutTelemetryRecords, which take no resource.');
    acknowledge('L1', 'Pinned to NODEJS_22_X, the runtime the bundles target (esbuild node22) and the tests cover; a newer runtime is a deliberate upgrade.');
  }

  /** DOCUMENTS_BUCKET and exactly the object rights the handler's calls need (presigning a PUT or GET needs the right to make it). */
  bindDocuments(tableName: string, access: readonly DocumentAccess[]): this {
    this.addEnvironment('DOCUMENTS_BUCKET', `${tableName}-documents-${Aws.ACCOUNT_ID}-${Aws.REGION}`);
    const actions = { put: 's3:PutObject', read: 's3:GetObject', delete: 's3:DeleteObject' } as const;
    const objects = `arn:${Aws.PARTITION}:s3:::${tableName}-documents-${Aws.ACCOUNT_ID}-${Aws.REGION}/${objectKeyOf('*')}`;
    this.addToRolePolicy(new PolicyStatement({ actions: access.map((right) => actions[right]), resources: [objects] }));
    this.acknowledgeWildcard(`arn:<AWS::Partition>:s3:::${tableName}-documents-<AWS::AccountId>-<AWS::Region>/${objectKeyOf('*')}`, 'The documents’ objects of its own bucket, under the key prefix they are stored at.');
    return this;
  }

  bindTable(table: ITable, access: 'read' | 'readWrite'): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
    this.acknowledgeWildcard(`arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/${table.tableName}/index/*`, 'The indexes of its own table.');
    return this;
  }

  /**
   * WORKFLOW_ARNS (program → state machine ARN) and the matching rights. Every function may answer
   * task tokens (an approval step answers its own token when a decision was recorded before a
   * re-drive). ARNs are built from the state machines' names, not taken from the resources: the
   * state machines refer to these functions, so a reference back would be a cycle.
   */
  bindWorkflows(stateMachineNames: Record<string, string>, access: WorkflowAccess): this {
    const stack = Stack.of(this);
    const names = Object.values(stateMachineNames);
    const machines = names.map((name) => WarmthFunction.stateMachineArn(this, name));
    this.addEnvironment('WORKFLOW_ARNS', stack.toJsonString(Object.fromEntries(Object.entries(stateMachineNames).map(([program, name]) => [program, WarmthFunction.stateMachineArn(this, name)]))));
    this.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], resources: machines }));
    if (access === 'runExecutions') {
      this.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: machines }));
      const executions = names.map((name) => stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
      this.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution', 'states:StopExecution'], resources: executions }));
      this.acknowledgeExecutions(names);
    }
    return this;
  }

  /** cdk-nag: rights on `execution:<name>:*` cover the executions of those state machines, named by application id. */
  acknowledgeExecutions(stateMachineNames: readonly string[]): void {
    for (const name of stateMachineNames) this.acknowledgeWildcard(`arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}:*`, 'The executions of its own state machine, whose names are application ids.');
  }

  /** cdk-nag v3 wants each wildcard acknowledged by the exact resource it reports. */
  private acknowledgeWildcard(resource: string, reason: string): void {
    this.acknowledgeFinding(`AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`, reason);
  }

  /** On the function and on its role, which stands beside it and holds the grants. */
  private acknowledgeFinding(id: string, reason: string): void {
    for (const construct of [this, this.role as Role]) Validations.of(construct).acknowledge({ id, reason });
  }

  static stateMachineArn(scope: Construct, name: string): string {
    return Stack.of(scope).formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }
}
